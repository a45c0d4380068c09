import { html, nothing } from 'lit';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { styles } from './todo-sync-status.styles';
import { LocalizeController } from '../../controllers/localize-controller';
import { SyncStatusController } from '../../controllers/sync-status-controller';

/**
 * How sync with the server goes: "Synced", "Offline — 3 changes waiting", "Syncing…" or "Sign in
 * again to sync", in the widget's language. Loaded only where sync is on (`<todo-app sync>` renders
 * it); the sync itself runs in the leader's worker, for every tab.
 *
 * @summary The sync status line.
 * @tagname todo-sync-status
 * @attr url - The sync server's URL: sync starts with it (no token; `configure({ sync })` gives one). Unset: only shows
 *   the status of sync that `configure({ sync })` or another tab started.
 * @attr database - Which database; default: the one `configure()` names, else `todo-widget`.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`, when this element is the first to open the database.
 * @attr list - The list a refused change is reported on (`todo-error`). Default `default`.
 * @attr lang - The language; default: the nearest `lang` around it.
 * @attr theme - `light`, `dark` or `auto` (default).
 * @fires {CustomEvent<TodoSyncDetail>} todo-sync - The state or the number of waiting changes changed; `auth-required`
 *   asks the host for a new token.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - The server refused a change for good (a `SyncRejectedError`).
 * @csspart sync-status - The status line (a polite live region).
 */
export class TodoSyncStatus extends DatabaseElement {
  static override styles = [tokens, styles];
  static override properties = { url: { type: String } };

  /** The sync server's URL; unset: show the status of sync started elsewhere. */
  declare url: string | undefined;

  readonly #i18n = new LocalizeController(this);
  readonly #sync = new SyncStatusController(
    this,
    () => (this.url ? { url: this.url } : undefined),
    () => this.list,
  );

  override render() {
    const { state, pending } = this.#sync.status;
    const i18n = this.#i18n;
    const text =
      state === 'synced'
        ? i18n.t('syncSynced')
        : state === 'offline'
          ? i18n.plural('syncOffline', pending)
          : state === 'syncing'
            ? i18n.t('syncSyncing')
            : state === 'auth-required'
              ? i18n.t('syncSignIn')
              : '';
    return html`<p part="sync-status" role="status" data-state=${state} data-pending=${pending}>${text || nothing}</p>`;
  }
}
