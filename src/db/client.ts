import type {
  LeaderArgs,
  LeaderMethod,
  LeaderResult,
  QueryResult,
  RowChange,
  WindowRange,
} from '../protocol/leader-api';
import { DatabaseClosedError, type MemoryDatabaseLostError, type SchemaTooNewError } from '../errors';
import { callWithPolicy } from './connection/call-policy';
import { LiveSubscriptions, type LiveHandle } from './connection/live-subscriptions';
import { DatabaseSession, type SessionStatus } from './connection/session';
import { refuseTransactionControl, runTransaction, type Transaction } from './connection/transaction-scope';
import { TransactionGate } from './connection/transaction-gate';
import { mayWrite } from '../protocol/transaction-control';
import { journalEntries, knownMigrationCount } from './migration-journal';
import { toSql, type QueryInput, type WindowSeekInput } from './statement';
import { DEFAULT_DATABASE_NAME, type DatabaseInfo, type StorageMode } from './storage';
import { forgetSnapshots, SNAPSHOT_FORMAT } from './window-snapshot';

// What callers of the client name, from wherever it is defined.
export type { RowChange, WindowRange, QueryResult, Transaction, SessionStatus, QueryInput, WindowSeekInput };
export type { Unsubscribe, LiveWindow, WindowResult, DatabaseClientOptions, TransactionOptions, CallOptions };

import type {
  Unsubscribe,
  LiveWindow,
  WindowResult,
  DatabaseClientOptions,
  TransactionOptions,
  CallOptions,
} from './client-options';

/**
 * The query callback `drizzle` from 'drizzle-orm/pg-proxy' is given by {@link DatabaseClient.orm}: typed
 * here, not imported, so the declarations compile without the optional peer drizzle-orm installed.
 */
export type OrmCallback = (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * The page's connection to the shared database. One per page (see the registry): it joins the
 * tabs' election and sends every call, one message each, to whichever tab leads. Every call has
 * a bounded wait and a typed error that says whether it was applied (see `errors.ts`); every
 * write it reports done is on storage.
 */
export class DatabaseClient {
  readonly database: string;
  readonly storage: StorageMode;
  readonly #session: DatabaseSession;
  readonly #live: LiveSubscriptions;
  readonly #callTimeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #leaderListeners = new Set<(isLeader: boolean) => void>();
  #starting?: Promise<void>;
  #closed = false;
  #orm?: unknown;
  /** This tab's own transaction(): calls made inside its callback are refused, or wait (`tabCallsWait`). */
  readonly #gate = new TransactionGate();

  constructor(options: DatabaseClientOptions) {
    this.database = options.database ?? DEFAULT_DATABASE_NAME;
    this.storage = options.storage ?? 'auto';
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 90_000;
    this.#live = new LiveSubscriptions({
      // A live query opened before the first leader is ready (every list does, as it connects)
      // waits for the start like init() does: a first start can take longer than one call's
      // budget (WebKit on IndexedDB, a slow network), and a list whose subscription failed then
      // would stay empty for good.
      open: (sub, request, sending) =>
        this.#call(
          request.type === 'rows' ? 'liveQuery' : 'liveChanges',
          { sub, ...request },
          {
            repeatable: true,
            onSend: sending,
            internal: true,
            ...(this.ready ? {} : { timeoutMs: Math.max(this.#callTimeoutMs, this.#startTimeoutMs) }),
          },
        ),
      move: (sub, window) => this.#call('liveMove', { sub, window }, { repeatable: true, internal: true }),
      stop: (sub) => this.#call('liveStop', { sub }, { repeatable: false, internal: true, timeoutMs: 2_000 }),
    });
    this.#session = new DatabaseSession({
      database: this.database,
      start: { database: this.database, storage: this.storage, memoryFallback: options.memoryFallback ?? true },
      createWorker: options.createWorker,
      startTimeoutMs: this.#startTimeoutMs,
      callTimeoutMs: this.#callTimeoutMs,
      known: journalEntries.slice(0, knownMigrationCount()),
      onAdopted: () => this.#live.reopenAll(),
      onLive: (sub, delivery, leader) => this.#live.receive(sub, delivery, leader),
    });
    this.#session.onStatus((status) => {
      if (status.kind !== 'ready') return;
      // A leader of an older release (or another snapshot format) writes without marking this
      // page's list snapshots out of date: they may be wrong from now on.
      if (status.info.snapshots !== SNAPSHOT_FORMAT) void forgetSnapshots(this.database);
      for (const listener of [...this.#leaderListeners]) listener(status.isLeader);
    });
  }

  /** True once connected to a leader whose schema this code knows. */
  get ready(): boolean {
    return this.#session.status.kind === 'ready';
  }

  /** True when this tab's worker runs the database; false when it talks to another tab's. */
  get isLeader(): boolean {
    return this.#session.isLeader;
  }

  /** What the leader opened: storage backend, durability, start-up phases. Set once ready. */
  get info(): DatabaseInfo | undefined {
    return this.#session.info;
  }

  /** Starting, ready, failed (and why: shown until a leader opens the database), or outdated. */
  get status(): SessionStatus {
    return this.#session.status;
  }

  /** Set when a newer widget version has upgraded the database: every call is refused with it; a reload loads the newer version. */
  get schemaTooNew(): SchemaTooNewError | undefined {
    const status = this.#session.status;
    return status.kind === 'outdated' ? status.error : undefined;
  }

  /** Calls `listener` on every status change. @returns a function that removes it. */
  onStatus(listener: (status: SessionStatus) => void): () => void {
    return this.#session.onStatus(listener);
  }

  /** Calls `listener` once the database turns out newer than this code. @returns a function that removes it. */
  onSchemaTooNew(listener: (error: SchemaTooNewError) => void): () => void {
    return this.#session.onStatus((status) => status.kind === 'outdated' && listener(status.error));
  }

  /** Calls `listener` when an in-memory database was lost with the tab that held it. @returns a function that removes it. */
  onMemoryLost(listener: (error: MemoryDatabaseLostError) => void): () => void {
    return this.#session.onMemoryLost(listener);
  }

  /** Calls `listener` whenever a leader is adopted (after a hand-over too), with whether this tab leads. @returns a function that removes it. */
  onLeaderChange(listener: (isLeader: boolean) => void): () => void {
    this.#leaderListeners.add(listener);
    return () => this.#leaderListeners.delete(listener);
  }

  /**
   * Connects and waits until a leader has the database open and its schema checked.
   * @throws {WorkerStartError | StorageUnavailableError | DatabaseStartError} the database could not start (tabs keep retrying; a later call may succeed).
   * @throws {DatabaseTimeoutError} nothing was ready within `startTimeoutMs`.
   */
  init(): Promise<void> {
    // Concurrent callers share one start; after a failure the next call tries again.
    this.#starting ??= this.#session.link(Date.now() + this.#startTimeoutMs).then(
      () => undefined,
      (error: unknown) => {
        this.#starting = undefined;
        throw error;
      },
    );
    return this.#starting;
  }

  /** Runs a query and returns its rows. Values always travel as parameters. */
  async query<T>(query: QueryInput, params?: readonly unknown[], options: CallOptions = {}): Promise<T[]> {
    const { sql, params: values } = toSql(query, params);
    refuseTransactionControl(sql, 'query()');
    const args = { sql, params: values, ...(options.requestId ? { requestId: options.requestId } : {}) };
    // A plain read is safe to repeat unless the caller says otherwise.
    const repeatable = options.requestId !== undefined || (options.idempotent ?? !mayWrite(sql));
    const result = await this.#call('query', args, { repeatable });
    return result.rows as T[];
  }

  /** Runs a query and returns its first row, or `undefined`. */
  async queryOne<T>(query: QueryInput, params?: readonly unknown[], options?: CallOptions): Promise<T | undefined> {
    return (await this.query<T>(query, params, options))[0];
  }

  /** Runs one or more statements without parameters (e.g. DDL). */
  async exec(sql: string, options: CallOptions = {}): Promise<void> {
    refuseTransactionControl(sql, 'exec()');
    await this.#call('exec', { sql }, { repeatable: options.idempotent === true });
  }

  /**
   * Runs `fn` in one transaction in the leader: committed (and on storage) when it resolves,
   * rolled back when it throws. Other tabs' statements wait meanwhile. Inside `fn`, use `tx`:
   * any other call through this client or a repository fails at once with `TransactionUsageError`
   * (or, with `tabCallsWait`, waits until the transaction has ended).
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    await this.#gate.callsMayRun();
    const running = callWithPolicy(
      async (deadline) => {
        const link = await this.#session.link(deadline);
        const state = link.state;
        if (state.kind !== 'ready') throw new DatabaseClosedError();
        return this.#gate.inside(() => runTransaction(link, state.leader, () => Date.now() + this.#callTimeoutMs, fn));
      },
      { timeoutMs: this.#callTimeoutMs, retryWindowMs: this.#startTimeoutMs },
      options.idempotent === true,
    );
    if (options.tabCallsWait) this.#gate.holdCallsUntilEnded(running);
    return running;
  }

  /** Calls `callback` with the query's rows now and after every change that affects them, in any tab, across hand-overs. */
  async liveQuery<T>(
    query: QueryInput,
    params: readonly unknown[],
    callback: (rows: T[]) => void,
  ): Promise<Unsubscribe> {
    const { sql, params: values } = toSql(query, params);
    const handle = await this.#subscribe(
      { type: 'rows', sql, params: values },
      (delivery) => delivery.type === 'rows' && callback(delivery.rows as T[]),
    );
    return () => handle.unsubscribe();
  }

  /**
   * Like {@link liveQuery}, but delivers only the rows that changed (keyed by `key`). The first
   * call carries every row as an INSERT; after a leader change a `RESET` comes first.
   */
  async liveChanges<T>(
    query: QueryInput,
    params: readonly unknown[],
    key: keyof T & string,
    callback: (changes: RowChange<T>[]) => void,
  ): Promise<Unsubscribe> {
    const { sql, params: values } = toSql(query, params);
    const handle = await this.#subscribe({ type: 'changes', sql, params: values, key }, (delivery) => {
      if (delivery.type === 'changes') callback(delivery.changes);
    });
    return () => handle.unsubscribe();
  }

  /**
   * Like {@link liveQuery}, for `range` of the query's rows plus their total: a tab receives only the rows it shows.
   * With `seek` (the query's row count read without counting, and the query in reverse order), a
   * window far down a long result costs the leader about as little as the first one.
   */
  async liveWindow<T>(
    query: QueryInput,
    params: readonly unknown[],
    range: WindowRange,
    callback: (result: WindowResult<T>) => void,
    seek?: WindowSeekInput,
  ): Promise<LiveWindow> {
    const { sql, params: values } = toSql(query, params);
    const window = { offset: range.offset, limit: range.limit };
    const seeking = seek ? { seek: { count: toSql(seek.count), reverseSql: toSql(seek.reverse).sql } } : {};
    const handle = await this.#subscribe({ type: 'rows', sql, params: values, window, ...seeking }, (delivery) => {
      if (delivery.type !== 'rows' || !delivery.window) return;
      callback({
        rows: delivery.rows as T[],
        ...delivery.window,
        totalCount: delivery.totalCount ?? delivery.rows.length,
      });
    });
    return {
      move: (next) => handle.move({ offset: next.offset, limit: next.limit }),
      unsubscribe: () => handle.unsubscribe(),
    };
  }

  /**
   * Drizzle over this client: typed queries through the same bounded, typed-error path as `query()`.
   * @example const db = getDatabaseClient().orm(drizzle); // drizzle from 'drizzle-orm/pg-proxy'
   */
  orm<Database>(drizzle: (callback: OrmCallback) => Database): Database {
    this.#orm ??= drizzle(async (sql, params) => {
      refuseTransactionControl(sql, 'orm()');
      const result = await this.#call('query', { sql, params, rowMode: 'array' }, { repeatable: false });
      return { rows: result.rows };
    });
    return this.#orm as Database;
  }

  async #subscribe(...args: Parameters<LiveSubscriptions['subscribe']>): Promise<LiveHandle> {
    if (this.#closed) throw new DatabaseClosedError();
    return this.#live.subscribe(...args);
  }

  async #call<M extends LeaderMethod>(
    method: M,
    args: LeaderArgs<M>,
    options: { repeatable: boolean; internal?: boolean; timeoutMs?: number; onSend?: (leader: string) => void },
  ): Promise<LeaderResult<M>> {
    if (this.#closed) throw new DatabaseClosedError();
    if (!options.internal) await this.#gate.callsMayRun();
    const timeoutMs = options.timeoutMs ?? this.#callTimeoutMs;
    return callWithPolicy<LeaderResult<M>>(
      async (deadline) => {
        const link = await this.#session.link(deadline);
        // Awaited<LeaderResult<M>> is LeaderResult<M>: the method results are plain data, never
        // promises. TypeScript 7 needs to be told; typescript-eslint's TypeScript 6 sees it.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        return (await link.call(
          method,
          args,
          deadline,
          options.onSend ? { onSend: options.onSend } : {},
        )) as LeaderResult<M>;
      },
      { timeoutMs, retryWindowMs: this.#startTimeoutMs },
      options.repeatable,
    );
  }

  /** Lets go of the database while the page is frozen or cached (not an in-memory one this tab holds: it would be lost). */
  suspend(): void {
    this.#session.suspend();
  }

  /** Reconnects after `suspend()` and resumes every live query. */
  resume(): void {
    this.#session.resume(this.#live.size > 0);
  }

  /** Stops every subscription and this tab's worker. Another tab takes over if this one led. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.close();
    this.#leaderListeners.clear();
  }
}
