import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { tokens } from '../../styles/tokens';
import { styles } from './todo-list.styles';
import { LiveQueryController } from '../../controllers/live-query-controller';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import { getPendingTodos, getTodoRepository } from '../../registry';
import type { Todo } from '../../db/schema';
import type { LocalTodo } from '../../db/pending-todos';
import type { TodoItem } from '../todo-item/todo-item.element';
import type { TodoCounts, TodoFilter } from '../../db/repositories/todos';
import { DEFAULT_LIST } from '../../db/limits';
import { TodoError } from '../../errors';
import { todoError, todoToggle } from '../../events/todo-events';
import { parseFilter } from '../../internal/filter';

type Row = Todo & { readonly pending?: boolean };

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
/** A one-line row (2.75rem + its border) until a drawn row has been measured. */
const DEFAULT_ROW_HEIGHT = 45;
/** Below this a measurement is taken for a hidden row, not a real one. */
const MIN_ROW_HEIGHT = 16;

/** Index of the first row whose id is not below `id` (rows are ordered by id). */
function insertionPoint(rows: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rows[middle]!.id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function matches(filter: TodoFilter, todo: Todo): boolean {
  return filter === 'all' || (filter === 'completed') === todo.completed;
}

/**
 * The live list of todos of `list` that match `filter`, with "Mark all as complete".
 * Updates when anything changes in any tab. Hidden while the list has no todos.
 *
 * Windowed: only the rows in or near the viewport are in the DOM (the list's padding stands
 * in for the others, so the page scrolls as if all were there), which keeps 100,000 todos as
 * cheap to show as 30. Each row says its place (`aria-posinset` of `aria-setsize`) so screen
 * readers still announce "item 5,001 of 10,000".
 *
 * @summary The live list of todos.
 * @tagname todo-list
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
    list: { type: String, reflect: true },
    filter: { type: String, reflect: true, converter: { fromAttribute: parseFilter } },
    emptyText: { type: String, attribute: 'empty-text' },
  };

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

  readonly #rows = new LiveQueryController<Todo[], readonly [string, TodoFilter]>(this, {
    args: () => [this.list, parseFilter(this.filter)] as const,
    subscribe: ([list, filter], deliver) =>
      getTodoRepository().subscribe(list, filter, (todos) => {
        this.#rowsSeenAt = getPendingTodos().now();
        deliver(todos);
      }),
    onError: (error) => this.#reportError(error),
  });

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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('scroll', this.#onViewportChange, { capture: true });
    removeEventListener('resize', this.#onViewportChange);
  }

  /** Re-renders only when the rows in view are no longer all drawn. */
  #onViewportChange = () => {
    const seen = this.#visibleRange(this.#rowCount, 0);
    const drawn = this.#window;
    if (seen.start < drawn.start || seen.end > drawn.end) {
      this.#remeasures = 0;
      this.requestUpdate();
    }
  };

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

  #reportError(error: TodoError): void {
    this.dispatchEvent(todoError({ error, list: this.list }));
  }

  /** Live rows plus this tab's adds the live list does not show yet, in id (= creation) order. */
  #visibleRows(todos: readonly Todo[]): readonly Row[] {
    const filter = parseFilter(this.filter);
    const local: LocalTodo[] = getPendingTodos()
      .of(this.list, this.#rowsSeenAt)
      .filter((todo) => matches(filter, todo));
    if (local.length === 0) return todos;
    // Binary search, not a Set of every id: this runs on each render, with up to 100,000 rows.
    let rows: Row[] | undefined;
    for (const todo of local) {
      const current: readonly Row[] = rows ?? todos;
      const at = insertionPoint(current, todo.id);
      if (current[at]?.id === todo.id) continue;
      rows ??= todos.slice();
      rows.splice(at, 0, todo);
    }
    return rows ?? todos;
  }

  override willUpdate(): void {
    // Hidden while the list has no todos at all, so a host shows just the input. Rows and
    // counts are two live queries that can arrive in either order: hide only when both agree.
    const total = this.#counts.value?.total ?? 0;
    const rows = (this.#rows.value?.length ?? 0) + getPendingTodos().of(this.list, this.#rowsSeenAt).length;
    this.toggleAttribute('hidden', this.#rows.status === 'ready' && total === 0 && rows === 0);
  }

  override render() {
    const loading = this.#rows.status === 'pending';
    const localCount = getPendingTodos().of(this.list, this.#rowsSeenAt).length;
    const counts = this.#counts.value;

    return html`
      <section class="main" aria-busy=${loading ? 'true' : 'false'} aria-label="Todos">
        ${this.#rows.render({
          pending: () =>
            localCount > 0
              ? this.#renderRows(this.#visibleRows([]), counts)
              : html`<p class="state" part="status" role="status"><span class="spinner" aria-hidden="true"></span>Loading todos…</p>`,
          ready: (todos) => this.#renderRows(this.#visibleRows(todos), counts),
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

  #renderRows(rows: readonly Row[], counts: TodoCounts | undefined) {
    // Until the counts catch up with a "Mark all" click (they are a separate live query that
    // arrives after the rows), the checkbox shows what was asked, so a second click can't
    // re-send the same request.
    const counted = counts !== undefined && counts.total > 0 && counts.active === 0;
    if (this.#markAllIntent !== undefined && this.#markAllIntent === counted) this.#markAllIntent = undefined;
    const allDone = this.#markAllIntent ?? counted;
    const count = rows.length;
    if (count !== this.#rowCount) this.#remeasures = 0;
    const { start, end } = (this.#window = this.#visibleRange(count, OVERSCAN_ROWS));
    this.#rowCount = count;
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
          rows.slice(start, end),
          (todo) => todo.id,
          (todo, index) =>
            html`<todo-item
              .todo=${todo}
              ?pending=${todo.pending === true}
              list=${this.list}
              aria-setsize=${count}
              aria-posinset=${start + index + 1}
            ></todo-item>`,
        )}
      </div>
      ${rows.length === 0 && this.emptyText ? html`<p class="empty">${this.emptyText}</p>` : nothing}
    `;
  }

  async #onToggleAll(event: Event): Promise<void> {
    const completed = (event.target as HTMLInputElement).checked;
    this.#markAllIntent = completed;
    try {
      await getTodoRepository().toggleAll(this.list, completed);
      // If the counts never agree (another tab changed the list meanwhile), they win after a moment.
      setTimeout(() => {
        if (this.#markAllIntent === completed) {
          this.#markAllIntent = undefined;
          this.requestUpdate();
        }
      }, 2_000);
      const first = this.#rows.value?.[0];
      if (first) this.dispatchEvent(todoToggle({ todo: { ...first, completed }, list: this.list }));
    } catch (error) {
      this.#markAllIntent = undefined;
      this.requestUpdate();
      this.#reportError(error instanceof TodoError ? error : new TodoError(String(error)));
    }
  }
}
