/**
 * Typed errors of the widget. Each cause a caller acts on has its own class,
 * so `instanceof` (or `name`, across bundle copies and the worker boundary) tells them apart.
 */
export class TodoError extends Error {
  override name = 'TodoError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Input the widget refuses before anything is written. */
export class ValidationError extends TodoError {
  override name = 'ValidationError';
}

/** A title that is empty or only whitespace. */
export class TitleEmptyError extends ValidationError {
  override name = 'TitleEmptyError';
  constructor() {
    super('A todo needs a title.');
  }
}

/** A title longer than the limit, counted in Unicode code points. */
export class TitleTooLongError extends ValidationError {
  override name = 'TitleTooLongError';
  constructor(
    readonly limit: number,
    readonly length: number,
  ) {
    super(`A title can have at most ${limit} characters; this one has ${length}.`);
  }
}

/** A title holding characters Postgres text cannot store as they are (NUL, unpaired surrogates). */
export class TitleCharactersError extends ValidationError {
  override name = 'TitleCharactersError';
  constructor() {
    super('A title cannot contain NUL characters or broken (unpaired surrogate) characters.');
  }
}

/** A list name that is empty, too long, or has characters that cannot be stored as they are (NUL, unpaired surrogates). */
export class InvalidListError extends ValidationError {
  override name = 'InvalidListError';
  constructor(
    readonly list: string,
    readonly limit: number,
  ) {
    super(
      `A list name must have 1 to ${limit} characters, without NUL or broken (unpaired surrogate) characters (got ${[...list].length} characters).`,
    );
  }
}

/**
 * A file or document `importTodos` refuses (not JSON or CSV, another format or version, a bad
 * row, too large): nothing was changed. `row` is the 1-based todo the problem is in, if one is.
 */
export class ImportError extends ValidationError {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

/** The browser offers no storage the database can persist to. */
export class StorageUnavailableError extends TodoError {
  override name = 'StorageUnavailableError';
}

/**
 * The browser's storage quota for the site ran out while a change was being saved. The
 * change may not have been saved (the database had applied it in memory); everything saved
 * before stays on disk. Until space is freed, further writes fail the same way.
 */
export class StorageFullError extends TodoError {
  override name = 'StorageFullError';
}

/**
 * The page is not a secure context (served over plain HTTP from a host other than localhost): the
 * browser withholds what the widget needs to keep todos (Web Locks, OPFS, `crypto.randomUUID`),
 * so it starts nothing. Serving the page over HTTPS is the fix.
 */
export class InsecureContextError extends TodoError {
  override name = 'InsecureContextError';
  constructor() {
    super(
      'This page was loaded over plain HTTP (not a secure context), where browsers let no site save data. Open it over HTTPS.',
    );
  }
}

/** The database worker could not be started (script missing, CSP, crash at load). */
export class WorkerStartError extends TodoError {
  override name = 'WorkerStartError';
}

/** The worker started, but opening or migrating the database failed. */
export class DatabaseStartError extends TodoError {
  override name = 'DatabaseStartError';
}

/**
 * The database has migrations this copy of the widget does not know: a newer version of
 * the widget, open in another tab, upgraded it. This tab refuses every call (so an old
 * version can never write to a schema it does not understand) until the page is reloaded.
 */
export class SchemaTooNewError extends TodoError {
  override name = 'SchemaTooNewError';
  constructor(
    /** The database's schema version (timestamp of its newest migration). */
    readonly databaseVersion: number,
    /** The newest schema version this copy knows. */
    readonly knownVersion: number,
  ) {
    super(
      'A newer version of this widget is open in another tab and has upgraded the saved todos. Reload this page to keep working.',
    );
  }
}

/**
 * The saved database was written by a PGlite whose on-disk format this widget's PGlite
 * cannot read (another PostgreSQL major, or another PGlite format). The files are left
 * untouched, so the widget version that wrote them can still open (and export) them.
 */
export class EngineIncompatibleError extends DatabaseStartError {
  override name = 'EngineIncompatibleError';
}

/**
 * The saved todos were written by the previous database engine, and carrying them over to this
 * one failed (its code could not be downloaded, storage is full, the copy did not match). The
 * old files are kept as they were, and the next start tries again.
 */
export class EngineCarryOverError extends DatabaseStartError {
  override name = 'EngineCarryOverError';
}

/**
 * A call through the client was not run within its bounded wait, and never will be: the
 * leader refuses to start a call after its deadline, so it was not applied.
 */
export class DatabaseTimeoutError extends TodoError {
  override name = 'DatabaseTimeoutError';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`The database did not answer "${operation}" within ${timeoutMs} ms.`);
  }
}

/**
 * A call that is not safe to repeat did not come back with an answer: the tab running the
 * database went away (see {@link LeaderChangedError}) or did not answer in time. It may or may
 * not have been applied; read the data to find out.
 */
export class OutcomeUnknownError extends TodoError {
  override name = 'OutcomeUnknownError';
  constructor(
    message = 'The database did not answer this change in time; it may or may not have been saved.',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An add kept in the browser (the outbox) for longer than the database remembers which adds it
 * applied: it may have been saved and deleted since, so it is not saved again by itself. It stays
 * shown until the user adds it again (retry) or discards it.
 */
export class OutboxEntryExpiredError extends TodoError {
  override name = 'OutboxEntryExpiredError';
  constructor(readonly keptSince: Date) {
    super(
      `Kept unsaved since ${keptSince.toISOString().slice(0, 10)}, too long to know whether it was saved (and deleted) since: add it again or discard it.`,
    );
  }
}

/**
 * The tab running the database went away while this call was in flight, and the
 * call is not safe to repeat: it may or may not have been applied.
 */
export class LeaderChangedError extends OutcomeUnknownError {
  override name = 'LeaderChangedError';
  constructor(options?: { cause?: unknown }) {
    super('The tab that ran the database closed during this change; it may not have been saved.', options);
  }
}

/**
 * A transaction used the wrong way: transaction-control SQL (`BEGIN`, `COMMIT`, `SAVEPOINT`, …)
 * sent through `query()`/`exec()` (every tab shares one session, so it would capture other
 * tabs' writes), or a call through the client or a repository made while this tab's
 * `transaction()` callback runs (it would wait for the transaction that waits for it): use the
 * callback's `tx`, or call after the transaction.
 */
export class TransactionUsageError extends TodoError {
  override name = 'TransactionUsageError';
}

/**
 * The database was in memory only (`storage: 'memory'`, or the fallback where storage is blocked)
 * and the tab holding it went away: another tab opened a new, empty one. The todos shown before are gone.
 */
export class MemoryDatabaseLostError extends TodoError {
  override name = 'MemoryDatabaseLostError';
  constructor() {
    super(
      'The todos kept in memory were lost: the tab that held them closed, and in-memory todos are not saved anywhere else.',
    );
  }
}

/**
 * The tab that runs this database keeps it somewhere other than this page asked for (memory
 * where this page needs its todos saved, or the other way round, or the other durable store), so
 * this page does not use it: a todo it reported saved would not be where it promised. Shown until
 * that tab closes; this page's own worker then takes over with the storage it asked for.
 */
export class StorageMismatchError extends TodoError {
  override name = 'StorageMismatchError';
  constructor(
    /** The storage this page asked for. */
    readonly asked: 'auto' | 'opfs' | 'idb' | 'memory',
    /** What the leading tab opened. */
    readonly offered: 'opfs' | 'idb' | 'memory',
  ) {
    super(
      asked === 'memory'
        ? `This page keeps its todos in memory only, but another tab of this site keeps the database "${offered}" on disk: close that tab, or use another database name here.`
        : `Another tab of this site runs this database ${offered === 'memory' ? 'in memory only' : `on ${offered}`}, so todos added here would not be saved as this page asks (${asked}). Close that tab to keep working here.`,
    );
  }
}

/**
 * The database failed while running a call, for a reason that is not the call's: its engine
 * aborted (a WebAssembly trap such as running out of memory), its storage failed (an OPFS write
 * in `syncToFs()`, after the change was applied in memory), or the answer could not be sent
 * back (a `DataCloneError`). Not a refusal: the change may or may not have been applied, and
 * trying it again (by its request id) later, or on another leader, may succeed.
 */
export class DatabaseFailureError extends TodoError {
  override name = 'DatabaseFailureError';
}

/** Postgres refused a statement; `code` is its SQLSTATE. Whether that is for good: {@link refusedForGood}. */
export class QueryError extends TodoError {
  override name = 'QueryError';
  /** Postgres' DETAIL line, when it gave one. */
  readonly detail: string | undefined;
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options);
    this.detail = options?.detail;
  }
}

/** The client was used after `close()`. */
export class DatabaseClosedError extends TodoError {
  override name = 'DatabaseClosedError';
  constructor() {
    super('The database client is closed.');
  }
}

/** The registry was configured too late or with bad options. */
export class ConfigurationError extends TodoError {
  override name = 'ConfigurationError';
}

/**
 * What a full storage quota looks like from the leader: OPFS sync access handles throw
 * "No space available for this operation", IndexedDB a QuotaExceededError.
 */
const STORAGE_FULL = /No space available|QuotaExceeded|quota (has been )?exceeded/i;

/** Whether `error` is the browser's storage quota running out (the disk, not the engine). */
export function isStorageFull(error: unknown): boolean {
  if (error instanceof Error) return STORAGE_FULL.test(`${error.name} ${error.message}`);
  return typeof error === 'string' && STORAGE_FULL.test(error);
}

/**
 * SQLSTATE classes that refuse the data itself, whatever tab, leader or moment sends it again:
 * 22 (data exception: a malformed value) and 23 (integrity constraint violation).
 */
const REFUSING_CLASSES = new Set(['22', '23']);

/**
 * Whether `error` refuses a change for good, so a store of unsaved work (adds, changes, undo)
 * may drop it: the widget's own validation, or Postgres refusing the data (classes 22 and 23).
 * Anything else (the engine or its storage failed, a timeout, a newer schema, out of memory)
 * says nothing against the change: it is kept and tried again.
 */
export function refusedForGood(error: unknown): boolean {
  if (error instanceof ValidationError) return true;
  return error instanceof QueryError && error.code !== undefined && REFUSING_CLASSES.has(error.code.slice(0, 2));
}

/** `error` as it crosses a boundary (see SerializedError): whatever was thrown, a name and a message. */
/**
 * Whatever was thrown or rejected, as a TodoError: a TodoError as it is, anything else wrapped
 * (its text as the message, itself as the `cause`). The one place that turns an unknown into a
 * TodoError, for the callbacks and events typed with one.
 */
export function asTodoError(error: unknown): TodoError {
  return error instanceof TodoError ? error : new TodoError(String(error), { cause: error });
}
