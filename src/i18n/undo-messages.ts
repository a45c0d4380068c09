import type { UndoAction } from '../unsaved/undo-history';
import type { Translator } from './catalogue';

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
