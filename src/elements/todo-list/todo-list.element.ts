import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { tokens } from '../../styles/tokens';
import { styles } from './todo-list.styles';
import { TodoWindowController, windowAround } from '../../controllers/todo-window-controller';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import { PendingTodosController } from '../../controllers/pending-todos-controller';
import { PendingChangesController } from '../../controllers/pending-changes-controller';
import { ViewportController } from '../../controllers/viewport-controller';
import { MarkAllController } from '../../controllers/mark-all-controller';
import { getTodoRepository } from '../../registry';
import type { TodoFilter } from '../../db/repositories/todos';
import type { StorageMode } from '../../db/storage';
import { DEFAULT_LIST } from '../../db/limits';
import { TodoError } from '../../errors';
import { todoError, todoToggle } from '../../events/todo-events';
import { parseFilter } from '../../internal/filter';
import { listView, matchesFilter, type ListView, type Row } from './list-view';

/**
 * The live list of todos of `list` that match `filter`, with "Mark all as complete".
 * Updates when anything changes in any tab. Hidden while the list has no todos.
 *
 * Windowed: only the rows in or near the viewport are in the DOM (the list's padding stands
 * in for the others, so the page scrolls as if all were there), and only a window of rows a
 * little larger than that is asked of the database and kept in the tab, moved as the page
 * scrolls; a row whose window is still on the way shows as an empty placeholder. That keeps
 * 100,000 todos as cheap to show, and to keep live, as 30. Each row says its place
 * (`aria-posinset` of `aria-setsize`) so screen readers still announce "item 5,001 of 10,000".
 * Which rows to draw is `ViewportController`'s; which to fetch, `TodoWindowController`'s;
 * this tab's adds join them in `listView`; the checkbox is `MarkAllController`'s.
 *
 * A warm start (the database is stored, the page just opened) paints the rows the leader last
 * read for this list and filter, from the window snapshot, before the database runs, and
 * swaps in the live rows when they come (`aria-busy` stays true until then). Toggles, renames
 * and deletes made on them meanwhile show as pending and are sent once it runs
 * (`PendingChangesController`), as adds typed then already were.
 *
 * @summary The live list of todos.
 * @tagname todo-list
 * @attr database - Which database to use; every element with the same `database` shares one. Default: the one
 *   `configure()` names, else `todo-widget`. Read when the element connects.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`: where that database keeps its files, when this element is the
 *   first to open it. Default: what `configure()` says, else `auto`.
 * @attr list - Which list to show. Default `default`.
 * @attr filter - `all`, `active` or `completed`; reflected. Anything else shows all.
 * @attr empty-text - Shown when the filter matches nothing.
 * @fires {CustomEvent<TodoToggleDetail>} todo-toggle - "Mark all" changed todos (one event per call, `todo` is the first changed).
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - The list could not be loaded or a change failed.
 * @csspart list - The list of rows.
 * @csspart toggle-all - The "Mark all as complete" checkbox.
 * @csspart status - The loading or error message.
 * @cssprop [--todo-color-surface=#ffffff] - Background of the rows.
 * @cssprop [--todo-color-border=#e6e6e6] - Lines between rows.
 */
export class TodoList extends LitElement {
  static override styles = [tokens, styles];
  static override properties = {
    database: {},
    storage: {},
    list: { type: String, reflect: true },
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    emptyText: { type: String, attribute: 'empty-text' },
  };

  /** Which database this element uses; unset or empty: the default one (see `configure()`). */
  declare database: string | undefined;
  /** Where its database keeps its files, if this element is the first to open it; unset: `configure()`'s choice. */
  declare storage: StorageMode | '' | undefined;
  /** Which list to show. */
  declare list: string;
  /** Which todos to show. */
  declare filter: TodoFilter;
  /** Text shown when the filter matches nothing. */
  declare emptyText: string;

  /** This tab's adds the rows do not show yet; a new one that the filter shows brings the end of the list into view. */
  readonly #pending = new PendingTodosController(this, {
    list: () => this.list,
    onAdd: (todo) => {
      if (matchesFilter(parseFilter(this.filter), todo)) this.#viewport.showEnd();
    },
  });

  /** This tab's changes to rows made before the database ran, shown over them until a result has them. */
  readonly #changes = new PendingChangesController(this);

  readonly #rows = new TodoWindowController(this, {
    args: () => [this.list, parseFilter(this.filter)] as const,
    initialRange: () => windowAround({ start: 0, end: this.#viewport.firstScreenRows }),
    // This tab's adds are the newest todos, at the end: only a window that reaches the end
    // shows them, so only such a result replaces them (until then they stay drawn from here).
    onResult: ({ offset, todos, total }) => {
      if (offset + todos.length >= total) this.#pending.seen();
      this.#changes.seen();
    },
    onError: (error) => this.#reportError(error),
  });

  readonly #counts = new TodoCountsController(this, () => this.list);

  /** Which rows are drawn; moves the database window along as they change. */
  readonly #viewport = new ViewportController(this, {
    count: () => this.#view.count,
    args: () => [this.list, parseFilter(this.filter)],
    list: () => this.renderRoot.querySelector<HTMLElement>('.todo-list'),
    rows: 'todo-item',
    onRange: (rows, count) => this.#rows.cover(rows, count),
  });

  readonly #markAll = new MarkAllController(this, {
    counts: () => this.#counts.value,
    markAll: (completed) => getTodoRepository(this).toggleAll(this.list, completed),
  });

  /** The rows this update shows (computed in `willUpdate`). */
  #view: ListView = listView(undefined, [], 'all');

  constructor() {
    super();
    this.list = DEFAULT_LIST;
    this.filter = 'all';
    this.emptyText = '';
  }

  /** Resolves when the first rows are on screen (or loading failed and says so). */
  get ready(): Promise<void> {
    return Promise.all([this.#rows.ready, this.#counts.ready]).then(() => this.updateComplete.then(() => undefined));
  }

  #reportError(error: TodoError): void {
    this.dispatchEvent(todoError({ error, list: this.list }));
  }

  override willUpdate(): void {
    const local = this.#pending.todos;
    // Until the database runs, the rows of the window snapshot (a warm start), if current.
    const { status } = this.#rows;
    const slice = status === 'ready' ? this.#rows.value : status === 'pending' ? this.#rows.snapshot : undefined;
    this.#view = listView(slice, local, parseFilter(this.filter), (row) => this.#changes.overlay(row));
    // Hidden while the list has no todos at all, so a host shows just the input. Rows and
    // counts are two live queries that can arrive in either order: hide only when both agree.
    const total = this.#counts.value?.total ?? 0;
    const rows = (slice?.total ?? 0) + local.length;
    this.toggleAttribute('hidden', slice !== undefined && total === 0 && rows === 0);
  }

  override render() {
    // Busy until the live rows are in, also while the snapshot's are shown.
    const loading = this.#rows.status === 'pending';
    return html`
      <section class="main" aria-busy=${loading ? 'true' : 'false'} aria-label="Todos">
        ${this.#rows.render({
          pending: () =>
            this.#pending.todos.length > 0 || this.#rows.snapshot
              ? this.#renderRows()
              : html`<p class="state loading" part="status" role="status">
                  <span class="spinner" aria-hidden="true"></span>Loading todos…
                </p>`,
          ready: () => this.#renderRows(),
          error: (error) =>
            html`<p class="state error" part="status" role="alert">
              Your todos could not be loaded: ${error.message}
            </p>`,
        })}
      </section>
    `;
  }

  #renderRows() {
    const view = this.#view;
    const { count } = view;
    const { start, end } = this.#viewport.range;
    const places: (Row | number)[] = [];
    for (let index = start; index < end; index++) places.push(view.rowAt(index) ?? index);
    return html`
      <div class="toggle-all-row">
        <input
          id="toggle-all"
          class="toggle-all"
          part="toggle-all"
          type="checkbox"
          .checked=${this.#markAll.checked}
          ?disabled=${this.#markAll.disabled}
          @change=${this.#onToggleAll}
        />
        <label for="toggle-all">Mark all as complete</label>
      </div>
      <div role="list" part="list" class="todo-list" aria-label="Todo items" @focusin=${this.#viewport.onFocusIn}>
        ${repeat(
          places,
          (place) => (typeof place === 'number' ? place : place.id),
          (place, index) =>
            typeof place === 'number'
              ? html`<div
                  class="placeholder"
                  role="listitem"
                  aria-busy="true"
                  aria-setsize=${count}
                  aria-posinset=${place + 1}
                ></div>`
              : html`<todo-item
                  .todo=${place}
                  ?pending=${place.pending === true}
                  list=${this.list}
                  .database=${this.database}
                  .storage=${this.storage}
                  aria-setsize=${count}
                  aria-posinset=${start + index + 1}
                ></todo-item>`,
        )}
      </div>
      ${count === 0 && this.emptyText ? html`<p class="empty">${this.emptyText}</p>` : nothing}
    `;
  }

  async #onToggleAll(event: Event): Promise<void> {
    const completed = (event.target as HTMLInputElement).checked;
    try {
      await this.#markAll.set(completed);
      const first = this.#rows.value?.todos[0];
      if (first) this.dispatchEvent(todoToggle({ todo: { ...first, completed }, list: this.list }));
    } catch (error) {
      this.#reportError(error instanceof TodoError ? error : new TodoError(String(error)));
    }
  }
}
