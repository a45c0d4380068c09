import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { tokens } from '../../styles/tokens';
import { styles } from './todo-list.styles';
import { LiveQueryController } from '../../controllers/live-query-controller';
import { TodoCountsController } from '../../controllers/todo-counts-controller';
import { getPendingTodos, getTodoRepository } from '../../registry';
import type { Todo } from '../../db/schema';
import type { LocalTodo } from '../../db/pending-todos';
import type { TodoCounts, TodoFilter } from '../../db/repositories/todos';
import { DEFAULT_LIST } from '../../db/limits';
import { TodoError } from '../../errors';
import { todoError, todoToggle } from '../../events/todo-events';
import { parseFilter } from '../../internal/filter';

type Row = Todo & { readonly pending?: boolean };

function matches(filter: TodoFilter, todo: Todo): boolean {
  return filter === 'all' || (filter === 'completed') === todo.completed;
}

/**
 * The live list of todos of `list` that match `filter`, with "Mark all as complete".
 * Updates when anything changes in any tab. Hidden while the list has no todos.
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

  #reportError(error: TodoError): void {
    this.dispatchEvent(todoError({ error, list: this.list }));
  }

  /** Live rows plus this tab's adds the live list does not show yet, in id (= creation) order. */
  #visibleRows(todos: readonly Todo[]): Row[] {
    const filter = parseFilter(this.filter);
    const local: LocalTodo[] = getPendingTodos()
      .of(this.list, this.#rowsSeenAt)
      .filter((todo) => matches(filter, todo));
    if (local.length === 0) return todos as Row[];
    const shown = new Set(todos.map((todo) => todo.id));
    const extra = local.filter((todo) => !shown.has(todo.id));
    return extra.length === 0 ? (todos as Row[]) : [...todos, ...extra].sort((a, b) => (a.id < b.id ? -1 : 1));
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

  #renderRows(rows: readonly Row[], counts: TodoCounts | undefined) {
    // Until the counts catch up with a "Mark all" click (they are a separate live query that
    // arrives after the rows), the checkbox shows what was asked, so a second click can't
    // re-send the same request.
    const counted = counts !== undefined && counts.total > 0 && counts.active === 0;
    if (this.#markAllIntent !== undefined && this.#markAllIntent === counted) this.#markAllIntent = undefined;
    const allDone = this.#markAllIntent ?? counted;
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
      <div role="list" part="list" class="todo-list" aria-label="Todo items">
        ${repeat(
          rows,
          (todo) => todo.id,
          (todo) =>
            html`<todo-item .todo=${todo} ?pending=${todo.pending === true} list=${this.list}></todo-item>`,
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
