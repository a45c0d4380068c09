import type { UndoAction } from '../unsaved/undo-history';
import { shipEnglish, type Translator } from './catalogue';

/**
 * The English of undo's notices, part of the catalogue's keys (messages.ts) but shipped with the
 * lazily loaded undo controller that uses this module (as sync-messages.ts is): a page shows none of
 * them before the undo controller has loaded. The other languages have them in their own files.
 */
export const undoEnglish = {
  undoDeleted: 'Todo deleted',
  undoCleared: { one: '{count} completed todo cleared', other: '{count} completed todos cleared' },
  undoMarkedComplete: 'All todos marked as complete',
  undoMarkedActive: 'All todos marked as active',
  undoRenamed: 'Todo renamed',
  undoImported: 'Todos imported',
  undone: 'Undone',
  undoneNone: 'Not undone: changed in another tab since',
  undoneExcept: {
    one: 'Undone, except {count} todo changed in another tab since',
    other: 'Undone, except {count} todos changed in another tab since',
  },
  nothingToUndo: 'Nothing to undo',
} as const;

shipEnglish(undoEnglish);

/** What was just done, shown with the Undo button; `undefined`: a change shown without a message (a checkbox, a move). */
export function undoDoneText(t: Translator, action: UndoAction): string | undefined {
  switch (action.kind) {
    case 'delete':
      return t.t('undoDeleted');
    case 'clear-completed':
      return t.plural('undoCleared', action.todos.length);
    case 'mark-all':
      return t.t(action.done.completed ? 'undoMarkedComplete' : 'undoMarkedActive');
    case 'edit':
      return t.t('undoRenamed');
    case 'import':
      return t.t('undoImported');
    case 'toggle':
    case 'move':
      return undefined;
  }
}

/** After an undo: all put back, or some todos left alone because another tab changed them since. */
export function undoResultText(t: Translator, kept: number, total: number): string {
  if (kept === 0) return t.t('undone');
  return kept >= total ? t.t('undoneNone') : t.plural('undoneExcept', kept);
}
