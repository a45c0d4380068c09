import { html, nothing } from 'lit';
import type { DatabaseStatusController } from '../../controllers/database-status-controller';
import type { LocalizeController } from '../../controllers/localize-controller';
import type { UndoNotice } from '../../controllers/undo-controller';
import type { UndoAction } from '../../unsaved/undo-history';

// The lines <todo-app> says things on, apart from its layout.

/**
 * <todo-app>'s one error line (`part="error"`), the most pressing first: a newer version upgraded
 * the database (reload), the in-memory database was lost with its tab, the database could not
 * start, or the last error an element reported.
 */
export function errorTemplate(
  status: DatabaseStatusController,
  reported: Error | undefined,
  i18n: LocalizeController,
  on: { readonly dismissMemoryLost: () => void; readonly dismissError: () => void },
) {
  if (status.role === 'outdated')
    return html`<p class="error" part="error" role="alert" data-testid="reload-needed">
      <span>${i18n.error(status.error)}</span>
      <button type="button" @click=${() => location.reload()}>${i18n.t('reload')}</button>
    </p>`;
  if (status.memoryLost)
    return html`<p class="error" part="error" role="alert" data-testid="memory-lost">
      <span>${i18n.error(status.memoryLost)}</span>
      <button type="button" @click=${on.dismissMemoryLost}>${i18n.t('dismiss')}</button>
    </p>`;
  if (status.role === 'failed' && status.error)
    return html`<p class="error" part="error" role="alert" data-testid="start-failed">
      <span>${i18n.error(status.error)}</span>
    </p>`;
  if (reported)
    return html`<p class="error" part="error" role="alert">
      <span>${i18n.error(reported)}</span>
      <button type="button" @click=${on.dismissError}>${i18n.t('dismiss')}</button>
    </p>`;
  return nothing;
}

/** The undo status line's content: what was done, and an "Undo" button for the change it names. */
export function undoNoticeTemplate(notice: UndoNotice, undo: (action: UndoAction) => unknown, label: string) {
  const { action } = notice;
  return html`<span>${notice.text}</span>${
      action ? html`<button type="button" part="undo-button" @click=${() => undo(action)}>${label}</button>` : nothing
    }`;
}

/** The sync status line (`<todo-app sync>`, or sync turned on by `configure({ sync })`). */
export const syncStatusTemplate = (
  app: {
    readonly sync?: string | undefined;
    readonly list: string;
    readonly database?: string;
    readonly storage?: string;
  },
  theme: string | typeof nothing,
) =>
  html`<todo-sync-status
    exportparts="sync-status"
    .url=${app.sync}
    list=${app.list}
    database=${app.database}
    storage=${app.storage}
    theme=${theme}
  ></todo-sync-status>`;

/**
 * The notice line (`part="notice"`): storage that keeps nothing, or, while the leader carries the
 * saved todos over to a new database engine (docs/storage.md), how far it is.
 */
export function noticeTemplate(status: DatabaseStatusController, i18n: LocalizeController) {
  const notice = status.notice(i18n.translator);
  if (notice) return html`<p class="notice" part="notice" data-testid="storage-notice" role="status">${notice}</p>`;
  if (status.role !== 'starting' || status.upgrading === undefined) return nothing;
  const text = i18n.t('statusUpgrading');
  return html`<p class="notice" part="notice" data-testid="upgrade-notice" role="status">
    ${text} <progress value=${status.upgrading} aria-label=${text}></progress>
  </p>`;
}
