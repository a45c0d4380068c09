import type { Todo } from '../db/todo';
import type { TodoFilter, TodoWindow } from '../db/repositories/todos';

/** A row of the list: a saved todo, or one this tab added that is still being saved. */
export type Row = Todo & { readonly pending?: boolean; readonly failed?: Error };

/** The list as this tab knows it: how many rows, and those it has (the window, and its own adds). */
export interface ListView {
  readonly count: number;
  /** The row at place `index`, or `undefined` while its window is on the way. */
  rowAt(index: number): Row | undefined;
}

/** Whether `todo` shows under `filter`. */
export function matchesFilter(filter: TodoFilter, todo: Todo): boolean {
  return filter === 'all' || (filter === 'completed') === todo.completed;
}

/**
 * `rows` (in the list's order) and then `added`: new todos go to the end of the list (the
 * database gives each the position after the last), so this tab's adds come after every saved
 * row; `rows` itself when nothing is added.
 */
export function appendAdded(rows: readonly Row[], added: readonly Row[]): readonly Row[] {
  return added.length === 0 ? rows : [...rows, ...added];
}

/**
 * The window of live rows (`undefined` while it loads; or the snapshot's first rows) plus this
 * tab's adds that the live rows do not show yet (`local`, oldest first; those `filter` hides
 * are left out, and so are those the window shows already). Adds are the newest todos, so they
 * come at the end: drawn after the window when it reaches the end, counted after it otherwise.
 * `overlay` shows this tab's changes over the window's rows until they arrive in it.
 */
export function listView(
  slice: TodoWindow | undefined,
  local: readonly Row[],
  filter: TodoFilter,
  overlay?: (row: Row) => Row,
): ListView {
  const todos: readonly Row[] = overlay ? (slice?.todos ?? []).map(overlay) : (slice?.todos ?? []);
  const offset = slice?.offset ?? 0;
  const total = slice?.total ?? 0;
  const matching = local.filter((todo) => matchesFilter(filter, todo));
  const shown = matching.length > 0 ? new Set(todos.map((todo) => todo.id)) : undefined;
  const added = shown ? matching.filter((todo) => !shown.has(todo.id)) : matching;
  if (offset + todos.length >= total) {
    const rows = appendAdded(todos, added);
    return { count: offset + rows.length, rowAt: (index) => rows[index - offset] };
  }
  return {
    count: total + added.length,
    rowAt: (index) => (index >= total ? added[index - total] : index >= offset ? todos[index - offset] : undefined),
  };
}
