import type { Todo } from '../db/todo';
import type { TodoFilter } from '../db/repositories/todos';
import type { ImportResult } from '../db/repositories/todo-transfer';

/** A todo was added and the write is durable. */
export interface TodoAddDetail {
  readonly todo: Todo;
  readonly list: string;
}
/** A todo was marked done or not done. */
export interface TodoToggleDetail {
  readonly todo: Todo;
  readonly list: string;
}
/** A todo's title changed. */
export interface TodoRenameDetail {
  readonly todo: Todo;
  readonly list: string;
}
/** One or more todos were deleted. */
export interface TodoRemoveDetail {
  readonly ids: readonly string[];
  readonly list: string;
}
/** Something failed; `error` is a typed `TodoError` where the cause is known. */
export interface TodoErrorDetail {
  readonly error: Error;
  readonly list: string;
}
/** The user picked another filter. */
export interface TodoFilterChangeDetail {
  readonly filter: TodoFilter;
  readonly list: string;
}
/** The user changed the search text (empty: the search was cleared). */
export interface TodoSearchChangeDetail {
  readonly query: string;
  readonly list: string;
}
/** A list was exported: the file was handed to the browser to download. */
export interface TodoExportDetail {
  readonly list: string;
  readonly format: 'json' | 'csv';
  readonly fileName: string;
  readonly count: number;
}
/** An import committed: how many todos it added, updated and left unchanged (and removed, in replace mode). */
export interface TodoImportDetail {
  readonly list: string;
  readonly fileName: string;
  readonly result: ImportResult;
}
/**
 * How sync with the server goes (`<todo-app sync>`, `configure({ sync })`): `auth-required` asks the
 * host for a new token; `error` is a `SyncAuthError`, `SyncRejectedError` or `SyncProtocolError`.
 */
export interface TodoSyncDetail {
  readonly state: 'off' | 'syncing' | 'synced' | 'offline' | 'auth-required';
  /** This device's changes the server has not acknowledged yet. */
  readonly pending: number;
  readonly error?: Error;
  /** With `auth-required`: asks `configure({ sync: { token } })`'s `token()` again and syncs with it (call it once the user signed in). */
  readonly retry?: () => void;
}

const init = <T>(detail: T): CustomEventInit<T> => ({ detail, bubbles: true, composed: true });

export const todoAdd = (detail: TodoAddDetail) => new CustomEvent('todo-add', init(detail));
export const todoToggle = (detail: TodoToggleDetail) => new CustomEvent('todo-toggle', init(detail));
export const todoRename = (detail: TodoRenameDetail) => new CustomEvent('todo-rename', init(detail));
export const todoRemove = (detail: TodoRemoveDetail) => new CustomEvent('todo-remove', init(detail));
export const todoError = (detail: TodoErrorDetail) => new CustomEvent('todo-error', init(detail));
export const todoFilterChange = (detail: TodoFilterChangeDetail) => new CustomEvent('todo-filter-change', init(detail));
export const todoSearchChange = (detail: TodoSearchChangeDetail) => new CustomEvent('todo-search-change', init(detail));
export const todoExport = (detail: TodoExportDetail) => new CustomEvent('todo-export', init(detail));
export const todoImport = (detail: TodoImportDetail) => new CustomEvent('todo-import', init(detail));

declare global {
  interface HTMLElementEventMap {
    'todo-add': CustomEvent<TodoAddDetail>;
    'todo-toggle': CustomEvent<TodoToggleDetail>;
    'todo-rename': CustomEvent<TodoRenameDetail>;
    'todo-remove': CustomEvent<TodoRemoveDetail>;
    'todo-error': CustomEvent<TodoErrorDetail>;
    'todo-sync': CustomEvent<TodoSyncDetail>;
    'todo-filter-change': CustomEvent<TodoFilterChangeDetail>;
    'todo-search-change': CustomEvent<TodoSearchChangeDetail>;
    'todo-export': CustomEvent<TodoExportDetail>;
    'todo-import': CustomEvent<TodoImportDetail>;
  }
}
