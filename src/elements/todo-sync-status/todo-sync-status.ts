import { defineElement } from '../../internal/define-element';
import { TodoSyncStatus } from './todo-sync-status.element';
import { shipEnglish } from '../../i18n/catalogue';
import { syncEnglish } from '../../i18n/sync-messages';

/** Defines `<todo-sync-status>` (unless the tag is taken); its lazy loader calls this (see define-lazily.ts). */
export function define(): void {
  shipEnglish(syncEnglish);
  defineElement('todo-sync-status', TodoSyncStatus);
}

define();

declare global {
  interface HTMLElementTagNameMap {
    'todo-sync-status': TodoSyncStatus;
  }
}
