import type { RowChange } from './client';

type Row = Record<string, unknown>;

/** How many inserts in one batch make re-sorting the whole list cheaper than one binary insert each. */
const RESORT_THRESHOLD = 64;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The rows of a keyed live query kept in the page, ordered by id, built from the changes
 * `DatabaseClient.liveChanges` delivers (only changed rows cross the worker boundary).
 *
 * Ordered by id because the query orders by id (UUIDv7, so creation order), and the
 * lowercase canonical text of a uuid sorts as Postgres sorts the uuid. PGlite's own
 * `__after__` ordering is not needed for that, and is ignored: a change that only moves
 * `__after__` (a neighbour came or went) keeps the row's object as it was.
 *
 * A row that did not change keeps its object, so a keyed view (Lit's `repeat`) re-renders
 * only the rows that did.
 */
export class LiveTodoList<T extends { readonly id: string }> {
  readonly #toItem: (row: Row) => T;
  #items: T[] = [];
  /** A RESET came alone (the client sends one before re-running the query on a new leader). */
  #resetPending = false;

  /** @param toItem maps a row of the result (without PGlite's `__` fields) to the item. */
  constructor(toItem: (row: Row) => T) {
    this.#toItem = toItem;
  }

  /** The current rows, oldest first. The array is replaced, never changed, after each `apply`. */
  get items(): readonly T[] {
    return this.#items;
  }

  /**
   * Applies one batch of changes. Resolves to the same array when nothing visible changed.
   * UPDATEs carry the changed columns, named in `__changed_columns__` (the others are NULL,
   * which a nullable column such as `dueAt` can also be on purpose, so only the list counts).
   */
  apply(changes: readonly RowChange<Row>[]): readonly T[] {
    if (changes.length > 0 && changes.every((change) => change.__op__ === 'RESET')) {
      // Keep showing the rows until the new leader's rows arrive, instead of flashing an empty list.
      this.#resetPending = true;
      return this.#items;
    }
    let items = this.#items;
    let copied = false;
    if (this.#resetPending) {
      this.#resetPending = false;
      items = [];
      copied = true;
    }
    const writable = (): T[] => {
      if (!copied) {
        items = items.slice();
        copied = true;
      }
      return items;
    };
    let deleted: Set<string> | undefined;
    const inserts: T[] = [];

    for (const change of changes) {
      const op = change.__op__;
      if (op === 'RESET') {
        items = [];
        copied = true;
        deleted = undefined;
        inserts.length = 0;
        continue;
      }
      const id = (change as Row)['id'] as string;
      if (op === 'DELETE') {
        (deleted ??= new Set()).add(id);
        const queued = inserts.findIndex((item) => item.id === id);
        if (queued >= 0) inserts.splice(queued, 1);
        continue;
      }
      if (op === 'INSERT') {
        deleted?.delete(id);
        inserts.push(this.#toItem(change as Row));
        continue;
      }
      // UPDATE: merge the changed columns into the row as it is.
      const index = indexOf(items, id);
      if (index < 0) continue;
      const current = items[index]!;
      const partial = this.#toItem(change as Row) as Record<string, unknown>;
      const changedColumns = (change as { __changed_columns__?: readonly string[] }).__changed_columns__ ?? [];
      let next: Record<string, unknown> | undefined;
      for (const name of changedColumns) {
        if (name === 'id' || !(name in partial)) continue;
        const value = partial[name];
        const before = (current as Record<string, unknown>)[name];
        if (sameValue(before, value)) continue;
        next ??= { ...current };
        next[name] = value;
      }
      if (next) writable()[index] = next as T;
    }

    if (deleted && deleted.size > 0) {
      const gone = deleted;
      items = items.filter((item) => !gone.has(item.id));
      copied = true;
    }
    if (inserts.length > 0) {
      const list = writable();
      const last = list[list.length - 1];
      inserts.sort(byId);
      if (!last || last.id < inserts[0]!.id) {
        // The usual case: new todos come last (UUIDv7 grows with time).
        for (const item of inserts) list.push(item);
      } else if (inserts.length > RESORT_THRESHOLD) {
        const present = new Set(inserts.map((item) => item.id));
        items = list
          .filter((item) => !present.has(item.id))
          .concat(inserts)
          .sort(byId);
      } else {
        for (const item of inserts) {
          const at = insertionPoint(list, item.id);
          if (list[at]?.id === item.id) list[at] = item;
          else list.splice(at, 0, item);
        }
      }
    }
    this.#items = items;
    return items;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/** First index whose id is not below `id` (binary search over rows ordered by id). */
function insertionPoint(items: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle]!.id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function indexOf(items: readonly { id: string }[], id: string): number {
  const at = insertionPoint(items, id);
  return items[at]?.id === id ? at : -1;
}
