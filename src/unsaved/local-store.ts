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

/**
 * What this page keeps under `prefixes` (first prefix first): each key whose rest is a UUID, its
 * JSON object value as `parse` reads it, by that id once, oldest first (the ids are UUIDv7).
 * Keys with anything else after the prefix (another database's, whose name extends this one's),
 * values that do not parse, and whatever `parse` turns down are skipped rather than lose the others.
 */
export function readKept<T>(
  prefixes: readonly string[],
  parse: (id: string, value: Record<string, unknown>) => T | undefined,
): T[] {
  const store = localStore();
  if (!store) return [];
  let keys: string[] = [];
  try {
    keys = Array.from({ length: store.length }, (_, index) => store.key(index) ?? '');
  } catch {
    // Storage that went away while read: nothing to replay from it.
  }
  const found = new Map<string, T>();
  for (const prefix of prefixes) {
    for (const key of keys) {
      const id = key.slice(prefix.length);
      if (!key.startsWith(prefix) || !isUuid(id) || found.has(id)) continue;
      try {
        const value: unknown = JSON.parse(store.getItem(key) ?? 'null');
        const kept =
          typeof value === 'object' && value !== null ? parse(id, value as Record<string, unknown>) : undefined;
        if (kept !== undefined) found.set(id, kept);
      } catch {
        // Damaged: skip it.
      }
    }
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, kept]) => kept);
}
