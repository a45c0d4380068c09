import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { styles } from './todo-app.styles';
import { DatabaseStatusController } from '../../controllers/database-status-controller';
import type { UndoController } from '../../controllers/undo-controller';
import { TodoError } from '../../errors';
import type { TodoFilter } from '../../db/repositories/todos';
import {
  type TodoErrorDetail,
  type TodoFilterChangeDetail,
  type TodoSearchChangeDetail,
} from '../../events/todo-events';
import { HASH_FILTERS, parseFilter } from '../../view/filter';
import { defineModule } from '../../internal/define-lazily';
import { syncOptions } from '../../registry';
import type { TodoInput } from '../todo-input/todo-input.element';
import type { TodoList } from '../todo-list/todo-list.element';
import type { TodoFooter } from '../todo-footer/todo-footer.element';
import { LocalizeController } from '../../controllers/localize-controller';
import { errorTemplate, noticeTemplate, syncStatusTemplate, undoNoticeTemplate } from './notices';

/**
 * The whole widget: `<todo-input>`, `<todo-list>` and `<todo-footer>` on one `list`.
 * Renders at once and accepts typing while the database starts in the background.
 *
 * @summary The complete todo widget.
 * @tagname todo-app
 * @attr database - Which database to use; every element with the same `database` shares one. Default: the one
 *   `configure()` names, else `todo-widget`. Read when the element connects.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`: where that database keeps its files, when this element is the
 *   first to open it. Default: what `configure()` says, else `auto`.
 * @attr list - Which list to show. Default `default`. Two apps with different lists stay separate.
 * @attr filter - `all`, `active` or `completed`; reflected.
 * @attr routing - `none` (default): the filter lives inside the widget; `hash`: it follows `#/`, `#/active`, `#/completed`
 *   (no hash is `#/`, "All"; other hashes leave it alone).
 * @attr autofocus - Focus the new-todo field on first render.
 * @attr show-status - Show whether this tab runs the database and where data is kept.
 * @attr lang - The language of the whole widget; default: the nearest `lang` around it (see README, Languages).
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme. Handed to its parts.
 * @attr searchable - Show a search field ("Search todos"): the list shows only matching todos, best match first, with
 *   the matched words marked and how many match. Combines with the filter; Escape clears it.
 * @attr query - The search text, with `searchable` (what the field holds; a host may set it). Ignored without `searchable`. Not reflected.
 * @attr exportable - Show "Export" (downloads `todos-<list>.json`), "Export CSV" and "Import" (a `.json` or `.csv`
 *   export, added in one transaction with a progress bar; a refused file changes nothing and says why).
 * @attr sync - The sync server's URL (`todo-widget-sync` prints it): todos sync through it for every tab, and a status line
 *   (`sync-status`) says how. `configure({ sync: { url, token } })` does the same with a token (docs/sync.md).
 * @attr reorderable - Todos can be put in any order: each row gets a "Move" handle to drag, or to move with
 *   Alt+Arrow Up/Down. The order is shared by every tab and kept.
 * @fires {CustomEvent<TodoAddDetail>} todo-add - A todo was added (bubbles from `<todo-input>`), or put back by an undo.
 * @fires {CustomEvent<TodoToggleDetail>} todo-toggle - A todo was marked done or not done (by an undo too).
 * @fires {CustomEvent<TodoRenameDetail>} todo-rename - A title was changed (by an undo too).
 * @fires {CustomEvent<TodoRemoveDetail>} todo-remove - Todos were deleted.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - Something failed; the widget also shows it. Also fired once with a
 *   `SchemaTooNewError` when a newer version of the widget in another tab upgraded the database (this page must reload).
 * @fires {CustomEvent<TodoFilterChangeDetail>} todo-filter-change - The user picked a filter.
 * @fires {CustomEvent<TodoExportDetail>} todo-export - A list was exported (with `exportable`).
 * @fires {CustomEvent<TodoImportDetail>} todo-import - An import committed (with `exportable`).
 * @fires {CustomEvent<TodoSyncDetail>} todo-sync - How sync goes (with `sync`): `state` (`auth-required`: give a new token), `pending`, `error`.
 * @fires {CustomEvent<TodoSearchChangeDetail>} todo-search-change - The user changed the search text (bubbles from `<todo-search>`).
 * @slot heading - Optional heading above the field, e.g. `<h2 slot="heading">Groceries</h2>`.
 * @csspart app - The card around everything.
 * @csspart input - The new-todo field (forwarded from `<todo-input>`, like every part below it named after its element).
 * @csspart message - `<todo-input>`'s validation or error message.
 * @csspart list - `<todo-list>`'s list of rows.
 * @csspart toggle-all - `<todo-list>`'s "Mark all as complete" checkbox.
 * @csspart list-status - `<todo-list>`'s loading or error message (its `status` part).
 * @csspart item - Each row (`<todo-item>`'s `item`); likewise `toggle`, `title`, `edit`, `delete-button`, `badge`.
 * @csspart toggle - Each row's checkbox.
 * @csspart title - Each row's title.
 * @csspart edit - The edit field of the row being edited.
 * @csspart delete-button - Each row's delete button.
 * @csspart badge - "saving…" on a row not yet saved.
 * @csspart item-error - Why the last change to a row failed (`<todo-item>`'s `error` part).
 * @csspart footer - `<todo-footer>`'s bar; likewise `counter`, `filters`, `clear-button`.
 * @csspart counter - "N items left".
 * @csspart filters - The filter links.
 * @csspart clear-button - "Clear completed".
 * @csspart search - The search field (forwarded from `<todo-search>`, with `searchable`).
 * @csspart search-count - "3 matches" / "No todos match" while searching (forwarded from `<todo-list>`).
 * @csspart match - A matched word in a title, a `<mark>` (forwarded from `<todo-list>`).
 * @csspart transfer - The export and import bar (with `exportable`).
 * @csspart progress - The import's progress bar (forwarded from `<todo-transfer>`).
 * @csspart export-button - "Export" (forwarded from `<todo-transfer>`); likewise `export-csv-button`, `import-button`.
 * @csspart export-csv-button - "Export CSV".
 * @csspart import-button - "Import".
 * @csspart transfer-message - What the last export or import did (`<todo-transfer>`'s `message` part).
 * @csspart handle - Each row's "Move" handle (with `reorderable`).
 * @csspart retry-button - "Retry" on a row whose add failed.
 * @csspart move-status - The polite announcement of a move's result (visually hidden).
 * @csspart drafts - Edits in progress whose row left the view, until finished or cancelled.
 * @csspart sync-status - "Synced", "Offline — N changes waiting", "Syncing…" or "Sign in again to sync" (with `sync`).
 * @csspart status - The database status line (with `show-status`).
 * @csspart error - The last error, with a dismiss button.
 * @csspart undo - The status line after a change: what was done and an "Undo" button (8 s), or what an undo did.
 * @csspart undo-button - Its "Undo" button. Ctrl+Z / Cmd+Z anywhere in the widget but a text field does the same.
 * @csspart notice - Shown when the browser blocks storage and todos are kept in memory only (not saved).
 * @cssprop [--todo-app-max-width=40rem] - Widest the widget grows.
 * @cssprop [--todo-color-accent=#b83f45] - Accent colour.
 * @cssprop [--todo-color-background=#ffffff] - Page-level background behind fields.
 * @cssprop [--todo-color-surface=#ffffff] - Card background.
 * @cssprop [--todo-color-text=#2b2b2b] - Text colour.
 * @cssprop [--todo-color-muted=#6b6b6b] - Secondary text.
 * @cssprop [--todo-color-border=#e6e6e6] - Lines and borders.
 * @cssprop [--todo-color-danger=#c62828] - Errors.
 * @cssprop [--todo-color-done=#737373] - Completed titles.
 * @cssprop [--todo-color-focus=#2563eb] - Focus ring.
 * @cssprop [--todo-font-family=system-ui] - Font.
 * @cssprop [--todo-font-size=1rem] - Base font size.
 * @cssprop [--todo-radius=8px] - Corner radius.
 * @cssprop [--todo-spacing=0.75rem] - Gap between parts.
 * @cssprop [--todo-item-padding=0.5rem 1rem] - Padding of a row.
 * @cssprop [--todo-shadow] - Card shadow.
 */
export class TodoApp extends DatabaseElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    routing: { type: String, reflect: true },
    autofocus: { type: Boolean, reflect: true },
    showStatus: { type: Boolean, reflect: true, attribute: 'show-status' },
    searchable: { type: Boolean, reflect: true },
    exportable: { type: Boolean, reflect: true },
    query: { type: String },
    reorderable: { type: Boolean, reflect: true },
    sync: { type: String },
    _error: { state: true },
  };

  /** The selected filter. */
  declare filter: TodoFilter;
  /** `hash` makes the filter follow `location.hash`. */
  declare routing: 'none' | 'hash';
  /** Focus the new-todo field on first render. */
  declare autofocus: boolean;
  /** Show the database status line. */
  declare showStatus: boolean;
  /** Rows can be moved (see `<todo-list reorderable>`). */
  declare reorderable: boolean;
  /** Show the search field. */
  declare searchable: boolean;
  /** Show the export and import buttons. */
  declare exportable: boolean;
  /** The search text; empty shows the whole list. */
  declare query: string;
  /** The sync server's URL; unset: no sync unless `configure({ sync })` turned it on. */
  declare sync: string | undefined;
  /** The last error reported (kept as an error, so its text follows the language). */
  declare private _error: Error | undefined;

  readonly #status = new DatabaseStatusController(this);
  readonly #i18n = new LocalizeController(this);
  /**
   * Undo (always on): the notice after a change, its button, Ctrl+Z / Cmd+Z. Loaded after the
   * first paint, which it has no part in: until this tab changes something there is nothing to
   * undo (and a change made before it loads is still in the history, for Ctrl+Z and the button).
   */
  #undo?: UndoController;
  /** The database's role when the error shown was reported. */
  #errorRole?: string;
  #reportedOutdated = false;

  constructor() {
    super();
    this.filter = 'all';
    this.routing = 'none';
    this.autofocus = false;
    this.showStatus = false;
    this.reorderable = false;
    this.searchable = false;
    this.exportable = false;
    this.query = '';
    this._error = undefined;
    this.addEventListener('todo-error', (event: CustomEvent<TodoErrorDetail>) => {
      this._error = event.detail.error;
      this.#errorRole = this.#status.role;
    });
    this.addEventListener('keydown', (event: KeyboardEvent) => this.#undo?.onKeyDown(event));
    // Offline after a deploy the chunk may fail: the widget works on, without undo, and says why.
    this.#loadUndo().catch((error: unknown) => console.error('todo-widget: undo could not load', error));
    this.addEventListener('todo-filter-change', (event: CustomEvent<TodoFilterChangeDetail>) => {
      // A footer inside this app picked a filter; with hash routing the hashchange does it.
      if (this.routing !== 'hash') this.filter = event.detail.filter;
    });
    this.addEventListener('todo-search-change', (event: CustomEvent<TodoSearchChangeDetail>) => {
      this.query = event.detail.query;
    });
  }

  /** Resolves when the list and counts are on screen. */
  get ready(): Promise<void> {
    return this.updateComplete.then(async () => {
      // Search and export/import load on first use: ready once they are drawn too.
      await Promise.all(this.#features.values());
      const features = this.shadowRoot!.querySelectorAll<LitElement>('todo-search, todo-transfer');
      await Promise.all([...features].map((feature) => feature.updateComplete));
      const parts = this.shadowRoot!.querySelectorAll<TodoInput | TodoList | TodoFooter>(
        'todo-input, todo-list, todo-footer',
      );
      await Promise.all([...parts].map((part) => part.ready));
    });
  }

  /** The lazily loaded elements this app asked for (see willUpdate). */
  readonly #features = new Map<'search' | 'transfer' | 'sync', Promise<unknown>>();

  #onHashChange = () => {
    const filter = HASH_FILTERS[location.hash];
    if (filter) this.filter = filter;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    if (this.routing === 'hash') this.#onHashChange();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('routing') && this.routing === 'hash') this.#onHashChange();
    // Rendered only with these attributes: their code loads then (see define-lazily.ts).
    if (this.searchable && !this.#features.has('search'))
      this.#features.set('search', import('../todo-search/todo-search').then(defineModule));
    if (this.exportable && !this.#features.has('transfer'))
      this.#features.set('transfer', import('../todo-transfer/todo-transfer').then(defineModule));
    if ((this.sync || syncOptions()) && !this.#features.has('sync'))
      this.#features.set('sync', import('../todo-sync-status/todo-sync-status').then(defineModule));
    // An error reported while the database could not start is over once it runs again.
    const running = this.#status.role === 'leader' || this.#status.role === 'follower';
    if (running && this._error && (this.#errorRole === 'failed' || this.#errorRole === 'starting'))
      this._error = undefined;
  }

  override updated(): void {
    // A newer version upgraded the database: say so once, like any other failure, so the
    // host page hears it too; the error line (below) stays until the page reloads.
    if (this.#status.role === 'outdated' && !this.#reportedOutdated && this.#status.error) {
      this.#reportedOutdated = true;
      this.reportError(this.#status.error);
    }
  }

  override render() {
    const i18n = this.#i18n;
    const filter = parseFilter(this.filter);
    const routing = this.routing === 'hash' ? 'hash' : 'none';
    const theme = this.theme ?? nothing;
    return html`
      <div class="app" part="app">
        <header>
          <slot name="heading"></slot>
          <todo-input
            embedded
            list=${this.list}
            database=${this.database}
            storage=${this.storage}
            theme=${theme}
            ?autofocus=${this.autofocus}
            exportparts="input, message"
          ></todo-input>
          ${
            this.searchable
              ? html`<todo-search
                  list=${this.list}
                  .value=${this.query}
                  theme=${theme}
                  exportparts="search"
                ></todo-search>`
              : nothing
          }
        </header>
        <todo-list
          list=${this.list}
          database=${this.database}
          storage=${this.storage}
          theme=${theme}
          filter=${filter}
          .query=${this.searchable ? this.query : ''}
          ?reorderable=${this.reorderable}
          exportparts="list, toggle-all, status: list-status, item, handle, toggle, title, match, edit, delete-button, badge, item-error, retry-button, search-count, move-status, drafts"
        ></todo-list>
        <todo-footer
          list=${this.list}
          database=${this.database}
          storage=${this.storage}
          theme=${theme}
          filter=${filter}
          routing=${routing}
          exportparts="footer, counter, filters, clear-button"
        ></todo-footer>
        <p class="undo" part="undo" role="status" data-testid="undo-status">${this.#renderUndo()}</p>
        ${
          this.exportable
            ? html`<todo-transfer
                part="transfer"
                exportparts="export-button, export-csv-button, import-button, progress, message: transfer-message"
                list=${this.list}
                database=${this.database}
                storage=${this.storage}
                theme=${theme}
              ></todo-transfer>`
            : nothing
        }
        ${this.#features.has('sync') ? syncStatusTemplate(this, theme) : nothing} ${noticeTemplate(this.#status, i18n)}
        ${errorTemplate(this.#status, this._error, i18n, {
          dismissMemoryLost: () => ((this.#status.memoryLost = undefined), this.requestUpdate()),
          dismissError: () => (this._error = undefined),
        })}
        ${
          this.showStatus
            ? html`<p class="status" part="status" data-testid="db-status" data-role=${this.#status.role} role="status">
                <span class="dot" aria-hidden="true"></span>${this.#status.describe(i18n.translator)}
              </p>`
            : nothing
        }
      </div>
    `;
  }

  async #loadUndo(): Promise<void> {
    const { UndoController } = await import('../../controllers/undo-controller');
    this.#undo = new UndoController(this, {
      translator: () => this.#i18n.translator,
      list: () => this.list,
      focusInNotice: () => this.shadowRoot?.activeElement?.closest('.undo') != null,
      onError: (error: TodoError) => this.reportError(error),
    });
  }

  #renderUndo() {
    const undo = this.#undo;
    return undo?.notice
      ? undoNoticeTemplate(undo.notice, (action) => undo.undo(action), this.#i18n.t('undo'))
      : nothing;
  }
}
