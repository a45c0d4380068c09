/** The page's `localStorage`, or undefined where the browser withholds it. */
export function localStore(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    // A sandboxed frame or blocked site data: reading the property itself throws.
    return undefined;
  }
}

/** A todo id (or request id) as `newTodoId` makes it: a key holding anything else is no entry of ours. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** `database` as the first part of a key: length-prefixed, so database `x` never reads the keys of `x:y`. */
export const databaseKeyPart = (database: string) => `${database.length}:${database}:`;
