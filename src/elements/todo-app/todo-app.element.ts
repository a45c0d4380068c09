import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { tokens } from '../../styles/tokens';
import type { StorageMode } from '../../db/storage';
import { styles } from './todo-app.styles';
import { DatabaseStatusController } from '../../controllers/database-status-controller';
import type { TodoFilter } from '../../db/repositories/todos';
import { DEFAULT_LIST } from '../../db/limits';
import { todoError, type TodoErrorDetail, type TodoFilterChangeDetail } from '../../events/todo-events';
import { parseFilter } from '../../internal/filter';
import type { TodoInput } from '../todo-input/todo-input.element';
import type { TodoList } from '../todo-list/todo-list.element';
import type { TodoFooter } from '../todo-footer/todo-footer.element';

const HASH_FILTERS: Record<string, TodoFilter> = { '#/': 'all', '#/active': 'active', '#/completed': 'completed' };

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
 * @attr routing - `none` (default): the filter lives inside the widget; `hash`: it follows `#/`, `#/active`, `#/completed`.
 * @attr autofocus - Focus the new-todo field on first render.
 * @attr show-status - Show whether this tab runs the database and where data is kept.
 * @fires {CustomEvent<TodoAddDetail>} todo-add - A todo was added (bubbles from `<todo-input>`).
 * @fires {CustomEvent<TodoToggleDetail>} todo-toggle - A todo was marked done or not done.
 * @fires {CustomEvent<TodoRenameDetail>} todo-rename - A title was changed.
 * @fires {CustomEvent<TodoRemoveDetail>} todo-remove - Todos were deleted.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - Something failed; the widget also shows it. Also fired once with a
 *   `SchemaTooNewError` when a newer version of the widget in another tab upgraded the database (this page must reload).
 * @fires {CustomEvent<TodoFilterChangeDetail>} todo-filter-change - The user picked a filter.
 * @slot heading - Optional heading above the field, e.g. `<h2 slot="heading">Groceries</h2>`.
 * @csspart app - The card around everything.
 * @csspart input - The new-todo field (forwarded from `<todo-input>`).
 * @csspart status - The database status line (with `show-status`).
 * @csspart error - The last error, with a dismiss button.
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
export class TodoApp extends LitElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    database: {},
    storage: {},
    list: { type: String, reflect: true },
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    routing: { type: String, reflect: true },
    autofocus: { type: Boolean, reflect: true },
    showStatus: { type: Boolean, reflect: true, attribute: 'show-status' },
    _error: { state: true },
  };

  /** Which database this element uses; unset or empty: the default one (see `configure()`). */
  declare database: string | undefined;
  /** Where its database keeps its files, if this element is the first to open it; unset: `configure()`'s choice. */
  declare storage: StorageMode | '' | undefined;
  /** Which list to show. */
  declare list: string;
  /** The selected filter. */
  declare filter: TodoFilter;
  /** `hash` makes the filter follow `location.hash`. */
  declare routing: 'none' | 'hash';
  /** Focus the new-todo field on first render. */
  declare autofocus: boolean;
  /** Show the database status line. */
  declare showStatus: boolean;
  declare private _error: string;

  readonly #status = new DatabaseStatusController(this);
  /** The database's role when the error shown was reported. */
  #errorRole?: string;
  #reportedOutdated = false;

  constructor() {
    super();
    this.list = DEFAULT_LIST;
    this.filter = 'all';
    this.routing = 'none';
    this.autofocus = false;
    this.showStatus = false;
    this._error = '';
    this.addEventListener('todo-error', (event: CustomEvent<TodoErrorDetail>) => {
      this._error = event.detail.error.message;
      this.#errorRole = this.#status.role;
    });
    this.addEventListener('todo-filter-change', (event: CustomEvent<TodoFilterChangeDetail>) => {
      // A footer inside this app picked a filter; with hash routing the hashchange does it.
      if (this.routing !== 'hash') this.filter = event.detail.filter;
    });
  }

  /** Resolves when the list and counts are on screen. */
  get ready(): Promise<void> {
    return this.updateComplete.then(async () => {
      const parts = this.shadowRoot!.querySelectorAll<TodoInput | TodoList | TodoFooter>(
        'todo-input, todo-list, todo-footer',
      );
      await Promise.all([...parts].map((part) => part.ready));
    });
  }

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
    // An error reported while the database could not start is over once it runs again.
    const running = this.#status.role === 'leader' || this.#status.role === 'follower';
    if (running && this._error && (this.#errorRole === 'failed' || this.#errorRole === 'starting')) this._error = '';
  }

  override updated(): void {
    // A newer version upgraded the database: say so once, like any other failure, so the
    // host page hears it too; the error line (below) stays until the page reloads.
    if (this.#status.role === 'outdated' && !this.#reportedOutdated && this.#status.error) {
      this.#reportedOutdated = true;
      this.dispatchEvent(todoError({ error: this.#status.error, list: this.list }));
    }
  }

  override render() {
    const filter = parseFilter(this.filter);
    const routing = this.routing === 'hash' ? 'hash' : 'none';
    return html`
      <div class="app" part="app">
        <header>
          <slot name="heading"></slot>
          <todo-input
            embedded
            list=${this.list}
            database=${this.database}
            storage=${this.storage}
            ?autofocus=${this.autofocus}
            exportparts="input"
          ></todo-input>
        </header>
        <todo-list list=${this.list} database=${this.database} storage=${this.storage} filter=${filter}></todo-list>
        <todo-footer
          list=${this.list}
          database=${this.database}
          storage=${this.storage}
          filter=${filter}
          routing=${routing}
        ></todo-footer>
        ${
          this.#status.notSavedNotice
            ? html`<p class="notice" part="notice" data-testid="storage-notice" role="status">
                ${this.#status.notSavedNotice}
              </p>`
            : nothing
        }
        ${
          this.#status.role === 'outdated'
            ? html`<p class="error" part="error" role="alert" data-testid="reload-needed">
                <span>${this.#status.error?.message}</span>
                <button type="button" @click=${() => location.reload()}>Reload</button>
              </p>`
            : this.#status.memoryLost
              ? html`<p class="error" part="error" role="alert" data-testid="memory-lost">
                  <span>${this.#status.memoryLost.message}</span>
                  <button type="button" @click=${() => ((this.#status.memoryLost = undefined), this.requestUpdate())}>
                    Dismiss
                  </button>
                </p>`
              : this.#status.role === 'failed' && this.#status.error
                ? html`<p class="error" part="error" role="alert" data-testid="start-failed">
                    <span>${this.#status.error.message}</span>
                  </p>`
                : this._error
                  ? html`<p class="error" part="error" role="alert">
                      <span>${this._error}</span>
                      <button type="button" @click=${() => (this._error = '')}>Dismiss</button>
                    </p>`
                  : nothing
        }
        ${
          this.showStatus
            ? html`<p class="status" part="status" data-testid="db-status" data-role=${this.#status.role} role="status">
                <span class="dot" aria-hidden="true"></span>${this.#status.text}
              </p>`
            : nothing
        }
      </div>
    `;
  }
}
