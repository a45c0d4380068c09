import type { DatabaseServices } from '../database-services';
import type { Todo } from '../db/todo';
import type { TodoPlace } from '../db/repositories/todos';

// The elements' writes that undo can take back: each runs as a tracked change of its list and is
// recorded once written (UndoHistory.trackChange). A row's writes wait for the todo's add: one of
// this tab still on its way would otherwise find no row.

/** Marks `todo` done or not. Resolves the saved row, or `undefined` when it no longer exists. */
export function setCompletedAfterAdd(
  services: DatabaseServices,
  list: string,
  todo: Todo,
  completed: boolean,
): Promise<Todo | undefined> {
  return services.undo.trackChange(
    list,
    async () => {
      await services.pending.saving(todo.id);
      return services.changes.setCompleted(todo, completed);
    },
    (after) => after && { kind: 'toggle', list, before: todo, after },
  );
}

/** Deletes `todo`. Resolves whether it existed. */
export function deleteAfterAdd(services: DatabaseServices, list: string, todo: Todo): Promise<boolean> {
  return services.undo.trackChange(
    list,
    async () => {
      await services.pending.saving(todo.id);
      return services.changes.delete(todo);
    },
    // Another tab deleted it first: undoing "this" delete would bring back what that tab removed.
    (existed) => (existed ? { kind: 'delete', list, todos: [todo] } : undefined),
  );
}

/** Moves the todo `id` (shown as `before`) to `place`. Resolves the moved row, or `undefined` when it no longer exists. */
export function moveRecorded(
  services: DatabaseServices,
  list: string,
  id: string,
  before: Todo | undefined,
  place: TodoPlace,
): Promise<Todo | undefined> {
  return services.undo.trackChange(
    list,
    () => services.todos.move(id, place),
    (after) => (before && after ? { kind: 'move', list, before, after } : undefined),
  );
}

/** Marks every todo of `list` done or not ("Mark all as complete"). */
export async function markAllRecorded(services: DatabaseServices, list: string, completed: boolean): Promise<void> {
  await services.undo.trackChange(
    list,
    () => services.changes.markAll(list, completed),
    (done) => ({ kind: 'mark-all', list: done.list, done }),
  );
}

/** Deletes the completed todos of `list` ("Clear completed"). Resolves them. */
export function clearCompletedRecorded(services: DatabaseServices, list: string): Promise<Todo[]> {
  return services.undo.trackChange(
    list,
    () => services.todos.clearCompletedRows(list),
    (todos) => ({ kind: 'clear-completed', list, todos }),
  );
}
