import { PGliteWorker, LeaderChangedError as PGliteLeaderChangedError } from '@electric-sql/pglite/worker';
import type { Change } from '@electric-sql/pglite/live';
import { LeaderLiveQueries, type LeaderLiveQuery } from './leader-live';
import type { Transaction } from '@electric-sql/pglite';
import type { drizzle as DrizzleProxy, PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import type { BoundQuery } from './statement';
import {
  DatabaseClosedError,
  DatabaseStartError,
  DatabaseTimeoutError,
  deserializeError,
  LeaderChangedError,
  QueryError,
  SchemaTooNewError,
  StorageFullError,
  StorageUnavailableError,
  TodoError,
  WorkerStartError,
} from '../errors';
import { connectMessage, isStartFailedMessage, startFailureChannelName } from '../workers/worker-protocol';
import { webLocksDenied } from '../internal/web-locks-denied';
import { journalEntries, knownMigrationCount, MIGRATIONS_SCHEMA, MIGRATIONS_TABLE, schemaVersionOf, type MigrationEntry } from './migration-journal';
import {
  DATABASE_INFO_SETTING,
  DEFAULT_DATABASE_NAME,
  electionId,
  type DatabaseInfo,
  type StorageMode,
  type WorkerStartOptions,
} from './storage';

/**
 * A SQL string (values in `params`), SQL bound to its values (what repositories pass), or
 * anything with `toSQL()`, such as a Drizzle query builder.
 */
export type QueryInput = string | BoundQuery | { toSQL(): BoundQuery };

export type Unsubscribe = () => Promise<void>;

/** A row change delivered by {@link DatabaseClient.liveChanges}. */
export type RowChange<T> = Change<T>;

/** Which rows of a result a windowed live query delivers: `limit` rows from `offset` (0-based). */
export interface WindowRange {
  readonly offset: number;
  readonly limit: number;
}

/** One result of {@link DatabaseClient.liveWindow}: the rows of the window it was run for, and how many rows there are in all. */
export interface WindowResult<T> extends WindowRange {
  readonly rows: T[];
  /**
   * Rows of the whole result. After a change it can lag the rows by one delivery: PGlite
   * sends the new rows first and counts after (a second delivery follows if the count moved).
   */
  readonly totalCount: number;
}

/** A running {@link DatabaseClient.liveWindow}. */
export interface LiveWindow {
  /** Moves the window without subscribing again (one query); resolves once its rows were delivered or a later move replaced it. */
  move(range: WindowRange): Promise<void>;
  unsubscribe: Unsubscribe;
}

export interface DatabaseClientOptions {
  /** Database name; every tab using the same name shares one database. Default `todo-widget`. */
  readonly database?: string;
  /** Where the leader keeps the files. Default `auto` (OPFS, else IndexedDB). */
  readonly storage?: StorageMode;
  /** Starts the worker script. The registry passes one that also works cross-origin. */
  readonly createWorker: () => Worker;
  /**
   * When the browser blocks durable storage (site data blocked), run on an in-memory database
   * that is not saved, and say so in `info.fallbackReason`, instead of failing with
   * `StorageUnavailableError`. Default true.
   */
  readonly memoryFallback?: boolean;
  /** Upper bound for `init()`: a fresh database takes ~10 s on a slow machine. Default 90 s. */
  readonly startTimeoutMs?: number;
  /** Upper bound for every other call. Default 30 s. */
  readonly callTimeoutMs?: number;
  /**
   * Test hook: behave as a release that ships only the first N migrations (upgrade and
   * version-skew tests). Default: every migration this build has.
   */
  readonly migrations?: number;
}

export interface CallOptions {
  /**
   * The call may be repeated safely (reads, writes keyed by a client-made id):
   * if the leader changes mid-call it is retried on the new leader instead of failing.
   */
  readonly idempotent?: boolean;
}

/** Pause before a repeatable call is tried again after a leader change. */
const RETRY_PAUSE_MS = 25;

/**
 * `promise`, or the loss of the connection it runs on if that comes first: a closed
 * `PGliteWorker` never settles the calls still waiting on it.
 */
function orLost<T>(promise: Promise<T>, lost: Promise<never> | undefined): Promise<T> {
  return lost ? Promise.race([promise, lost]) : promise;
}
type Listener<T> = (value: T) => void;

/** Tabs that upgrade the schema through an older leader say so here, so older tabs notice at once. */
const schemaChannelName = (electionId: string) => `todo-widget:schema-changed:${electionId}`;

function toSql(query: QueryInput, params: readonly unknown[] = []): BoundQuery {
  if (typeof query === 'string') return { sql: query, params: [...params] };
  if ('toSQL' in query) return query.toSQL();
  return query;
}

/**
 * What a full storage quota looks like from the leader: OPFS sync access handles throw
 * "No space available for this operation" (only the message crosses the worker), IndexedDB
 * a QuotaExceededError.
 */
const STORAGE_FULL = /No space available|QuotaExceeded|quota (has been )?exceeded/i;

function toTypedError(error: unknown): TodoError {
  if (error instanceof TodoError) return error;
  if (error instanceof PGliteLeaderChangedError) return new LeaderChangedError({ cause: error });
  if (error instanceof Error && STORAGE_FULL.test(`${error.name} ${error.message}`)) {
    return new StorageFullError(
      `The browser's storage for this site is full, so this change may not have been saved (${error.message}). Free up space, then reload the page.`,
      { cause: error },
    );
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return new QueryError(error.message, typeof code === 'string' ? code : undefined, { cause: error });
  }
  return new QueryError(String(error), undefined);
}

/**
 * A live subscription that survives a change of leader: PGlite's live query keeps its
 * LISTEN, temp view and prepared statement in the leader's Postgres session, which dies
 * with the leader tab, so after a hand-over it is recreated on the new leader.
 */
class LiveSubscription {
  #generation = 0;
  #handle?: { unsubscribe(): Promise<void> };
  #closed = false;

  constructor(
    /** Opens the live query; should give up (reject) once `isCurrent()` turns false. */
    private readonly open: (isCurrent: () => boolean) => Promise<{ unsubscribe(): Promise<void> }>,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * (Re)creates the live query; results of a superseded attempt are dropped. An attempt
   * superseded by a newer one (a restart after a hand-over) resolves quietly whatever
   * happened to it: the newer attempt is the one that counts, and failing here would make
   * the first caller tear down a subscription that the newer attempt has just revived.
   */
  async start(): Promise<void> {
    const generation = ++this.#generation;
    const isCurrent = () => !this.#closed && generation === this.#generation;
    const previous = this.#handle;
    this.#handle = undefined;
    // The old leader's session is gone; dropping its view on the new one can only fail.
    void previous?.unsubscribe().catch(() => undefined);
    let handle: { unsubscribe(): Promise<void> };
    try {
      handle = await this.open(isCurrent);
    } catch (error) {
      if (!this.#closed && generation !== this.#generation) return;
      throw error;
    }
    if (isCurrent()) this.#handle = handle;
    else await handle.unsubscribe().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.#closed = true;
    this.#generation++;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.unsubscribe().catch(() => undefined);
  }
}

/**
 * The page's connection to the shared database. One per page (see the registry):
 * it starts this tab's worker, joins the leader election, and proxies every query
 * to whichever tab leads. Every call has a bounded wait and a typed error.
 */
export class DatabaseClient {
  readonly database: string;
  readonly storage: StorageMode;
  readonly #options: DatabaseClientOptions;
  readonly #startTimeoutMs: number;
  readonly #callTimeoutMs: number;
  readonly #migrations: readonly MigrationEntry[];
  /** Set once the database turned out newer than this code: every call then rejects with it. */
  #schemaTooNew?: SchemaTooNewError;
  readonly #schemaListeners = new Set<Listener<SchemaTooNewError>>();
  #schemaChannel?: BroadcastChannel;

  #pg?: PGliteWorker;
  #orm?: PgRemoteDatabase;
  #worker?: Worker;
  #initPromise?: Promise<void>;
  #info?: DatabaseInfo;
  #isLeader = false;
  #closed = false;
  #started = false;
  #recovering?: Promise<void>;
  #recoverAgain = false;
  #suspended = false;
  #resumed?: { promise: Promise<void>; resolve: () => void };
  /** Fails the start in progress (when the page is suspended mid-start). */
  #abortStart?: (error: TodoError) => void;
  /** Rejects when the current connection goes away, so calls on it fail fast instead of waiting out their timeout. */
  #connectionLost?: { promise: Promise<never>; reject: (error: TodoError) => void };
  readonly #subscriptions = new Set<LiveSubscription>();
  readonly #leaderListeners = new Set<Listener<boolean>>();
  readonly #cleanups: Array<() => void> = [];

  constructor(options: DatabaseClientOptions) {
    this.#options = options;
    this.database = options.database ?? DEFAULT_DATABASE_NAME;
    this.storage = options.storage ?? 'auto';
    this.#startTimeoutMs = options.startTimeoutMs ?? 90_000;
    this.#callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.#migrations = journalEntries.slice(0, knownMigrationCount(options.migrations));
  }

  /**
   * Set when a newer widget version has upgraded the database: this tab has let go of it and
   * refuses every call with this error; reloading the page loads the newer version.
   */
  get schemaTooNew(): SchemaTooNewError | undefined {
    return this.#schemaTooNew;
  }

  /**
   * Calls `listener` once if the database turns out to have a newer schema than this code
   * knows (a newer widget version upgraded it, in another tab).
   * @returns a function that removes the listener.
   */
  onSchemaTooNew(listener: Listener<SchemaTooNewError>): () => void {
    this.#schemaListeners.add(listener);
    return () => this.#schemaListeners.delete(listener);
  }

  /** True once `init()` has resolved. */
  get ready(): boolean {
    return this.#started;
  }

  /** True when this tab's worker runs the database; false when it proxies to another tab. */
  get isLeader(): boolean {
    return this.#isLeader;
  }

  /** What the leader opened: storage backend, durability, start-up phases. Set once ready. */
  get info(): DatabaseInfo | undefined {
    return this.#info;
  }

  /**
   * Drizzle over this client: typed queries that run through the same bounded, typed-error
   * path as `query()`. Pass Drizzle's own `drizzle` from `drizzle-orm/pg-proxy` and tables
   * from `todo-widget/schema`: the widget ships its statements as SQL rendered at build time,
   * so Drizzle's runtime (~20 KB gzip) reaches a page only when its host uses Drizzle itself.
   * @example
   * import { drizzle } from 'drizzle-orm/pg-proxy';
   * const db = getDatabaseClient().orm(drizzle);
   */
  orm(drizzle: typeof DrizzleProxy): PgRemoteDatabase {
    this.#orm ??= drizzle(async (sql, params) => {
      const result = await this.#call('orm', (pg) => pg.query<unknown[]>(sql, params, { rowMode: 'array' }));
      return { rows: result.rows };
    });
    return this.#orm;
  }

  /**
   * Starts the worker and waits until the database is open and migrated.
   * Idempotent: concurrent callers share one attempt; after a failure the next call retries.
   * @throws {WorkerStartError} the worker script did not load or crashed.
   * @throws {StorageUnavailableError} no usable browser storage.
   * @throws {DatabaseStartError} opening or migrating the database failed.
   * @throws {DatabaseTimeoutError} nothing answered within `startTimeoutMs`.
   */
  init(): Promise<void> {
    if (this.#closed) return Promise.reject(new DatabaseClosedError());
    // Starting again would only find the same newer schema: the page needs the newer code.
    if (this.#schemaTooNew) return Promise.reject(this.#schemaTooNew);
    this.#initPromise ??= this.#connect().then(
      () => {
        // After a suspend, the live queries this page had must run again on the new connection.
        if (this.#subscriptions.size > 0) void this.#restartSubscriptions();
      },
      (error: unknown) => {
        this.#teardown();
        this.#initPromise = undefined;
        throw error;
      },
    );
    return this.#initPromise;
  }

  /** Starts, and starts again if the page was suspended (frozen, cached) before it finished. */
  async #connect(): Promise<void> {
    for (;;) {
      if (this.#suspended) await this.#resumed?.promise;
      try {
        await this.#start();
        return;
      } catch (error) {
        if (!this.#suspended) throw error;
        this.#teardown();
      }
    }
  }

  /**
   * Re-creates every live query on the current connection, then tells the leader listeners.
   * A live query that fails to restart is tried again until `startTimeoutMs` has passed:
   * it must never stay silently dead.
   */
  async #restartSubscriptions(): Promise<void> {
    const deadline = performance.now() + this.#startTimeoutMs;
    const restart = async (subscription: LiveSubscription): Promise<void> => {
      for (let delay = 100; !subscription.closed && !this.#closed; delay = Math.min(delay * 2, 2_000)) {
        try {
          await subscription.start();
          return;
        } catch (error) {
          if (performance.now() > deadline) {
            console.error('todo-widget: a live query could not be resumed', error);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    };
    await Promise.all([...this.#subscriptions].map(restart));
    for (const listener of this.#leaderListeners) listener(this.#isLeader);
  }

  /**
   * Lets go of the database while this page is frozen or in the back/forward cache: its
   * worker (and, if it led, the election lock) goes, so other tabs keep working. Calls in
   * flight reject with `LeaderChangedError` (repeatable ones retry after `resume()`).
   */
  suspend(): void {
    if (this.#closed || this.#suspended) return;
    this.#suspended = true;
    let resolve!: () => void;
    this.#resumed = { promise: new Promise<void>((r) => (resolve = r)), resolve };
    const starting = this.#abortStart !== undefined;
    this.#abortStart?.(new LeaderChangedError());
    this.#teardown();
    // A start in progress retries after resume (its callers keep waiting); a finished one is redone on demand.
    if (!starting) this.#initPromise = undefined;
  }

  /** Reconnects after `suspend()` and resumes every live query. */
  resume(): void {
    if (this.#closed || !this.#suspended) return;
    this.#suspended = false;
    this.#resumed?.resolve();
    if (this.#subscriptions.size > 0 && !this.#schemaTooNew) this.init().catch((error: unknown) => console.error('todo-widget: could not reconnect', error));
  }

  async #start(): Promise<void> {
    const memoryFallback = this.#options.memoryFallback ?? true;
    // The worker loads its script while this tab asks about Web Locks: that answer can take a
    // frame or two on a page busy with its first render, and the worker needs it only later.
    let worker: Worker;
    try {
      worker = this.#options.createWorker();
    } catch (error) {
      throw new WorkerStartError(`The database worker could not be created: ${String(error)}`, { cause: error });
    }
    this.#worker = worker;
    let rejectStart!: (error: TodoError) => void;
    const failed = new Promise<never>((_, reject) => (rejectStart = reject));
    this.#abortStart = rejectStart;

    // Listen before PGliteWorker does: its own leader listener is attached only after
    // it takes the tab lock, so an early 'leader-now' could be missed.
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown } | null;
      if (data?.type === 'leader-now') this.#setLeader(true);
      else if (isStartFailedMessage(data)) rejectStart(deserializeError(data.error));
    };
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      rejectStart(
        new WorkerStartError(
          `The database worker failed to start${event.message ? `: ${event.message}` : ' (script not found, blocked by CSP, or not a module)'}.`,
        ),
      );
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    // Blocked site data blocks Web Locks with it: no election across tabs is possible.
    const locksDenied = await webLocksDenied();
    if (locksDenied && !memoryFallback && this.storage !== 'memory') {
      throw new StorageUnavailableError(
        'This browser blocks storage for this site (Web Locks, IndexedDB, OPFS), so todos cannot be saved. Allow site data, or turn the in-memory fallback on.',
      );
    }
    // Without Web Locks every tab would think it leads: each gets an election of its own instead.
    const id = locksDenied ? `${electionId(this.database)}:unshared:${Date.now().toString(36)}${Math.random().toString(36).slice(2)}` : electionId(this.database);
    const meta: WorkerStartOptions = {
      database: this.database,
      storage: this.storage,
      memoryFallback,
      ...(this.#options.migrations === undefined ? {} : { migrations: this.#options.migrations }),
    };

    const failures = new BroadcastChannel(startFailureChannelName(id));
    failures.onmessage = (event: MessageEvent<unknown>) => {
      if (isStartFailedMessage(event.data)) rejectStart(deserializeError(event.data.error));
    };
    const schemaChanges = new BroadcastChannel(schemaChannelName(id));
    schemaChanges.onmessage = () => void this.#recheckSchema();
    this.#schemaChannel = schemaChanges;
    this.#cleanups.push(() => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      failures.close();
      schemaChanges.close();
    });
    failed.catch(() => undefined);

    let rejectLost!: (error: TodoError) => void;
    const lost = new Promise<never>((_, reject) => (rejectLost = reject));
    lost.catch(() => undefined);
    this.#connectionLost = { promise: lost, reject: rejectLost };

    const started = (async () => {
      const create = () => {
        // PGliteWorker listens from its constructor on: only now may the worker say it is here.
        const creating = PGliteWorker.create(worker, { id, meta });
        worker.postMessage(connectMessage);
        return creating;
      };
      // Loaded only where site data is blocked: the rare case should not weigh on every page.
      const withLocks = locksDenied ? await import('../internal/local-locks') : undefined;
      const pg = await (withLocks ? withLocks.withLocalLocks(new withLocks.LocalLockManager(), create) : create());
      this.#pg = pg;
      await pg.waitReady;
      const unsubscribe = pg.onLeaderChange(() => this.#onLeaderChange());
      this.#cleanups.push(unsubscribe);
      // This tab may win the election while it starts (its query then rejects with
      // LeaderChangedError): wait for the new leader and ask again rather than fail.
      for (;;) {
        try {
          await this.#checkSchema(pg, await this.#readInfo(pg));
          return;
        } catch (error) {
          if (!(toTypedError(error) instanceof LeaderChangedError)) throw error;
          await pg.waitReady;
        }
      }
    })();

    try {
      await this.#bounded('init', Promise.race([started, failed]), this.#startTimeoutMs);
    } finally {
      this.#abortStart = undefined;
    }
    this.#started = true;
  }

  /** Reads what the leader opened and, in the same round trip, the schema version. */
  async #readInfo(pg: PGliteWorker): Promise<number | null> {
    const result = await pg.query<{ info: string | null; schema: string | null }>(
      `select current_setting($1, true) as info,
              (select max(created_at)::text from "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}") as schema`,
      [DATABASE_INFO_SETTING],
    );
    const row = result.rows[0];
    if (!row?.info) throw new DatabaseStartError('The database leader did not report its storage.');
    this.#info = JSON.parse(row.info) as DatabaseInfo;
    return row.schema == null ? null : Number(row.schema);
  }

  /**
   * Compares the database's schema with the migrations this code knows, on every connection,
   * after every change of leader, and when another tab reports an upgrade.
   * - Newer: a newer widget upgraded it. This tab must not write to it: SchemaTooNewError.
   * - Older: the leader runs an older widget (opened before a deploy), which migrated only as
   *   far as it knew. This tab applies its missing migrations through that leader (additive by
   *   rule, so the old leader's own queries keep working) and tells the other tabs.
   */
  async #checkSchema(pg: PGliteWorker, databaseVersion: number | null): Promise<void> {
    const knownVersion = schemaVersionOf(this.#migrations);
    if (databaseVersion !== null && databaseVersion > knownVersion) {
      const error = new SchemaTooNewError(databaseVersion, knownVersion);
      if (!this.#schemaTooNew) {
        this.#schemaTooNew = error;
        for (const listener of this.#schemaListeners) listener(error);
      }
      throw error;
    }
    if (databaseVersion === null || databaseVersion < knownVersion) {
      // Loaded only when an older widget leads: the page otherwise never migrates.
      const [{ migrate }, { knownMigrations }] = await Promise.all([import('./migrate'), import('./migrations')]);
      const applied = await migrate(pg, knownMigrations(this.#options.migrations));
      if (applied.length > 0) this.#schemaChannel?.postMessage({ type: 'todo-widget:schema-changed', applied });
    }
  }

  /** Another tab upgraded the schema: check whether this code still knows it. */
  async #recheckSchema(): Promise<void> {
    const pg = this.#pg;
    if (!pg || !this.#started || this.#closed) return;
    try {
      await this.#bounded('schema check', this.#readInfo(pg).then((version) => this.#checkSchema(pg, version)));
    } catch (error) {
      this.#onSchemaCheckFailed(error);
    }
  }

  /** A newer schema: let go of the database (a newer tab can lead) and refuse every call from now on. */
  #onSchemaCheckFailed(error: unknown): void {
    if (error instanceof SchemaTooNewError) {
      this.#connectionLost?.reject(error);
      this.#teardown();
      this.#initPromise = undefined;
    } else if (!(toTypedError(error) instanceof LeaderChangedError)) {
      // A hand-over in the meantime checks again; anything else is worth a log.
      console.error('todo-widget: could not check the database schema', error);
    }
  }

  #setLeader(isLeader: boolean): void {
    if (this.#isLeader === isLeader) return;
    this.#isLeader = isLeader;
    for (const listener of this.#leaderListeners) listener(isLeader);
  }

  /**
   * Calls `listener` whenever this tab's leader state changes, and after a hand-over
   * between other tabs (with the same value), once live queries are running again.
   * @returns a function that removes the listener.
   */
  onLeaderChange(listener: Listener<boolean>): () => void {
    this.#leaderListeners.add(listener);
    return () => this.#leaderListeners.delete(listener);
  }

  #onLeaderChange(): void {
    // PGlite can report one hand-over twice; recoveries are coalesced.
    if (this.#recovering) {
      this.#recoverAgain = true;
      return;
    }
    this.#recovering = this.#recover().finally(() => {
      this.#recovering = undefined;
      if (this.#recoverAgain) {
        this.#recoverAgain = false;
        this.#onLeaderChange();
      }
    });
  }

  async #recover(): Promise<void> {
    const pg = this.#pg;
    if (!pg || this.#closed || !this.#started) return;
    // A connection torn down meanwhile (suspended, reconnected) never answers the calls
    // made on it: without the race, this recovery would wait forever, and every later
    // hand-over, coalesced into it, would leave the live queries dead.
    const lost = this.#connectionLost?.promise;
    try {
      await this.#bounded('leader change', orLost(pg.waitReady, lost), this.#startTimeoutMs);
      // The new leader may run another version of the widget than the last one.
      await this.#bounded('schema check', orLost(this.#readInfo(pg).then((version) => this.#checkSchema(pg, version)), lost));
    } catch (error) {
      if (error instanceof SchemaTooNewError) return this.#onSchemaCheckFailed(error);
      // Another hand-over in the meantime schedules another recovery, and a lost connection
      // restarts its live queries when it reconnects.
      if (toTypedError(error) instanceof LeaderChangedError) return;
      // Anything else is worth a log, and no reason to leave the lists dead.
      console.error('todo-widget: could not check the database after a leader change', error);
    }
    if (this.#pg === pg) await this.#restartSubscriptions();
  }

  #requirePg(): PGliteWorker {
    if (this.#closed) throw new DatabaseClosedError();
    if (!this.#pg || !this.#started) throw new TodoError('The database is not started yet: await client.init() first.');
    return this.#pg;
  }

  async #bounded<T>(operation: string, promise: Promise<T>, timeoutMs = this.#callTimeoutMs): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(operation, timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs `operation` on the current connection. When the leader changes (or this page
   * reconnects) mid-call, an idempotent operation runs again once the database answers
   * again; any other rejects with `LeaderChangedError`, since it may or may not have applied.
   */
  async #call<T>(name: string, operation: (pg: PGliteWorker) => Promise<T>, options: CallOptions = {}): Promise<T> {
    // Repeatable calls keep trying across hand-overs for as long as a start may take.
    const deadline = performance.now() + this.#startTimeoutMs;
    for (;;) {
      await this.init();
      const pg = this.#requirePg();
      const lost = this.#connectionLost!.promise;
      try {
        return await this.#bounded(name, orLost(operation(pg), lost));
      } catch (error) {
        const typed = toTypedError(error);
        if (typed instanceof LeaderChangedError && options.idempotent && performance.now() < deadline) {
          // Same connection, new leader: wait until it has opened the database.
          if (this.#pg === pg) await this.#bounded('leader change', orLost(pg.waitReady, lost), this.#startTimeoutMs).catch(() => undefined);
          // Never a tight loop: an operation that fails at once on a ready connection would
          // otherwise spin until the deadline.
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
          continue;
        }
        throw typed;
      }
    }
  }

  /** Runs a query and returns its rows. Values always travel as parameters. */
  async query<T>(query: QueryInput, params?: readonly unknown[], options?: CallOptions): Promise<T[]> {
    const { sql, params: values } = toSql(query, params);
    const result = await this.#call('query', (pg) => pg.query<T>(sql, values), options);
    return result.rows;
  }

  /** Runs a query and returns its first row, or `undefined`. */
  async queryOne<T>(query: QueryInput, params?: readonly unknown[], options?: CallOptions): Promise<T | undefined> {
    const rows = await this.query<T>(query, params, options);
    return rows[0];
  }

  /** Runs one or more statements without parameters (e.g. DDL). */
  async exec(sql: string, options?: CallOptions): Promise<void> {
    await this.#call('exec', (pg) => pg.exec(sql), options);
  }

  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>, options?: CallOptions): Promise<T> {
    return this.#call('transaction', (pg) => pg.transaction(fn), options);
  }

  /**
   * Calls `callback` with the query's rows now and after every change that affects them,
   * in any tab. Keeps working across a change of leader.
   * @returns a function that stops the subscription.
   */
  async liveQuery<T>(query: QueryInput, params: readonly unknown[], callback: (rows: T[]) => void): Promise<Unsubscribe> {
    const { sql, params: values } = toSql(query, params);
    return this.#subscribe('live query', (pg, isCurrent) =>
      this.#liveOf(pg).query<T>({ sql, params: values }, (result) => {
        if (isCurrent()) callback(result.rows);
      }),
    );
  }

  /**
   * Like {@link liveQuery}, but delivers only the rows that changed (keyed by `key`), so a
   * one-row change does not ship the whole result across the worker boundary. The first
   * call carries every row as an INSERT; after a leader change a `RESET` comes first.
   */
  async liveChanges<T>(
    query: QueryInput,
    params: readonly unknown[],
    key: keyof T & string,
    callback: (changes: RowChange<T>[]) => void,
  ): Promise<Unsubscribe> {
    const { sql, params: values } = toSql(query, params);
    let started = false;
    return this.#subscribe('live changes', async (pg, isCurrent) => {
      if (started) callback([{ __op__: 'RESET' } as RowChange<T>]);
      started = true;
      return this.#liveOf(pg).changes<T>({ sql, params: values, key }, (changes) => {
        if (isCurrent()) callback(changes);
      });
    });
  }

  /**
   * Like {@link liveQuery}, for `range` of the query's rows (the query orders them), plus the
   * number of rows in all: a tab asks the leader only for the rows it shows, and a change
   * re-reads only those. `move()` shifts the window in one query. Keeps working, with the
   * window as last moved, across a change of leader.
   * @returns the running window: `move()` and `unsubscribe()`.
   */
  async liveWindow<T>(
    query: QueryInput,
    params: readonly unknown[],
    range: WindowRange,
    callback: (result: WindowResult<T>) => void,
  ): Promise<LiveWindow> {
    const { sql, params: values } = toSql(query, params);
    let wanted: WindowRange = { offset: range.offset, limit: range.limit };
    let delivered: WindowRange | undefined;
    let current: LeaderLiveQuery | undefined;
    const unsubscribe = await this.#subscribe('live window', async (pg, isCurrent) => {
      const opened = wanted;
      const handle = await this.#liveOf(pg).query<T>({ sql, params: values, offset: opened.offset, limit: opened.limit }, (result) => {
        if (!isCurrent()) return;
        const offset = result.offset ?? 0;
        const limit = result.limit ?? result.rows.length;
        delivered = { offset, limit };
        callback({ rows: result.rows, offset, limit, totalCount: Number(result.totalCount ?? offset + result.rows.length) });
      });
      if (isCurrent()) {
        current = handle;
        // A move made while this (re)start was on its way went to the previous connection.
        if (opened.offset !== wanted.offset || opened.limit !== wanted.limit) void move(wanted).catch(() => undefined);
      }
      return handle;
    });
    const move = async (next: WindowRange): Promise<void> => {
      wanted = { offset: next.offset, limit: next.limit };
      const target = wanted;
      // PGlite coalesces refreshes, keeping the last: a change notification arriving before
      // this move ran replaces it with a plain re-read of the old window, so ask again.
      for (let attempt = 0; attempt < 5 && wanted === target; attempt++) {
        if (!current) return;
        // The handle of the moment: after a leader change it is the restarted query's.
        await this.#call('live window', () => current?.refresh(target) ?? Promise.resolve(), { idempotent: true });
        if (delivered?.offset === target.offset && delivered.limit === target.limit) return;
      }
    };
    return { move, unsubscribe };
  }

  readonly #liveQueries = new WeakMap<PGliteWorker, LeaderLiveQueries>();

  /** The live queries of one connection (a reconnect brings a new `PGliteWorker`). */
  #liveOf(pg: PGliteWorker): LeaderLiveQueries {
    let queries = this.#liveQueries.get(pg);
    if (!queries) this.#liveQueries.set(pg, (queries = new LeaderLiveQueries(pg)));
    return queries;
  }

  async #subscribe(
    name: string,
    open: (pg: PGliteWorker, isCurrent: () => boolean) => Promise<{ unsubscribe(): Promise<void> }>,
  ): Promise<Unsubscribe> {
    await this.init();
    const subscription = new LiveSubscription((isCurrent) =>
      this.#call(
        name,
        (pg) => {
          // A newer attempt has taken over: stop retrying this one across hand-overs.
          if (!isCurrent()) throw new TodoError('This live query was restarted.');
          return open(pg, isCurrent);
        },
        { idempotent: true },
      ),
    );
    this.#subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      this.#subscriptions.delete(subscription);
      await subscription.stop();
      throw error;
    }
    return async () => {
      this.#subscriptions.delete(subscription);
      await subscription.stop();
    };
  }

  #teardown(): void {
    this.#connectionLost?.reject(new LeaderChangedError());
    this.#connectionLost = undefined;
    // Without its worker this tab leads nothing, whatever it led before.
    this.#setLeader(false);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    void this.#pg?.close().catch(() => undefined);
    this.#worker?.terminate();
    this.#pg = undefined;
    this.#worker = undefined;
    this.#started = false;
  }

  /** Stops every subscription and this tab's worker. Another tab takes over if this one led. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Dropping the live views is polite to a leader in another tab, but must not hold up closing.
    const stops = Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await this.#bounded('close', stops, 2_000).catch(() => undefined);
    this.#subscriptions.clear();
    this.#leaderListeners.clear();
    this.#schemaListeners.clear();
    this.#teardown();
  }
}
