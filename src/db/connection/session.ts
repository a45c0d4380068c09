import {
  DatabaseClosedError,
  DatabaseTimeoutError,
  InsecureContextError,
  LeaderChangedError,
  MemoryDatabaseLostError,
  OutcomeUnknownError,
  SchemaTooNewError,
  StorageUnavailableError,
  TodoError,
} from '../../errors';
import { webLocksDenied } from '../../internal/web-locks-denied';
import { electionNames, randomId } from '../../protocol/channels';
import { carryOverChannel, type CarryOverMessage } from '../../protocol/messages';
import type { LiveDelivery } from '../../protocol/leader-api';
import type { MigrationEntry } from '../migration-journal';
import type { MigrationTarget } from '../migrate';
import { electionId, type DatabaseInfo, type WorkerStartOptions } from '../storage';
import type { LeaderLink, LinkState } from './leader-link';
import { pauseBeforeRetry } from './call-policy';
import { checkSchema } from './schema-check';
import { storageRefusal } from './storage-match';
import { TabConnection, TabWorker } from './tab-connection';
import { runTransaction } from './transaction-scope';

/** What a status line shows. */
export type SessionStatus =
  /** `upgrading`: how far (0–1) the leader is in carrying the database over to a new engine. */
  | { readonly kind: 'starting'; readonly upgrading?: number }
  | { readonly kind: 'ready'; readonly info: DatabaseInfo; readonly isLeader: boolean }
  | { readonly kind: 'failed'; readonly error: TodoError }
  | { readonly kind: 'outdated'; readonly error: SchemaTooNewError };

export interface SessionOptions {
  readonly database: string;
  readonly start: WorkerStartOptions;
  readonly createWorker: () => Worker;
  readonly startTimeoutMs: number;
  readonly callTimeoutMs: number;
  readonly known: readonly MigrationEntry[];
  /** Runs once a new leader is adopted (its schema checked): live queries open again there. */
  readonly onAdopted: () => Promise<void>;
  /** Receives every live result the leader sends this tab. */
  readonly onLive: (sub: string, delivery: LiveDelivery, leader: string) => void;
}

/**
 * This page's connection to the shared database over time: connects, adopts each new leader
 * (checks its schema; notices an in-memory database that was lost with its tab), lets go while
 * the page is suspended, and reports a status. `DatabaseClient` sends its calls through `link()`.
 */
export class DatabaseSession {
  #connection?: Promise<TabConnection>;
  #adoptedTerm?: string;
  #info?: DatabaseInfo;
  #status: SessionStatus = { kind: 'starting' };
  /** Heard while starting: a leader carrying the database over to a new engine. */
  #upgrade?: BroadcastChannel;
  #suspended?: { promise: Promise<void>; resume: () => void };
  #closed = false;
  readonly #statusListeners = new Set<(status: SessionStatus) => void>();
  readonly #memoryListeners = new Set<(error: MemoryDatabaseLostError) => void>();

  constructor(private readonly options: SessionOptions) {}

  get status(): SessionStatus {
    return this.#status;
  }

  get info(): DatabaseInfo | undefined {
    return this.#info;
  }

  onStatus(listener: (status: SessionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  onMemoryLost(listener: (error: MemoryDatabaseLostError) => void): () => void {
    this.#memoryListeners.add(listener);
    return () => this.#memoryListeners.delete(listener);
  }

  /** The link once a leader has been adopted, waiting for one until `deadline`. */
  async link(deadline: number): Promise<LeaderLink> {
    for (;;) {
      if (this.#closed) throw new DatabaseClosedError();
      if (this.#status.kind === 'outdated') throw this.#status.error;
      await this.#suspended?.promise;
      const connection = await this.#connect();
      const state = connection.link.state;
      if (state.kind === 'ready' && state.leader === this.#adoptedTerm) return connection.link;
      await this.#nextStatus(deadline, this.#adoptedTerm === undefined);
    }
  }

  /** Resolves on the next status change; rejects on a failure when `failFast`, or at the deadline. */
  #nextStatus(deadline: number, failFast: boolean): Promise<void> {
    const waitMs = Math.max(0, Math.round(deadline - Date.now()));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          stop();
          // The wait this call was given (its deadline), not startTimeoutMs, which it may not have had.
          reject(new DatabaseTimeoutError('waiting for the database', waitMs));
        },
        Math.max(0, deadline - Date.now()),
      );
      const stop = this.onStatus((status) => {
        if (status.kind === 'starting') return;
        clearTimeout(timer);
        stop();
        if (status.kind === 'failed' && failFast) reject(status.error);
        else if (status.kind === 'outdated') reject(status.error);
        else resolve();
      });
    });
  }

  #connect(): Promise<TabConnection> {
    this.#connection ??= this.#open().catch((error: unknown) => {
      this.#connection = undefined;
      if (error instanceof TodoError) this.#setStatus({ kind: 'failed', error });
      throw error;
    });
    return this.#connection;
  }

  async #open(): Promise<TabConnection> {
    const { database, start } = this.options;
    // Plain HTTP: no Web Locks, no OPFS, no crypto.randomUUID. Said as such, before any worker starts.
    if (globalThis.isSecureContext === false) throw new InsecureContextError();
    // The worker loads its script while this tab asks about Web Locks (a frame or two on a page
    // busy with its first render); it is told what to do once the tab lock is held.
    const firstWorker = new TabWorker(this.options.createWorker);
    let connection: TabConnection;
    try {
      // Blocked site data blocks Web Locks with it: no election across tabs is possible.
      const solo = await webLocksDenied();
      if (solo && start.memoryFallback === false && start.storage !== 'memory') {
        throw new StorageUnavailableError(
          'This browser blocks storage for this site (Web Locks, IndexedDB, OPFS), so todos cannot be saved. Allow site data, or turn the in-memory fallback on.',
        );
      }
      const shared = electionId(database, start.storage);
      const election = solo ? `${shared}:solo:${randomId()}` : shared;
      this.#hearUpgrade(election);
      connection = await TabConnection.open({
        election,
        start,
        createWorker: this.options.createWorker,
        firstWorker,
        solo,
        probeTimeoutMs: this.options.callTimeoutMs,
      });
    } catch (error) {
      // Whatever failed before the connection took the worker: each attempt would leave one running.
      firstWorker.terminate();
      throw error;
    }
    connection.link.onState((state) => this.#onLinkState(connection, state));
    connection.link.onLive(this.options.onLive);
    connection.link.onSchemaChanged(() => void this.#adopt(connection, true));
    connection.onLeading(() => this.#publishReady(connection));
    this.#onLinkState(connection, connection.link.state);
    return connection;
  }

  /** A leader carrying the database over to a new engine (workers/carry-over/) says how far it is. */
  #hearUpgrade(election: string): void {
    this.#upgrade?.close();
    const channel = (this.#upgrade = new BroadcastChannel(carryOverChannel(electionNames(election))));
    channel.onmessage = ({ data }: MessageEvent<Partial<CarryOverMessage> | null>) => {
      const upgrading = data?.fraction;
      if (this.#status.kind === 'starting' && typeof upgrading === 'number')
        this.#setStatus({ kind: 'starting', upgrading });
    };
  }

  #onLinkState(connection: TabConnection, state: LinkState): void {
    if (state.kind === 'ready') void this.#adopt(connection, false);
    else if (state.kind === 'failed') this.#setStatus({ kind: 'failed', error: state.error });
  }

  async #adopt(connection: TabConnection, recheck: boolean): Promise<void> {
    const { link } = connection;
    const state = link.state;
    if (state.kind !== 'ready' || (!recheck && state.leader === this.#adoptedTerm)) return;
    const term = state.leader;
    const stillLeads = () => link.state.kind === 'ready' && link.state.leader === term && !this.#closed;
    // Never a silent downgrade of "saved": a leader on other storage than this page asked for is not used.
    const refusal = storageRefusal(this.options.start, state.info);
    if (refusal) return this.#setStatus({ kind: 'failed', error: refusal });
    // Ready only once the schema check has succeeded: a leader that was too busy to answer (a large
    // import) would otherwise get this tab's statements naming columns it may lack.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#checkSchema(link, term);
        break;
      } catch (error) {
        if (error instanceof SchemaTooNewError) return this.#outdated(error);
        if (!stillLeads()) return; // another hand-over meanwhile: its own adoption follows
        console.warn('todo-widget: the database schema could not be checked yet; trying again', error);
        // A leader that stayed silent may be gone, or its announcement stale: ask who leads now.
        if (error instanceof OutcomeUnknownError) link.askWhoLeads();
        await pauseBeforeRetry(attempt);
        if (!stillLeads()) return;
      }
    }
    if (!stillLeads()) return;
    const previous = this.#info;
    this.#info = state.info;
    this.#adoptedTerm = term;
    // An in-memory database lives in its leader's worker: a new one is empty, whatever was shown.
    if (previous?.storage === 'memory' && previous.instance !== state.info.instance) {
      const lost = new MemoryDatabaseLostError();
      for (const listener of this.#memoryListeners) listener(lost);
    }
    this.#publishReady(connection);
    if (!recheck) await this.options.onAdopted();
  }

  /** Compares the leader's schema with this code's; applies this code's missing migrations through it. */
  async #checkSchema(link: LeaderLink, term: string): Promise<void> {
    const { schemaVersion } = await link.call('describe', {}, Date.now() + this.options.callTimeoutMs, { pin: term });
    const applied = await checkSchema(schemaVersion, this.options.known, this.#migrationTarget(link, term));
    if (applied.length > 0) link.announceSchemaChange();
  }

  #publishReady(connection: TabConnection): void {
    const state = connection.link.state;
    if (state.kind === 'ready' && state.leader === this.#adoptedTerm)
      this.#setStatus({ kind: 'ready', info: state.info, isLeader: connection.isLeader });
  }

  #migrationTarget(link: LeaderLink, term: string): MigrationTarget {
    const deadline = () => Date.now() + this.options.callTimeoutMs;
    return {
      exec: (sql) => link.call('exec', { sql }, deadline(), { pin: term }),
      transaction: (fn) => runTransaction(link, term, deadline, fn),
    };
  }

  #outdated(error: SchemaTooNewError): void {
    // Let go, so a newer tab can lead; every call from now on is refused.
    void this.#connection?.then((connection) => connection.close(error));
    this.#connection = undefined;
    this.#setStatus({ kind: 'outdated', error });
  }

  #setStatus(status: SessionStatus): void {
    if (this.#status.kind === 'outdated') return;
    this.#status = status;
    if (status.kind !== 'starting') this.#upgrade?.close();
    for (const listener of [...this.#statusListeners]) listener(status);
  }

  /** True when an in-memory database lives in this tab: handing it over would lose it. */
  get holdsMemoryDatabase(): boolean {
    return this.#status.kind === 'ready' && this.#status.isLeader && this.#status.info.storage === 'memory';
  }

  /** Lets go while the page is frozen or cached; calls wait for `resume()`. */
  suspend(): void {
    if (this.#closed || this.#suspended || this.holdsMemoryDatabase) return;
    let resume!: () => void;
    this.#suspended = { promise: new Promise<void>((resolve) => (resume = resolve)), resume };
    void this.#connection?.then((connection) => connection.close(new LeaderChangedError())).catch(() => undefined);
    this.#connection = undefined;
    this.#adoptedTerm = undefined;
    this.#setStatus({ kind: 'starting' });
  }

  resume(reconnect: boolean): void {
    const suspended = this.#suspended;
    if (!suspended) return;
    this.#suspended = undefined;
    suspended.resume();
    if (reconnect)
      void this.#connect().catch((error: unknown) => console.error('todo-widget: could not reconnect', error));
  }

  close(): void {
    this.#closed = true;
    this.#upgrade?.close();
    this.#suspended?.resume();
    void this.#connection?.then((connection) => connection.close(new DatabaseClosedError())).catch(() => undefined);
    this.#connection = undefined;
    this.#statusListeners.clear();
    this.#memoryListeners.clear();
  }

  /** This tab's worker runs the database. */
  get isLeader(): boolean {
    return this.#status.kind === 'ready' && this.#status.isLeader;
  }
}
