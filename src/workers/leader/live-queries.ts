import type { PGlite, Transaction } from '@electric-sql/pglite';

/** Where a live query reads: one read-only transaction for every query of a refresh. */
type Reader = Pick<Transaction, 'query'>;
import type { LiveDelivery, RowChange, WindowRange, WindowSeek } from '../../protocol/leader-data';
import { readWindow } from './read-window';
import { encodeResult } from './result-codec';
import type { SerialQueue } from './serial-queue';

type Row = Record<string, unknown>;
type Send = (delivery: LiveDelivery) => void;

/**
 * Live queries run by the leader for every tab. PGlite's `live` extension learns of changes
 * through triggers and LISTEN/NOTIFY on each table; here every statement passes through the
 * leader already, so it re-runs the live queries after each write it executes (see
 * `invalidate`), without triggers, temporary views or notifications in the shared session.
 * That also avoids two bugs of the published extension met in the leader: a notification
 * arriving while a query is set up calls its refresh in its temporal dead zone, and an UNLISTEN
 * of one tab deafens another tab's query on the same table (both written up in docs/upstream.md).
 * A query several subscribers share (same SQL, parameters and window) runs once per change.
 */
class SharedRows {
  readonly subscribers = new Map<string, Send>();
  #last?: { delivery: LiveDelivery; fingerprint: string };
  /** Names this query's total among the counts one refresh shares (same SQL and parameters). */
  readonly #countKey: string;

  constructor(
    readonly sql: string,
    readonly params: readonly unknown[],
    readonly window: WindowRange | undefined,
    readonly seek: WindowSeek | undefined,
  ) {
    this.#countKey = encodeResult([sql, params]);
  }

  /** @param totals counts already taken in this refresh, by query: windows of one list share theirs. */
  async read(pg: Reader, totals = new Map<string, number>()): Promise<void> {
    const params = [...this.params];
    let delivery: LiveDelivery;
    if (this.window) {
      const { rows, totalCount } = await readWindow(
        pg,
        this.sql,
        params,
        this.window,
        this.seek,
        totals,
        this.#countKey,
      );
      delivery = { type: 'rows', rows, window: this.window, totalCount };
    } else {
      delivery = { type: 'rows', rows: (await pg.query<Row>(this.sql, params)).rows };
    }
    const fingerprint = encodeResult(delivery);
    if (fingerprint === this.#last?.fingerprint) return;
    this.#last = { delivery, fingerprint };
    for (const send of this.subscribers.values()) send(delivery);
  }

  /** A new subscriber gets the rows last delivered at once. */
  replay(send: Send): boolean {
    if (this.#last) send(this.#last.delivery);
    return this.#last !== undefined;
  }

  /** The rows last delivered (after a read that found them unchanged, too). */
  get last(): LiveDelivery | undefined {
    return this.#last?.delivery;
  }

  get delivered(): number | undefined {
    const last = this.#last?.delivery;
    return last?.type === 'rows' ? last.rows.length : undefined;
  }
}

/** Keyed changes are relative to what one subscriber has seen, so never shared. */
class KeyedChanges {
  #seen = new Map<string, { row: Row; columns: Record<string, string> }>();
  #delivered = false;

  constructor(
    readonly sql: string,
    readonly params: readonly unknown[],
    readonly key: string,
    readonly send: Send,
  ) {}

  async read(pg: Reader): Promise<void> {
    const { rows } = await pg.query<Row>(this.sql, [...this.params]);
    const next = new Map<string, { row: Row; columns: Record<string, string> }>();
    const changes: RowChange<Row>[] = [];
    const inserts: RowChange<Row>[] = [];
    for (const row of rows) {
      const id = String(row[this.key]);
      const columns = Object.fromEntries(
        Object.entries(row).map(([name, value]) => [name, encodeResult(value) ?? 'undefined']),
      );
      next.set(id, { row, columns });
      const before = this.#seen.get(id);
      if (!before) {
        inserts.push({ ...row, __op__: 'INSERT' });
        continue;
      }
      const changed = Object.keys(columns).filter((name) => columns[name] !== before.columns[name]);
      if (changed.length > 0) changes.push({ ...row, __op__: 'UPDATE', __changed_columns__: changed });
    }
    for (const [id, before] of this.#seen) {
      if (!next.has(id)) changes.unshift({ [this.key]: before.row[this.key], __op__: 'DELETE' });
    }
    this.#seen = next;
    const all = [...changes, ...inserts];
    // The first delivery says the rows are loaded, even when there are none.
    if (all.length > 0 || !this.#delivered) this.send({ type: 'changes', changes: all });
    this.#delivered = true;
  }
}

/** A shared live query's rows as read, for {@link LiveQueries.afterRead}. */
export interface LiveRead {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly window: WindowRange | undefined;
  readonly delivery: LiveDelivery;
}

export interface LiveRowsRequest {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly window?: WindowRange;
  /** How to reach the window's rows without reading those before it (tabs of older releases send none). */
  readonly seek?: WindowSeek;
}

/** The leader's live queries; subscribers are named `<tab>/<sub>`. */
export class LiveQueries {
  readonly #shared = new Map<string, SharedRows>();
  readonly #rowSubscribers = new Map<string, SharedRows>();
  readonly #keyed = new Map<string, KeyedChanges>();
  #dirty = false;
  #scheduled = false;
  /** How long the last refreshes took, newest last (diagnostics). */
  readonly refreshMs: number[] = [];
  /**
   * Called in the queue after live queries were read, with each shared query read successfully
   * then, unchanged ones included: every write queued before has committed, none after has begun.
   * The window snapshots hook (window-snapshots.ts).
   */
  afterRead?: (reads: readonly LiveRead[]) => void;

  constructor(
    private readonly pg: PGlite,
    private readonly queue: SerialQueue,
  ) {}

  /** Subscribes and delivers the current rows (before this resolves). */
  async subscribeRows(subscriber: string, request: LiveRowsRequest, send: Send): Promise<void> {
    this.stop(subscriber);
    const shared = this.#sharedFor(request);
    shared.subscribers.set(subscriber, send);
    this.#rowSubscribers.set(subscriber, shared);
    if (!shared.replay(send)) {
      await this.queue
        .run(async () => {
          await this.#readOnce((tx) => shared.read(tx));
          this.#afterRead([shared]);
        })
        .catch((error: unknown) => this.#failedToStart(subscriber, shared, error));
    }
  }

  async subscribeChanges(
    subscriber: string,
    request: { sql: string; params: readonly unknown[]; key: string },
    send: Send,
  ): Promise<void> {
    this.stop(subscriber);
    const keyed = new KeyedChanges(request.sql, request.params, request.key, send);
    this.#keyed.set(subscriber, keyed);
    await this.queue
      .run(() => this.#readOnce((tx) => keyed.read(tx)))
      .catch((error: unknown) => this.#failedToStart(subscriber, keyed, error));
  }

  /**
   * A first read failed, so the subscriber was told nothing but the error: the query is dropped
   * rather than re-run after every write of every tab until its tab closes (issue 29 §6). Only if
   * it is still the one registered: the subscriber may have been stopped or replaced meanwhile.
   */
  #failedToStart(subscriber: string, query: SharedRows | KeyedChanges, error: unknown): never {
    if (this.#keyed.get(subscriber) === query || this.#rowSubscribers.get(subscriber) === query) this.stop(subscriber);
    throw error;
  }

  /** Live queries running for subscribers, each subscriber counted once (diagnostics: a leak shows as growth). */
  get subscriberCount(): number {
    return this.#rowSubscribers.size + this.#keyed.size;
  }

  /** Shows another window of the same query to one subscriber. */
  async move(subscriber: string, window: WindowRange): Promise<void> {
    const current = this.#rowSubscribers.get(subscriber);
    if (!current) throw new Error('No such live query: it was stopped, or started under an earlier leader.');
    const send = current.subscribers.get(subscriber)!;
    await this.subscribeRows(
      subscriber,
      { sql: current.sql, params: current.params, window, ...(current.seek ? { seek: current.seek } : {}) },
      send,
    );
  }

  stop(subscriber: string): void {
    this.#keyed.delete(subscriber);
    const shared = this.#rowSubscribers.get(subscriber);
    if (!shared) return;
    this.#rowSubscribers.delete(subscriber);
    shared.subscribers.delete(subscriber);
    if (shared.subscribers.size === 0) this.#shared.delete(this.#keyOf(shared));
  }

  /** Stops every query of a tab that went away. */
  dropTab(tab: string): void {
    const prefix = `${tab}/`;
    for (const subscriber of [...this.#rowSubscribers.keys(), ...this.#keyed.keys()]) {
      if (subscriber.startsWith(prefix)) this.stop(subscriber);
    }
  }

  /**
   * Data may have changed: re-run every live query once the writes queued before have run.
   * Coalesced: any number of writes in a row cost one refresh after them.
   */
  invalidate(): void {
    this.#dirty = true;
    if (this.#scheduled) return;
    this.#scheduled = true;
    void this.queue
      .run(async () => {
        this.#scheduled = false;
        if (!this.#dirty) return;
        this.#dirty = false;
        const totals = new Map<string, number>();
        const started = performance.now();
        const read: SharedRows[] = [];
        await this.#reading(
          // Windows first: they are what a user sees change; whole-list results (counts) follow.
          ...[...this.#shared.values()]
            .sort((a, b) => Number(b.window !== undefined) - Number(a.window !== undefined))
            .map((shared) => async (tx: Reader) => {
              await shared.read(tx, totals);
              read.push(shared);
            }),
          ...[...this.#keyed.values()].map((keyed) => (tx: Reader) => keyed.read(tx)),
        );
        this.#afterRead(read);
        this.refreshMs.push(Math.round((performance.now() - started) * 10) / 10);
        if (this.refreshMs.length > 50) this.refreshMs.shift();
      })
      .catch((error: unknown) => reportRefreshFailure(error));
  }

  #afterRead(read: readonly SharedRows[]): void {
    if (!this.afterRead || read.length === 0) return;
    try {
      this.afterRead(
        read.flatMap(({ sql, params, window, last }) => (last ? [{ sql, params, window, delivery: last }] : [])),
      );
    } catch (error) {
      console.warn('todo-widget: after reading live queries', error);
    }
  }

  /** A first read: its failure (bad SQL) goes to the subscriber. */
  #readOnce(read: (tx: Reader) => Promise<void>): Promise<void> {
    return this.pg.transaction(async (tx) => {
      await tx.exec('set transaction read only');
      await read(tx);
    });
  }

  /**
   * Runs live reads in one read-only transaction: every query of a refresh sees the same
   * snapshot, and PGlite skips the sync to storage it does after each statement outside a
   * transaction. A failing query aborts the transaction, so the reads after it run in a new one.
   */
  async #reading(...reads: Array<(tx: Reader) => Promise<void>>): Promise<void> {
    let next = 0;
    while (next < reads.length) {
      await this.pg
        .transaction(async (tx) => {
          await tx.exec('set transaction read only');
          for (; next < reads.length; next++) await reads[next]!(tx);
        })
        .catch((error: unknown) => {
          next++;
          reportRefreshFailure(error);
        });
    }
  }

  /** For diagnostics: each shared query's window, subscribers and rows last delivered. */
  describe(): { params: readonly unknown[]; window: string; subscribers: number; delivered?: number }[] {
    return [...this.#shared.values()].map((shared) => ({
      params: shared.params,
      window: shared.window ? `${shared.window.offset}+${shared.window.limit}` : 'all',
      subscribers: shared.subscribers.size,
      ...(shared.delivered === undefined ? {} : { delivered: shared.delivered }),
    }));
  }

  #keyOf(shared: {
    sql: string;
    params: readonly unknown[];
    window?: WindowRange | undefined;
    seek?: WindowSeek | undefined;
  }): string {
    return encodeResult([
      shared.sql,
      shared.params,
      shared.window?.offset ?? null,
      shared.window?.limit ?? null,
      shared.seek ?? null,
    ]);
  }

  #sharedFor(request: LiveRowsRequest): SharedRows {
    const key = this.#keyOf(request);
    let shared = this.#shared.get(key);
    if (!shared)
      this.#shared.set(key, (shared = new SharedRows(request.sql, request.params, request.window, request.seek)));
    return shared;
  }
}

function reportRefreshFailure(error: unknown): void {
  // A live query whose SQL fails keeps its last rows; the next change tries again.
  console.warn('todo-widget: a live query could not be re-read', error);
}
