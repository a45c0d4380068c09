import { html, nothing } from 'lit';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { clearCompletedRecorded } from '../recorded-writes';
import { styles } from './todo-footer.styles';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import type { TodoFilter } from '../../db/repositories/todos';
import { todoFilterChange, todoRemove } from '../../events/todo-events';
import { parseFilter } from '../../view/filter';
import { LocalizeController } from '../../controllers/localize-controller';
import { emptyState } from '../../internal/empty-state';
import type { TextKey } from '../../i18n/messages';

const FILTER_LINKS: ReadonlyArray<{ filter: TodoFilter; href: string; label: TextKey }> = [
  { filter: 'all', href: '#/', label: 'filterAll' },
  { filter: 'active', href: '#/active', label: 'filterActive' },
  { filter: 'completed', href: '#/completed', label: 'filterCompleted' },
];

/**
 * Counter, filters and "Clear completed" for `list`. Clicking a filter changes `filter`
 * and fires `todo-filter-change`; it leaves the page URL alone unless `routing="hash"`.
 * Not shown while the list has no todos: the custom state `empty` (`todo-footer:state(empty)`; the
 * `data-empty` attribute where custom states are missing). `hidden` stays the author's.
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
 * @attr lang - The language of its text; default: the nearest `lang` around it (see README, Languages).
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme.
 * @fires {CustomEvent<TodoFilterChangeDetail>} todo-filter-change - The user picked a filter.
 * @fires {CustomEvent<TodoRemoveDetail>} todo-remove - "Clear completed" deleted todos.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - Counting or clearing failed.
 * @csspart footer - The bar.
 * @csspart counter - "N items left".
 * @csspart filters - The filter links.
 * @csspart clear-button - "Clear completed".
 * @cssstate empty - The list has no todos: not shown (`data-empty` where custom states are missing); `hidden` stays the author's.
 * @cssprop [--todo-color-muted=#6b6b6b] - Text colour of the bar.
 * @cssprop [--todo-color-accent=#b83f45] - Outline of the selected filter.
 */
export class TodoFooter extends DatabaseElement {
  static override styles = [tokens, styles];
  static override properties = {
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    routing: { type: String, reflect: true },
  };

  /** The selected filter. */
  declare filter: TodoFilter;
  /** `hash` lets the filter links change `location.hash`; anything else keeps the URL untouched. */
  declare routing: 'none' | 'hash';

  readonly #counts = new TodoCountsController(
    this,
    () => this.list,
    (error) => this.reportError(error),
  );

  readonly #i18n = new LocalizeController(this);
  readonly #setEmpty = emptyState(this);

  constructor() {
    super();
    this.filter = 'all';
    this.routing = 'none';
  }

  /** Resolves when the first counts are on screen. */
  get ready(): Promise<void> {
    return this.#counts.ready.then(() => this.updateComplete.then(() => undefined));
  }

  override willUpdate(): void {
    const counts = this.#counts.value;
    this.#setEmpty(!counts || counts.total === 0);
  }

  override render() {
    const counts = this.#counts.value;
    if (!counts) return nothing;
    const filter = parseFilter(this.filter);
    return html`
      <footer part="footer" class="footer">
        <span class="todo-count" part="counter" data-testid="todo-count" aria-live="polite"
          >${this.#counter(counts.active)}</span
        >
        <ul class="filters" part="filters" aria-label=${this.#i18n.t('filtersLabel')}>
          ${FILTER_LINKS.map(
            (link) =>
              html`<li>
                <a
                  href=${link.href}
                  class=${link.filter === filter ? 'selected' : ''}
                  aria-current=${link.filter === filter ? 'page' : 'false'}
                  @click=${(event: MouseEvent) => this.#select(event, link.filter)}
                  >${this.#i18n.t(link.label)}</a
                >
              </li>`,
          )}
        </ul>
        ${
          counts.completed > 0
            ? html`<button class="clear-completed" part="clear-button" type="button" @click=${this.#clearCompleted}>
                ${this.#i18n.t('clearCompleted')}
              </button>`
            : html`<span></span>`
        }
      </footer>
    `;
  }

  /** "N items left" with the number in <strong>, wherever the language puts it ("残り 5 件"). */
  #counter(active: number) {
    const { template, count } = this.#i18n.translator.pluralTemplate('itemsLeft', active);
    const at = template.indexOf('{count}');
    if (at < 0) return template; // "عنصر واحد": the words say the number
    return html`${template.slice(0, at)}<strong>${count}</strong>${template.slice(at + '{count}'.length)}`;
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
      const todos = await clearCompletedRecorded(this.services, list);
      this.announce(todoRemove({ ids: todos.map((todo) => todo.id), list }));
    } catch (error) {
      this.reportError(error, list);
    }
  }
}
