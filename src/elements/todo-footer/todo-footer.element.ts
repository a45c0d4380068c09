import { LitElement, html, nothing } from 'lit';
import { tokens } from '../../styles/tokens';
import type { StorageMode } from '../../db/storage';
import { styles } from './todo-footer.styles';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import { getTodoRepository } from '../../registry';
import type { TodoFilter } from '../../db/repositories/todos';
import { DEFAULT_LIST } from '../../db/limits';
import { TodoError } from '../../errors';
import { todoError, todoFilterChange, todoRemove } from '../../events/todo-events';
import { parseFilter } from '../../internal/filter';

const FILTER_LINKS: ReadonlyArray<{ filter: TodoFilter; href: string; label: string }> = [
  { filter: 'all', href: '#/', label: 'All' },
  { filter: 'active', href: '#/active', label: 'Active' },
  { filter: 'completed', href: '#/completed', label: 'Completed' },
];

/**
 * Counter, filters and "Clear completed" for `list`. Clicking a filter changes `filter`
 * and fires `todo-filter-change`; it leaves the page URL alone unless `routing="hash"`.
 * Hidden while the list has no todos.
 *
 * @summary Counter, filters and "Clear completed".
 * @tagname todo-footer
 * @attr database - Which database to use; every element with the same `database` shares one. Default: the one
 *   `configure()` names, else `todo-widget`. Read when the element connects.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`: where that database keeps its files, when this element is the
 *   first to open it. Default: what `configure()` says, else `auto`.
 * @attr list - Which list to count. Default `default`.
 * @attr filter - The selected filter: `all`, `active` or `completed`; reflected.
 * @attr routing - `none` (default) keeps the filter inside the widget; `hash` lets the links change `location.hash`.
 * @fires {CustomEvent<TodoFilterChangeDetail>} todo-filter-change - The user picked a filter.
 * @fires {CustomEvent<TodoRemoveDetail>} todo-remove - "Clear completed" deleted todos.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - Counting or clearing failed.
 * @csspart footer - The bar.
 * @csspart counter - "N items left".
 * @csspart filters - The filter links.
 * @csspart clear-button - "Clear completed".
 * @cssprop [--todo-color-muted=#6b6b6b] - Text colour of the bar.
 * @cssprop [--todo-color-accent=#b83f45] - Outline of the selected filter.
 */
export class TodoFooter extends LitElement {
  static override styles = [tokens, styles];
  static override properties = {
    database: {},
    storage: {},
    list: { type: String, reflect: true },
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    routing: { type: String, reflect: true },
  };

  /** Which database this element uses; unset or empty: the default one (see `configure()`). */
  declare database: string | undefined;
  /** Where its database keeps its files, if this element is the first to open it; unset: `configure()`'s choice. */
  declare storage: StorageMode | '' | undefined;
  /** Which list to count. */
  declare list: string;
  /** The selected filter. */
  declare filter: TodoFilter;
  /** `hash` lets the filter links change `location.hash`; anything else keeps the URL untouched. */
  declare routing: 'none' | 'hash';

  readonly #counts = new TodoCountsController(
    this,
    () => this.list,
    (error) => this.dispatchEvent(todoError({ error, list: this.list })),
  );

  constructor() {
    super();
    this.list = DEFAULT_LIST;
    this.filter = 'all';
    this.routing = 'none';
  }

  /** Resolves when the first counts are on screen. */
  get ready(): Promise<void> {
    return this.#counts.ready.then(() => this.updateComplete.then(() => undefined));
  }

  override willUpdate(): void {
    const counts = this.#counts.value;
    this.toggleAttribute('hidden', !counts || counts.total === 0);
  }

  override render() {
    const counts = this.#counts.value;
    if (!counts) return nothing;
    const filter = parseFilter(this.filter);
    return html`
      <footer part="footer" class="footer">
        <span class="todo-count" part="counter" data-testid="todo-count" aria-live="polite"
          ><strong>${counts.active}</strong> ${counts.active === 1 ? 'item' : 'items'} left</span
        >
        <ul class="filters" part="filters" aria-label="Show">
          ${FILTER_LINKS.map(
            (link) =>
              html`<li>
                <a
                  href=${link.href}
                  class=${link.filter === filter ? 'selected' : ''}
                  aria-current=${link.filter === filter ? 'page' : 'false'}
                  @click=${(event: MouseEvent) => this.#select(event, link.filter)}
                  >${link.label}</a
                >
              </li>`,
          )}
        </ul>
        ${
          counts.completed > 0
            ? html`<button class="clear-completed" part="clear-button" type="button" @click=${this.#clearCompleted}>
                Clear completed
              </button>`
            : html`<span></span>`
        }
      </footer>
    `;
  }

  #select(event: MouseEvent, filter: TodoFilter): void {
    // A widget must not change the host page's URL or scroll it, unless asked to route.
    if (this.routing !== 'hash') event.preventDefault();
    this.filter = filter;
    this.dispatchEvent(todoFilterChange({ filter, list: this.list }));
  }

  async #clearCompleted(): Promise<void> {
    const list = this.list;
    try {
      const ids = await getTodoRepository(this).clearCompleted(list);
      this.dispatchEvent(todoRemove({ ids, list }));
    } catch (error) {
      this.dispatchEvent(todoError({ error: error instanceof TodoError ? error : new TodoError(String(error)), list }));
    }
  }
}
