import { html, nothing } from 'lit';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { styles } from './todo-list.styles';
import { TodoWindowController, windowAround } from '../../controllers/todo-window-controller';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import { PendingTodosController } from '../../controllers/pending-todos-controller';
import { PendingChangesController } from '../../controllers/pending-changes-controller';
import { ViewportController } from '../../controllers/viewport-controller';
import { MarkAllController } from '../../controllers/mark-all-controller';
import type { ReorderController } from '../../controllers/reorder-controller';
import { editDrafts } from '../../controllers/edit-drafts';
import { markAllRecorded, moveRecorded } from '../recorded-writes';
import {
  draftsTemplate,
  rowsTemplate,
  searchCountTemplate,
  toggleAllTemplate,
  type RowContext,
} from './todo-list.rows';
import type { TodoFilter } from '../../db/repositories/todos';
import { TodoError } from '../../errors';
import { todoToggle } from '../../events/todo-events';
import { parseFilter } from '../../view/filter';
import { listView, matchesFilter, type ListView, type Row } from '../../view/list-view';
import { LocalizeController } from '../../controllers/localize-controller';
import { emptyState } from '../../internal/empty-state';

/**
 * The live list of todos of `list` that match `filter`, with "Mark all as complete".
 * Updates when anything changes in any tab; not shown while the list has no todos (state `empty`).
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
 * @attr lang - The language of its text and its rows'; default: the nearest `lang` around it (see README, Languages).
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme. Handed to its rows.
 * @attr query - Search text: shows only the todos whose titles match it, best match first, with the matched words
 *   marked (full-text search; the last word matches as a prefix, so "mil" finds "Buy milk"). Combines with `filter`.
 *   Empty: the whole list. While it searches, "Mark all as complete" is hidden (it would change todos not shown).
 * @attr reorderable - Rows get a "Move" handle: drag it (mouse, pen, touch), or press Alt+Arrow Up/Down on it, to
 *   put the todo elsewhere; a polite status says where ("Moved to position 3 of 7"). In a filtered view a todo moves
 *   relative to the rows shown. The order is shared by every tab and kept.
 * @fires {CustomEvent<TodoToggleDetail>} todo-toggle - "Mark all" changed todos (one event per call, `todo` is the first changed).
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - The list could not be loaded or a change failed.
 * @csspart list - The list of rows.
 * @csspart toggle-all - The "Mark all as complete" checkbox.
 * @csspart status - The loading or error message.
 * @csspart item - Each row (forwarded from `<todo-item>`, like the parts below).
 * @csspart toggle - Each row's checkbox.
 * @csspart title - Each row's title.
 * @csspart edit - The edit field of the row being edited.
 * @csspart delete-button - Each row's delete button.
 * @csspart badge - "saving…" on a row not yet saved.
 * @csspart item-error - Why the last change to a row failed (`<todo-item>`'s `error` part).
 * @csspart search-count - While searching: "3 matches" or "No todos match" (a polite status, `data-testid="todo-search-count"`).
 * @csspart match - A matched word in a title (forwarded from `<todo-item>`).
 * @csspart handle - Each row's "Move" handle (with `reorderable`).
 * @csspart retry-button - "Retry" on a row whose add failed.
 * @csspart move-status - The polite announcement of a move's result (visually hidden).
 * @cssstate empty - The list has no todos: not shown (`data-empty` where custom states are missing); `hidden` stays the author's.
 * @csspart drafts - Edits in progress whose row left the view (filtered out, scrolled away), until finished or cancelled.
 * @cssprop [--todo-color-surface=#ffffff] - Background of the rows.
 * @cssprop [--todo-color-border=#e6e6e6] - Lines between rows.
 */
export class TodoList extends DatabaseElement {
  static override styles = [tokens, styles];
  static override properties = {
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    emptyText: { type: String, attribute: 'empty-text' },
    query: { type: String },
    reorderable: { type: Boolean, reflect: true },
  };

  /** Which todos to show. */
  declare filter: TodoFilter;
  /** Text shown when the filter matches nothing. */
  declare emptyText: string;
  /** Search text; blank shows the whole list. */
  declare query: string;
  /** Rows can be moved (drag handle, Alt+Arrow Up/Down). */
  declare reorderable: boolean;

  /** This tab's adds the rows do not show yet; a new one that the filter shows brings the end of the list into view. */
  readonly #pending = new PendingTodosController(this, {
    list: () => this.list,
    onAdd: (todo) => {
      if (!this.#searching && matchesFilter(parseFilter(this.filter), todo)) this.#viewport.showEnd();
    },
  });

  /** This tab's changes to rows made before the database ran, shown over them until a result has them. */
  readonly #changes = new PendingChangesController(this);

  readonly #rows = new TodoWindowController(this, {
    args: () => [this.list, parseFilter(this.filter), this.#searchText] as const,
    initialRange: () => windowAround({ start: 0, end: this.#viewport.firstScreenRows }),
    // This tab's adds are the newest todos, at the end: only a window that reaches the end
    // shows them, so only such a result replaces them (until then they stay drawn from here).
    onResult: ({ offset, todos, total }) => {
      if (offset + todos.length >= total) this.#pending.seen();
      this.#changes.seen();
      this.#markAll.seen();
    },
    onError: (error) => this.reportError(error),
  });

  readonly #counts = new TodoCountsController(this, () => this.list);

  /** Which rows are drawn; moves the database window along as they change. */
  readonly #viewport = new ViewportController(this, {
    count: () => this.#view.count,
    args: () => [this.list, parseFilter(this.filter), this.#searchText],
    list: () => this.renderRoot.querySelector<HTMLElement>('.todo-list'),
    rows: 'todo-item',
    onRange: (rows, count) => this.#rows.cover(rows, count),
  });

  readonly #markAll = new MarkAllController(this, {
    list: () => this.list,
    counts: () => this.#counts.value,
    markAll: (completed) => {
      return markAllRecorded(this.services, this.list, completed);
    },
  });

  readonly #i18n = new LocalizeController(this);
  readonly #setEmpty = emptyState(this);

  /** What the search status says (see `#renderSearchCount`). */
  #searchCount = '';

  /**
   * Manual order (keyboard and pointer moves of the rows drawn): loaded the first time
   * `reorderable` is set, so a page whose lists are not reorderable never downloads it.
   */
  #reorder?: ReorderController;
  #reorderLoading = false;

  /** The rows this update shows (computed in `willUpdate`). */
  #view: ListView = listView(undefined, [], 'all');
  #stopDrafts?: () => void;

  constructor() {
    super();
    this.filter = 'all';
    this.emptyText = '';
    this.query = '';
    this.reorderable = false;
  }

  /** The search text, or '' for none (blank text is no search). */
  get #searchText(): string {
    return this.query?.trim() ? this.query : '';
  }

  get #searching(): boolean {
    return this.#searchText !== '';
  }

  /** Resolves when the first rows are on screen (or loading failed and says so). */
  get ready(): Promise<void> {
    return Promise.all([this.#rows.ready, this.#counts.ready]).then(() => this.updateComplete.then(() => undefined));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopDrafts = editDrafts.subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopDrafts?.();
  }

  override willUpdate(): void {
    if (this.reorderable && !this.#reorderLoading) {
      // A chunk that fails to load (a deploy, a network error) is said, not retried on every update.
      this.#loadReorder().catch((error: unknown) =>
        this.reportError(new TodoError(`Moving todos is unavailable: ${String(error)}`)),
      );
    }
    // Results are ranked, not in creation order: this tab's unsaved adds join them once saved.
    const local = this.#searching ? [] : this.#pending.todos;
    // Until the database runs, the rows of the window snapshot (a warm start), if current.
    const { status } = this.#rows;
    const slice = status === 'ready' ? this.#rows.value : status === 'pending' ? this.#rows.snapshot : undefined;
    // Mark all first, then this tab's changes to single rows, which are the later ones where both
    // are shown (a row unchecked right after Mark all).
    this.#view = listView(slice, local, parseFilter(this.filter), (row) =>
      this.#changes.overlay(this.#markAll.overlay(row)),
    );
    // Not shown while the list has no todos at all, so a host shows just the input. Rows and
    // counts are two live queries that can arrive in either order: hide only when both agree.
    const total = this.#counts.value?.total ?? 0;
    const rows = (slice?.total ?? 0) + local.length;
    this.#setEmpty(slice !== undefined && total === 0 && rows === 0);
  }

  override render() {
    // Busy until the live rows are in, also while the snapshot's are shown.
    const loading = this.#rows.status === 'pending';
    return html`
      <section class="main" aria-busy=${loading ? 'true' : 'false'} aria-label=${this.#i18n.t('todosRegion')}>
        ${this.#rows.render({
          pending: () =>
            (this.#pending.todos.length > 0 && !this.#searching) || this.#rows.snapshot
              ? this.#renderRows()
              : html`<p class="state loading" part="status" role="status">
                  <span class="spinner" aria-hidden="true"></span>${this.#i18n.t('loadingTodos')}
                </p>`,
          ready: () => this.#renderRows(),
          // This tab's adds stay on screen (failed, retriable) even when the list cannot load.
          error: (error) =>
            html`${this.#pending.todos.length > 0 ? this.#renderRows() : nothing}
              <p class="state error" part="status" role="alert">
                ${this.#i18n.t('loadFailed', { message: this.#i18n.error(error) })}
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
    const query = this.#searchText;
    return html`
      ${query ? this.#renderSearchCount(count) : this.#renderToggleAll()}
      <div
        role="list"
        part="list"
        class="todo-list"
        aria-label=${this.#i18n.t('todoItems')}
        @focusin=${this.#viewport.onFocusIn}
        @keydown=${this.#onRowsKeyDown}
        @pointerdown=${this.#onRowsPointerDown}
      >
        ${rowsTemplate(places, this.#rowContext(query), count, start)}
      </div>
      ${this.#renderDrafts(places)}
      ${count === 0 && this.emptyText && !query ? html`<p class="empty">${this.emptyText}</p>` : nothing}
      ${
        this.reorderable
          ? html`<p
              class="visually-hidden"
              part="move-status"
              role="status"
              aria-live="polite"
              data-testid="todo-move-status"
            >
              ${this.#reorder?.announcement ?? ''}
            </p>`
          : nothing
      }
    `;
  }

  #renderToggleAll() {
    const { checked, disabled } = this.#markAll;
    return toggleAllTemplate(checked, disabled, this.#onToggleAll, this.#i18n.t('markAllComplete'));
  }

  /**
   * How many todos the search found, said politely (a screen reader hears it as results change).
   * Until the rows are this search's (a keystroke's results are on the way), it keeps saying what
   * the last search found, never the whole list's count.
   */
  #renderSearchCount(count: number) {
    const [list, filter, query] = this.#rows.valueArgs ?? [];
    const current = list === this.list && filter === parseFilter(this.filter) && query === this.#searchText;
    if (current)
      this.#searchCount = count === 0 ? this.#i18n.t('searchNoMatches') : this.#i18n.plural('searchMatches', count);
    else if (!query) this.#searchCount = '';
    return searchCountTemplate(this.#searchCount);
  }

  readonly #onRowsKeyDown = (event: KeyboardEvent) => this.#reorder?.onKeyDown(event);
  readonly #onRowsPointerDown = (event: PointerEvent) => this.#reorder?.onPointerDown(event);

  async #loadReorder(): Promise<void> {
    this.#reorderLoading = true;
    const { ReorderController } = await import('../../controllers/reorder-controller');
    // Added to a connected host, the controller starts at once (Lit calls hostConnected).
    this.#reorder = new ReorderController(this, {
      enabled: () => this.reorderable,
      view: () => this.#view,
      rows: () => this.renderRoot.querySelector<HTMLElement>('.todo-list'),
      announce: (position, count) => this.#i18n.t('movedTo', { position, count }),
      move: (id, place) => {
        const before = this.#rows.value?.todos.find((todo) => todo.id === id);
        const list = this.list;
        return moveRecorded(this.services, list, id, before, place);
      },
      onError: (error) => this.reportError(error),
    });
    this.requestUpdate();
  }

  /** What every <todo-item> of this list is given. */
  #rowContext(query = ''): RowContext {
    const { list, database, storage, theme, reorderable } = this;
    return { list, database, storage, theme, query, reorderable };
  }

  /** Edits in progress whose row is not drawn (see `draftsTemplate`). */
  #renderDrafts(places: readonly (Row | number)[]) {
    const drawn = new Set(places.map((place) => (typeof place === 'number' ? undefined : place.id)));
    const detached = editDrafts
      .of(this.renderRoot)
      .filter((draft) => !drawn.has(draft.todo.id) && draft.todo.list === this.list);
    return draftsTemplate(detached, this.#rowContext(), this.#i18n.t('unfinishedEdits'));
  }

  async #onToggleAll(event: Event): Promise<void> {
    const completed = (event.target as HTMLInputElement).checked;
    try {
      await this.#markAll.set(completed);
      const first = this.#rows.value?.todos[0];
      if (first) this.announce(todoToggle({ todo: { ...first, completed }, list: this.list }));
    } catch (error) {
      this.reportError(error);
    }
  }
}
