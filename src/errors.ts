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

/** A list name that is empty or too long. */
export class InvalidListError extends ValidationError {
  override name = 'InvalidListError';
  constructor(readonly list: string, readonly limit: number) {
    super(`A list name must have 1 to ${limit} characters (got ${[...list].length}).`);
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
    super('A newer version of this widget is open in another tab and has upgraded the saved todos. Reload this page to keep working.');
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

/** A call through the client did not finish within its bounded wait. */
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
 * The tab running the database went away while this call was in flight, and the
 * call is not safe to repeat: it may or may not have been applied.
 */
export class LeaderChangedError extends TodoError {
  override name = 'LeaderChangedError';
  constructor(options?: { cause?: unknown }) {
    super('The tab that ran the database closed during this change; it may not have been saved.', options);
  }
}

/** Postgres refused a statement; `code` is its SQLSTATE. */
export class QueryError extends TodoError {
  override name = 'QueryError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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

/** Serialisable shape of an error that crossed a worker or channel boundary. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
}

const errorClassesByName: Record<string, new (message: string, options?: { cause?: unknown }) => TodoError> = {
  StorageUnavailableError,
  StorageFullError,
  WorkerStartError,
  DatabaseStartError,
  EngineIncompatibleError,
  ConfigurationError,
};

/** Rebuilds a typed error from its serialised form, so `instanceof` holds on this side. */
export function deserializeError(error: SerializedError, fallback = DatabaseStartError): TodoError {
  const ErrorClass = errorClassesByName[error.name] ?? fallback;
  return new ErrorClass(error.message);
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return { name: typeof name === 'string' ? name : 'Error', message };
    try {
      return { name: 'Error', message: JSON.stringify(error) };
    } catch {
      // fall through: not serialisable
    }
  }
  return { name: 'Error', message: String(error) };
}
