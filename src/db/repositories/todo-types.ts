// The shapes the todo repository's callers see (filters, counts, windows, options): apart from
// todos.ts so that the modules it loads on first use (todo-search.ts) can name them without an
// import cycle.
import type { Todo } from '../todo';
import type { Unsubscribe, WindowRange } from '../client';

/** Which todos a list view shows. */
export type TodoFilter = 'all' | 'active' | 'completed';

export const TODO_FILTERS: readonly TodoFilter[] = ['all', 'active', 'completed'];

/** Counts of one list, computed in SQL so no rows cross the worker boundary. */
export interface TodoCounts {
  readonly total: number;
  readonly active: number;
  readonly completed: number;
}

/** A slice of a list view: `todos` are the rows from place `offset` (0-based) on, of `total` in all. */
export interface TodoWindow {
  readonly offset: number;
  /** How many rows were asked for: fewer came when the window reaches past the end. */
  readonly limit: number;
  readonly todos: readonly Todo[];
  readonly total: number;
}

/** A running {@link TodoRepository.subscribeWindow}. */
export interface TodoWindowSubscription {
  /** Shows other rows of the same list and filter, without subscribing again. */
  move(range: WindowRange): Promise<void>;
  unsubscribe: Unsubscribe;
}

export interface AddTodoOptions {
  /**
   * A UUIDv7 the caller made (e.g. for an optimistic row). Made here when omitted. An add with an
   * id is applied once by it: a repeat, even after the todo was deleted, changes nothing.
   */
  readonly id?: string;
}

/** Options of a change to one todo (rename, toggle, delete). */
export interface ChangeTodoOptions {
  /**
   * The caller's request id (a UUIDv7, e.g. of a change kept in the browser to send again after a
   * reload): the change is applied once by it, and a repeat resolves what the first did, even
   * after another tab changed the todo since. Made here when omitted.
   */
  readonly requestId?: string;
}

/** Where a todo goes: between the todos that will be just above and just below it (null at an end). */
export interface TodoPlace {
  /** The todo it goes after (shown just above it), or null: the top. */
  readonly after: string | null;
  /** The todo it goes before (shown just below it), or null: the bottom. */
  readonly before: string | null;
}

/** What {@link TodoRepository.markAll} did, as `TodoRestoreRepository.revertMarkAll` needs it. */
export interface MarkAllResult {
  readonly list: string;
  /** The state it set. */
  readonly completed: boolean;
  readonly changed: number;
  /** The `updated_at` every todo it changed got (one statement: one now()), as text in full precision; null when none changed. */
  readonly stamp: string | null;
}
