import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { tokens } from '../../styles/tokens';
import type { StorageMode } from '../../db/storage';
import { styles } from './todo-list.styles';
import { TodoWindowController } from '../../controllers/todo-window-controller';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import { afterCurrentScript, getPendingTodos, getTodoRepository } from '../../registry';
import type { Todo } from '../../db/schema';
import type { LocalTodo } from '../../db/pending-todos';
import type { TodoItem } from '../todo-item/todo-item.element';
import type { TodoCounts, TodoFilter, TodoWindow } from '../../db/repositories/todos';
import { DEFAULT_LIST } from '../../db/limits';
import { TodoError } from '../../errors';
import { todoError, todoToggle } from '../../events/todo-events';
import { parseFilter } from '../../internal/filter';

type Row = Todo & { readonly pending?: boolean };

/** The list as this tab knows it: how many rows, and those it has (the window, and its own adds). */
interface ListView {
  readonly count: number;
  /** The row at place `index`, or `undefined` while its window is on the way. */
  rowAt(index: number): Row | undefined;
}

/** A slice of the rows: `start` inclusive, `end` exclusive. */
interface RowWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Rows drawn beyond each edge of the viewport: Tab and Shift+Tab reach the next row (which
 * the browser then scrolls into view, moving the window), and a row added at the end of a
 * list scrolled to its end is drawn at once.
 */
const OVERSCAN_ROWS = 10;
/** How long after an add in this tab the list keeps its end in view (see `#showEndUntil`). */
const SHOW_END_SETTLE_MS = 600;
/**
 * Rows asked of the database beyond those drawn, on each side: scrolling that far needs no
 * round trip, and a list scrolled to its end gets the rows added there in the same window.
 */
const FETCH_MARGIN_ROWS = 60;
/** A new window is asked for when the drawn rows come this close to an edge of the one there is. */
const PREFETCH_ROWS = 20;
/** A one-line row (2.75rem + its border) until a drawn row has been measured. */
const DEFAULT_ROW_HEIGHT = 45;
/** Below this a measurement is taken for a hidden row, not a real one. */
const MIN_ROW_HEIGHT = 16;

/** `rows` and `added` (both ordered by id) as one list ordered by id. */
function mergeById(rows: readonly Row[], added: readonly Row[]): readonly Row[] {
  if (added.length === 0) return rows;
  const merged: Row[] = [];
  let i = 0;
  for (const row of added) {
    while (i < rows.length && rows[i]!.id < row.id) merged.push(rows[i++]!);
    merged.push(row);
  }
  while (i < rows.length) merged.push(rows[i++]!);
  return merged;
}

function matches(filter: TodoFilter, todo: Todo): boolean {
  return filter === 'all' || (filter === 'completed') === todo.completed;
}

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

  /** Tick of the last rows result (see PendingTodos.now). */
  #rowsSeenAt = 0;
  /** What the last "Mark all as complete" click asked for, until the counts agree. */
  #markAllIntent?: boolean;
  /** The rows drawn last time, and how many rows there were. */
  #window: RowWindow = { start: 0, end: 0 };
  #rowCount = 0;
  /** Average height of a drawn row, in px: how much padding stands for each row not drawn. */
  #rowHeight = DEFAULT_ROW_HEIGHT;
  /** Re-measures since the last scroll or data change (bounds a measure → render loop). */
  #remeasures = 0;
  /** Space standing for the rows above and below the drawn ones, in px. */
  #padding = { top: 0, bottom: 0 };

  readonly #rows = new TodoWindowController(this, {
    args: () => [this.list, parseFilter(this.filter)] as const,
    initialRange: () => ({
      offset: 0,
      limit: Math.ceil((window.innerHeight || 800) / DEFAULT_ROW_HEIGHT) + OVERSCAN_ROWS + FETCH_MARGIN_ROWS,
    }),
    // This tab's adds are the newest todos, at the end: only a window that reaches the end
    // shows them, so only such a result replaces them (until then they stay drawn from here).
    onResult: ({ offset, todos, total }) => {
      if (offset + todos.length >= total) this.#rowsSeenAt = getPendingTodos(this).now();
    },
    onError: (error) => this.#reportError(error),
  });
  #stopWatchingPending?: () => void;
  /** Counts connections, so a subscription scheduled for one that has ended does not start. */
  #connection = 0;
  /** This tab's adds to the list still being saved, to tell a new one. */
  #pendingIds = new Set<string>();
  /** The user just added a todo here: the next render draws the end of the list, and scrolls to it. */
  /**
   * Until when renders draw the end of the list and scroll it into view, after an add in this
   * tab. Not just the next render: the ack, the saved row and a re-measure of the row height
   * redraw the list soon after, and each would draw the rows of a scroll position read before
   * the scroll to the end had landed.
   */
  #showEndUntil = 0;

  get #showingEnd(): boolean {
    return performance.now() <= this.#showEndUntil;
  }

  readonly #counts = new TodoCountsController(this, () => this.list);

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

  override connectedCallback(): void {
    super.connectedCallback();
    // Capture: scroll does not bubble, and the page or any scrolling ancestor may move the list.
    addEventListener('scroll', this.#onViewportChange, { capture: true, passive: true });
    addEventListener('resize', this.#onViewportChange, { passive: true });
    const connection = ++this.#connection;
    afterCurrentScript(
      () => (this.#stopWatchingPending = getPendingTodos(this).subscribe(() => this.#onLocalAdds())),
      () => connection === this.#connection,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection++;
    removeEventListener('scroll', this.#onViewportChange, { capture: true });
    removeEventListener('resize', this.#onViewportChange);
    this.#stopWatchingPending?.();
    this.#stopWatchingPending = undefined;
  }

  /** A todo added in this tab goes at the end of the list: show the end, where it is. */
  #onLocalAdds(): void {
    const pending = new Set<string>();
    for (const todo of getPendingTodos(this).of(this.list, this.#rowsSeenAt)) {
      if (!todo.pending) continue;
      pending.add(todo.id);
      if (!this.#pendingIds.has(todo.id) && matches(parseFilter(this.filter), todo)) this.#showEndUntil = performance.now() + SHOW_END_SETTLE_MS;
    }
    this.#pendingIds = pending;
    this.requestUpdate();
  }

  /** Re-renders only when the rows in view are no longer all drawn; asks for rows ahead of the scroll. */
  #onViewportChange = () => {
    const seen = this.#visibleRange(this.#rowCount, 0);
    const drawn = this.#window;
    if (seen.start < drawn.start || seen.end > drawn.end) {
      this.#remeasures = 0;
      this.requestUpdate();
    }
    if (this.#rows.status === 'ready') this.#fetchAround(this.#visibleRange(this.#rowCount, OVERSCAN_ROWS), this.#rowCount);
  };

  /** Asks for a new window when the rows `drawn` come near an edge of the one asked for last (or leave it). */
  #fetchAround(drawn: RowWindow, count: number): void {
    const have = this.#rows.range;
    const haveEnd = have.offset + have.limit;
    const shortBefore = drawn.start < have.offset || (have.offset > 0 && drawn.start - PREFETCH_ROWS < have.offset);
    const shortAfter = drawn.end > haveEnd || (haveEnd < count && drawn.end + PREFETCH_ROWS > haveEnd);
    if (!shortBefore && !shortAfter) return;
    const offset = Math.max(0, drawn.start - FETCH_MARGIN_ROWS);
    this.#rows.request({ offset, limit: drawn.end + FETCH_MARGIN_ROWS - offset });
  }

  /**
   * Focus landing on the first or last drawn row (Tab, Shift+Tab) redraws around it at once:
   * focusing scrolled it into view, and the scroll event comes a frame later, after a fast
   * second Tab would already have left the list.
   */
  #onFocusIn = (event: FocusEvent) => {
    const row = (event.target as Element | null)?.closest?.('todo-item');
    const index = Number(row?.getAttribute('aria-posinset')) - 1;
    if (!(index >= 0)) return;
    const { start, end } = this.#window;
    if ((index <= start && start > 0) || (index >= end - 1 && end < this.#rowCount)) {
      this.#remeasures = 0;
      this.requestUpdate();
    }
  };

  /**
   * The rows in the viewport, plus `overscan` on each side, from where the list is on the page.
   * Layout is read, not listened to, so a tab that gets no frames (hidden) still draws the
   * right rows when data arrives.
   */
  #visibleRange(count: number, overscan: number): RowWindow {
    const list = this.renderRoot.querySelector<HTMLElement>('.todo-list');
    // The top of row 0 (the list's padding stands for the rows above the window).
    const top = list ? list.getBoundingClientRect().top : 0;
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    const height = this.#rowHeight;
    const first = Math.max(0, Math.floor(-top / height) - overscan);
    const last = Math.max(0, Math.ceil((viewport - top) / height) + overscan);
    const start = Math.min(first, count);
    return { start, end: Math.max(start, Math.min(last, count)) };
  }

  /** The last rows, as many as the viewport holds plus the overscan: what the list shows once scrolled to its end. */
  #endRange(count: number): RowWindow {
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    const rows = Math.ceil(viewport / this.#rowHeight) + OVERSCAN_ROWS;
    return { start: Math.max(0, count - rows), end: count };
  }

  #reportError(error: TodoError): void {
    this.dispatchEvent(todoError({ error, list: this.list }));
  }

  /**
   * The window of live rows plus this tab's adds the live rows do not show yet. Adds are the
   * newest todos, so they come at the end: merged into the window when it reaches the end,
   * counted after it otherwise.
   */
  #view(slice: TodoWindow | undefined): ListView {
    const filter = parseFilter(this.filter);
    const todos: readonly Row[] = slice?.todos ?? [];
    const offset = slice?.offset ?? 0;
    const total = slice?.total ?? 0;
    const local: LocalTodo[] = getPendingTodos(this)
      .of(this.list, this.#rowsSeenAt)
      .filter((todo) => matches(filter, todo));
    const shown = local.length > 0 ? new Set(todos.map((todo) => todo.id)) : undefined;
    const added = shown ? local.filter((todo) => !shown.has(todo.id)) : local;
    if (offset + todos.length >= total) {
      const rows = mergeById(todos, added);
      return { count: offset + rows.length, rowAt: (index) => rows[index - offset] };
    }
    return {
      count: total + added.length,
      rowAt: (index) => (index >= total ? added[index - total] : index >= offset ? todos[index - offset] : undefined),
    };
  }

  override willUpdate(): void {
    // Hidden while the list has no todos at all, so a host shows just the input. Rows and
    // counts are two live queries that can arrive in either order: hide only when both agree.
    const total = this.#counts.value?.total ?? 0;
    const rows = (this.#rows.value?.total ?? 0) + getPendingTodos(this).of(this.list, this.#rowsSeenAt).length;
    this.toggleAttribute('hidden', this.#rows.status === 'ready' && total === 0 && rows === 0);
  }

  override render() {
    const loading = this.#rows.status === 'pending';
    const localCount = getPendingTodos(this).of(this.list, this.#rowsSeenAt).length;
    const counts = this.#counts.value;

    return html`
      <section class="main" aria-busy=${loading ? 'true' : 'false'} aria-label="Todos">
        ${this.#rows.render({
          pending: () =>
            localCount > 0
              ? this.#renderRows(this.#view(undefined), counts)
              : html`<p class="state" part="status" role="status"><span class="spinner" aria-hidden="true"></span>Loading todos…</p>`,
          ready: (slice) => this.#renderRows(this.#view(slice), counts),
          error: (error) =>
            html`<p class="state error" part="status" role="alert">
              Your todos could not be loaded: ${error.message}
            </p>`,
        })}
      </section>
    `;
  }

  override updated(): void {
    // Through the CSSOM, which a strict `style-src` CSP allows; a style attribute (what Lit's
    // styleMap writes on its first render) it would block.
    const list = this.renderRoot.querySelector<HTMLElement>('[role="list"]');
    if (list) {
      list.style.paddingTop = `${this.#padding.top}px`;
      list.style.paddingBottom = `${this.#padding.bottom}px`;
      // A row still on the way holds the height rows have on average.
      list.style.setProperty('--_row-height', `${this.#rowHeight}px`);
    }
    if (this.#showingEnd) {
      const last = this.renderRoot.querySelector('[role="list"] > :last-child');
      // 'nearest': no scroll when the end is in view already.
      last?.scrollIntoView({ block: 'nearest' });
    }
    // Measure the drawn rows once they have rendered (new ones render after this list does):
    // the padding for the others assumes they are as tall on average.
    const drawn = [...this.renderRoot.querySelectorAll<TodoItem>('[role="list"] > todo-item')];
    if (drawn.length === 0) return;
    void Promise.all(drawn.map((row) => row.updateComplete)).then(() => {
      let total = 0;
      let measured = 0;
      for (const row of drawn) {
        if (!row.isConnected) continue;
        total += row.offsetHeight;
        measured++;
      }
      const average = total / measured;
      if (!(average >= MIN_ROW_HEIGHT) || Math.abs(average - this.#rowHeight) < this.#rowHeight * 0.05) return;
      this.#rowHeight = average;
      if (this.#remeasures++ < 2) this.requestUpdate();
    });
  }

  #renderRows(view: ListView, counts: TodoCounts | undefined) {
    // Until the counts catch up with a "Mark all" click (they are a separate live query that
    // arrives after the rows), the checkbox shows what was asked, so a second click can't
    // re-send the same request.
    const counted = counts !== undefined && counts.total > 0 && counts.active === 0;
    if (this.#markAllIntent !== undefined && this.#markAllIntent === counted) this.#markAllIntent = undefined;
    const allDone = this.#markAllIntent ?? counted;
    const count = view.count;
    if (count !== this.#rowCount) this.#remeasures = 0;
    const drawn = (this.#window = this.#showingEnd ? this.#endRange(count) : this.#visibleRange(count, OVERSCAN_ROWS));
    const { start, end } = drawn;
    this.#rowCount = count;
    if (this.#rows.status === 'ready') this.#fetchAround(drawn, count);
    const places: (Row | number)[] = [];
    for (let index = start; index < end; index++) places.push(view.rowAt(index) ?? index);
    const height = this.#rowHeight;
    this.#padding = { top: start * height, bottom: (count - end) * height };
    return html`
      <div class="toggle-all-row">
        <input
          id="toggle-all"
          class="toggle-all"
          part="toggle-all"
          type="checkbox"
          .checked=${allDone}
          ?disabled=${!counts || counts.total === 0}
          @change=${this.#onToggleAll}
        />
        <label for="toggle-all">Mark all as complete</label>
      </div>
      <div
        role="list"
        part="list"
        class="todo-list"
        aria-label="Todo items"
        @focusin=${this.#onFocusIn}
      >
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
    this.#markAllIntent = completed;
    try {
      await getTodoRepository(this).toggleAll(this.list, completed);
      // If the counts never agree (another tab changed the list meanwhile), they win after a moment.
      setTimeout(() => {
        if (this.#markAllIntent === completed) {
          this.#markAllIntent = undefined;
          this.requestUpdate();
        }
      }, 2_000);
      const first = this.#rows.value?.todos[0];
      if (first) this.dispatchEvent(todoToggle({ todo: { ...first, completed }, list: this.list }));
    } catch (error) {
      this.#markAllIntent = undefined;
      this.requestUpdate();
      this.#reportError(error instanceof TodoError ? error : new TodoError(String(error)));
    }
  }
}
