// Which statement reads a list, and how its rows read as todos and counts: TodoRepository's
// helpers, apart so that the repository itself is only its operations.
import type { Todo } from '../todo';
import type { WindowResult } from '../client-options';
import type { TodoCounts, TodoWindow } from './todo-types';
import { todoStatements as statements } from './todo-statements.generated';

/** A row as PGlite returns it. */
export type Row = Record<string, unknown>;

/** The statement that lists a list under each filter. */
export const listStatements = {
  all: statements.listAll,
  active: statements.listActive,
  completed: statements.listCompleted,
} as const;

/** What lets the leader reach a far window of a list without reading the rows before it (see DatabaseClient.liveWindow). */
export const seekStatements = {
  all: { reverse: statements.listAllReversed, total: statements.totalAll },
  active: { reverse: statements.listActiveReversed, total: statements.totalActive },
  completed: { reverse: statements.listCompletedReversed, total: statements.totalCompleted },
} as const;

/**
 * A row of a keyed live change as a Todo (statements alias columns to property names), without
 * PGlite's `__op__`, `__after__` and `__changed_columns__`. An UPDATE's unchanged columns are NULL.
 */
export function changedTodo(row: Row): Todo {
  const todo: Row = {};
  for (const [name, value] of Object.entries(row)) if (!name.startsWith('__')) todo[name] = value;
  return todo as unknown as Todo;
}

/** Whether `a` has every value `b` has (dates by time). */
export function sameTodo(a: Todo, b: Todo): boolean {
  for (const name of Object.keys(b) as (keyof Todo)[]) {
    const x = a[name];
    const y = b[name];
    if (x instanceof Date && y instanceof Date ? x.getTime() !== y.getTime() : !Object.is(x, y)) return false;
  }
  return true;
}

/** A counts row as numbers; a missing row or column counts 0. */
export function toCounts(row: Row | undefined): TodoCounts {
  return {
    total: Number(row?.['total'] ?? 0),
    active: Number(row?.['active'] ?? 0),
    completed: Number(row?.['completed'] ?? 0),
  };
}

/**
 * What a live window of todos hands its subscriber: each result is a fresh copy of the rows, and a
 * row that did not change keeps its object, so a keyed view (Lit's repeat) re-renders only the
 * rows that did. The count can lag the rows by one delivery (see WindowResult): rows reaching past
 * the end say it exactly.
 */
export function todoWindowDelivery(callback: (window: TodoWindow) => void): (result: WindowResult<Todo>) => void {
  let previous = new Map<string, Todo>();
  return ({ rows, offset, limit, totalCount }) => {
    const next = new Map<string, Todo>();
    const todos = rows.map((row) => {
      const before = previous.get(row.id);
      const todo = before && sameTodo(before, row) ? before : row;
      next.set(todo.id, todo);
      return todo;
    });
    previous = next;
    const reachesEnd = todos.length < limit && (todos.length > 0 || offset === 0);
    const total = reachesEnd ? offset + todos.length : Math.max(totalCount, offset + todos.length);
    callback({ offset, limit, todos, total });
  };
}
