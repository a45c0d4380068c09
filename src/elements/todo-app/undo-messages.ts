import type { UndoAction } from '../../db/undo-history';

/** Every user-visible string of undo, in one place for the localisation catalogue. */
export const undoMessages = {
  /** The button that takes the last change back. */
  undo: 'Undo',
  /** What was just done, shown with the Undo button; `undefined`: a change shown without a message (a checkbox). */
  done: (action: UndoAction): string | undefined => {
    switch (action.kind) {
      case 'delete':
        return 'Todo deleted';
      case 'clear-completed':
        return action.todos.length === 1
          ? '1 completed todo cleared'
          : `${action.todos.length} completed todos cleared`;
      case 'mark-all':
        return action.done.completed ? 'All todos marked as complete' : 'All todos marked as active';
      case 'edit':
        return 'Todo renamed';
      case 'toggle':
      case 'move':
        return undefined;
    }
  },
  /** After an undo that put everything back. */
  undone: 'Undone',
  /** After an undo that left some todos alone: another tab changed them since. */
  undonePartly: (kept: number, total: number) =>
    kept >= total
      ? 'Not undone: changed in another tab since'
      : kept === 1
        ? 'Undone, except 1 todo changed in another tab since'
        : `Undone, except ${kept} todos changed in another tab since`,
  /** Ctrl+Z with nothing left to undo. */
  nothing: 'Nothing to undo',
} as const;
