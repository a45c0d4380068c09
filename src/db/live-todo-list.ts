import type { RowChange } from './client';
import { comparePositions } from './position-order';

type Row = Record<string, unknown>;

/** An item of the list: ordered as the query orders (manual order: position, then id). */
type Ordered = { readonly id: string; readonly position?: unknown };

/**
 * The rows of a keyed live query kept in the page, in the list's order, built from the changes
 * `DatabaseClient.liveChanges` delivers (only changed rows cross the worker boundary).
 *
 * Ordered as the query orders: by position, then id (see `comparePositions`; the lowercase
 * canonical text of a uuid sorts as Postgres sorts the uuid). PGlite's own `__after__`
 * ordering is not needed for that, and is ignored: a change that only moves `__after__` (a
 * neighbour came or went) keeps the row's object as it was.
 *
 * A row that did not change keeps its object, so a keyed view (Lit's `repeat`) re-renders
 * only the rows that did.
 */
export class LiveTodoList<T extends Ordered> {
  readonly #toItem: (row: Row) => T;
  #items: T[] = [];
  /** A RESET came alone (the client sends one before re-running the query on a new leader). */
  #resetPending = false;

  /** @param toItem maps a row of the result (without PGlite's `__` fields) to the item. */
  constructor(toItem: (row: Row) => T) {
    this.#toItem = toItem;
  }

  /** The current rows, in order. The array is replaced, never changed, after each `apply`. */
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
    /** Where each row is, made on the first UPDATE of the batch (rows are not in id order). */
    let places: Map<string, number> | undefined;
    let moved = false;

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
        inserts.push(this.#toItem(change));
        continue;
      }
      // UPDATE: merge the changed columns into the row as it is.
      places ??= new Map(items.map((item, at) => [item.id, at]));
      const index = places.get(id) ?? -1;
      if (index < 0) continue;
      const current = items[index]!;
      const partial = this.#toItem(change) as Record<string, unknown>;
      const changedColumns = (change as { __changed_columns__?: readonly string[] }).__changed_columns__ ?? [];
      let next: Record<string, unknown> | undefined;
      for (const name of changedColumns) {
        if (name === 'id' || !(name in partial)) continue;
        const value = partial[name];
        const before = (current as Record<string, unknown>)[name];
        if (sameValue(before, value)) continue;
        next ??= { ...current };
        next[name] = value;
        if (name === 'position') moved = true;
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
      const present = new Set(inserts.map((item) => item.id));
      // An INSERT of a row already here (a repeat after a RESET) replaces it.
      const kept = list.filter((item) => !present.has(item.id));
      inserts.sort(comparePositions);
      const last = kept[kept.length - 1];
      items = kept.concat(inserts);
      copied = true;
      // The usual case: new todos come last (each goes after the last position). Else re-sort.
      if (last && comparePositions(last, inserts[0]!) > 0) moved = true;
    }
    if (moved) {
      items = items === this.#items ? items.slice() : items;
      items.sort(comparePositions);
    }
    this.#items = items;
    return items;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}
