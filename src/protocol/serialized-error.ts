// How errors cross a worker or channel boundary, both ways: by name, as plain objects, so that
// `instanceof` holds again on the other side.
import {
  ConfigurationError,
  DatabaseFailureError,
  DatabaseStartError,
  EngineCarryOverError,
  EngineIncompatibleError,
  QueryError,
  StorageFullError,
  StorageUnavailableError,
  TodoError,
  TransactionUsageError,
  ValidationError,
  WorkerStartError,
  isStorageFull,
} from '../errors';

/**
 * An error as it crosses a worker or channel boundary: its class name and every field a caller
 * acts on (Postgres' SQLSTATE `code`, `detail`, …), never a live object. The one shape both
 * sides use: `serializeError` makes it, `deserializeError` and `queryErrorFrom` read it.
 */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** SQLSTATE of a Postgres error (e.g. `23514`, a CHECK violation). */
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  /** Postgres' severity (`ERROR`, `FATAL`, …): only its errors have one. */
  readonly severity?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
}

/** The optional string fields of a SerializedError, copied when present. */
export const SERIALIZED_ERROR_FIELDS = ['code', 'detail', 'hint', 'severity', 'constraint', 'table', 'column'] as const;

type ErrorClass = new (message: string, options?: { cause?: unknown }) => TodoError;

// A Map, not an object: a name such as "constructor" or "__proto__" from a garbled message must
// not find Object.prototype's members.
const errorClassesByName = new Map<string, ErrorClass>([
  ['TodoError', TodoError],
  ['ValidationError', ValidationError],
  ['StorageUnavailableError', StorageUnavailableError],
  ['StorageFullError', StorageFullError],
  ['WorkerStartError', WorkerStartError],
  ['DatabaseStartError', DatabaseStartError],
  ['EngineIncompatibleError', EngineIncompatibleError],
  ['EngineCarryOverError', EngineCarryOverError],
  ['ConfigurationError', ConfigurationError],
  ['TransactionUsageError', TransactionUsageError],
  ['DatabaseFailureError', DatabaseFailureError],
]);

/** Rebuilds a typed error from its serialised form, so `instanceof` holds on this side. Always a TodoError. */
export function deserializeError(error: SerializedError, fallback: ErrorClass = DatabaseStartError): TodoError {
  const name = typeof error.name === 'string' ? error.name : '';
  const message = typeof error.message === 'string' ? error.message : 'Unknown error';
  const ErrorClass = errorClassesByName.get(name) ?? fallback;
  return new ErrorClass(message);
}

/** A SQLSTATE: five digits or upper-case letters (a file system's `EPERM` comes with no severity). */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * A failed statement as the tab sees it: Postgres' errors (a SQLSTATE `code` and a `severity`)
 * are a `QueryError` with their `code` and `detail`; anything else the leader threw is a
 * `DatabaseFailureError`, never mistaken for Postgres refusing the statement.
 */
export function queryErrorFrom(error: SerializedError): TodoError {
  if (errorClassesByName.has(error.name)) return deserializeError(error);
  if (isStorageFull(`${error.name} ${error.message}`)) {
    return new StorageFullError(
      `The browser's storage for this site is full, so this change may not have been saved (${error.message}). Free up space, then reload the page.`,
    );
  }
  if (error.code !== undefined && SQLSTATE.test(error.code) && error.severity !== undefined) {
    return new QueryError(error.message, error.code, error.detail === undefined ? {} : { detail: error.detail });
  }
  return new DatabaseFailureError(`The database failed while running this (${error.name}: ${error.message}).`);
}

export function serializeError(error: unknown): SerializedError {
  if (typeof error === 'object' && error !== null) {
    const source = error as Record<string, unknown>;
    const message = typeof source['message'] === 'string' ? source['message'] : safeString(error);
    const name = typeof source['name'] === 'string' ? source['name'] : 'Error';
    const serialized: Record<string, string> = { name, message };
    for (const field of SERIALIZED_ERROR_FIELDS) {
      const value = source[field];
      if (typeof value === 'string') serialized[field] = value;
    }
    return serialized as unknown as SerializedError;
  }
  return { name: 'Error', message: safeString(error) };
}

function safeString(value: unknown): string {
  try {
    if (typeof value === 'object' && value !== null) return JSON.stringify(value);
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** True when `value` has the shape of a {@link SerializedError}: strings where strings belong, nothing else trusted. */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate['name'] !== 'string' || typeof candidate['message'] !== 'string') return false;
  return SERIALIZED_ERROR_FIELDS.every(
    (field) => candidate[field] === undefined || typeof candidate[field] === 'string',
  );
}
