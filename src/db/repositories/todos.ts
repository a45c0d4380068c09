import { v7 as uuidv7 } from 'uuid';
import type { DatabaseClient, Unsubscribe, WindowRange } from '../client';
import { DEFAULT_LIST } from '../limits';
import type { Todo } from '../todo';
import { bind, type BoundQuery } from '../statement';
import { normalizeTitle, validateList } from '../validation';
import { todoStatements as statements } from './todo-statements.generated';
import type { ExportFile, ImportOptions, ImportResult } from './todo-transfer';
import type { TodoExportDocument } from '../transfer/document';
import type { ExportFileFormat } from '../transfer/file';
import { countsKey, readSnapshot, windowKey } from '../window-snapshot';
import { changedTodo, listStatements, seekStatements, toCounts, todoWindowDelivery, type Row } from './todo-rows';
import type {
  TodoFilter,
  TodoCounts,
  TodoWindow,
  TodoWindowSubscription,
  AddTodoOptions,
  ChangeTodoOptions,
  TodoPlace,
  MarkAllResult,
} from './todo-types';

// The repository's shapes live in todo-types.ts (todo-search.ts names them too); callers import them from here.
export * from './todo-types';

/** Makes the id a new todo gets: UUIDv7, so ids sort by creation time. */
export function newTodoId(): string {
  return uuidv7();
}

/**
 * Every operation on todos. Titles are validated here (and again by a CHECK in the
 * database); values always travel as parameters. Writes keyed by id are retried
 * across a leader change, so they apply exactly once.
 */
export class TodoRepository {
  readonly #db: DatabaseClient;

  constructor(db: DatabaseClient) {
    this.#db = db;
  }

  #listQuery(list: string, filter: TodoFilter): BoundQuery {
    // An unknown filter shows everything rather than nothing.
    return bind(listStatements[filter] ?? statements.listAll, { list: validateList(list) });
  }

  // Statements alias every column to its property name, so rows arrive shaped as Todo.
  async #read(query: BoundQuery): Promise<Todo[]> {
    return this.#db.query<Todo>(query, [], { idempotent: true });
  }

  /**
   * A write whose result a repeat could not reproduce (a flip, a delete, a bulk change) carries a
   * request id: retried after a leader hand-over it applies exactly once and resolves what its
   * first application did, never an empty answer. The leader logs it in the same transaction.
   */
  async #writeOnce<T = Todo>(query: BoundQuery, requestId: string = newTodoId()): Promise<T[]> {
    return this.#db.query<T>(query, [], { requestId });
  }

  /**
   * A write that sets a row to a given state (keyed by id): repeating it changes nothing and
   * returns the same row, so a retry needs no log.
   */
  async #writeState(query: BoundQuery, requestId?: string): Promise<Todo[]> {
    // With the caller's request id, logged like any write-once: a resend long after (a change kept
    // over a reload) must not overwrite what another tab set meanwhile.
    if (requestId !== undefined) return this.#db.query<Todo>(query, [], { requestId });
    return this.#db.query<Todo>(query, [], { idempotent: true });
  }

  /** The todos of `list`, in their order (see {@link move}; new todos go last). */
  async getAll(list: string = DEFAULT_LIST, filter: TodoFilter = 'all'): Promise<Todo[]> {
    return this.#read(this.#listQuery(list, filter));
  }

  /** One todo, or `undefined`. */
  async get(id: string): Promise<Todo | undefined> {
    const [todo] = await this.#read(bind(statements.get, { id }));
    return todo;
  }

  /**
   * Adds a todo. Safe to retry with the same `id`: a second insert changes nothing.
   * @throws {TitleEmptyError | TitleTooLongError | TitleCharactersError | InvalidListError}
   */
  async add(title: string, list: string = DEFAULT_LIST, options: AddTodoOptions = {}): Promise<Todo> {
    const id = options.id ?? newTodoId();
    const values = { id, title: normalizeTitle(title), list: validateList(list) };
    // Logged by the todo's id: an add kept in a tab's outbox and replayed later (by another tab,
    // after the todo was saved and deleted meanwhile) resolves the first insert and changes nothing.
    const query = bind(statements.insert, values);
    const [inserted] = options.id
      ? await this.#db.query<Todo>(query, [], { requestId: `add:${id}` })
      : await this.#writeState(query);
    if (inserted) return inserted;
    // The id exists: an earlier attempt committed before the leader changed. That todo is the answer.
    const existing = await this.get(id);
    if (!existing) throw new Error(`Todo ${id} was neither inserted nor found.`);
    return existing;
  }

  /** Adds many todos in one statement (all or none), in the order given. */
  async addMany(titles: readonly string[], list: string = DEFAULT_LIST): Promise<Todo[]> {
    if (titles.length === 0) return [];
    const listName = validateList(list);
    const normalized = titles.map(normalizeTitle);
    const values = {
      ids: normalized.map(() => newTodoId()),
      lists: normalized.map(() => listName),
      titles: normalized,
      completed: normalized.map(() => false),
    };
    // Ids made here, all or none inserted: a repeat after a first attempt committed inserts
    // nothing, and those todos are the answer (UUIDv7 ids sort in the order given).
    const { todoLazyStatements } = await import('./todo-statements-lazy.generated');
    const inserted = await this.#writeState(bind(todoLazyStatements.insertMany, values));
    if (inserted.length === values.ids.length) return inserted;
    return this.#read(bind(todoLazyStatements.getMany, { ids: values.ids }));
  }

  /**
   * Changes a todo's title. Resolves `undefined` when the todo no longer exists.
   * @throws {TitleEmptyError | TitleTooLongError | TitleCharactersError}
   */
  async rename(id: string, title: string, options: ChangeTodoOptions = {}): Promise<Todo | undefined> {
    const query = bind(statements.rename, { id, title: normalizeTitle(title) });
    const [todo] = await this.#writeState(query, options.requestId);
    return todo;
  }

  /** Marks a todo done or not done. */
  async setCompleted(id: string, completed: boolean, options: ChangeTodoOptions = {}): Promise<Todo | undefined> {
    const [todo] = await this.#writeState(bind(statements.setCompleted, { id, completed }), options.requestId);
    return todo;
  }

  /** Sets when a todo is due, or clears it with `null`. Resolves `undefined` when the todo no longer exists. */
  async setDueAt(id: string, dueAt: Date | null): Promise<Todo | undefined> {
    const { todoLazyStatements } = await import('./todo-statements-lazy.generated');
    const [todo] = await this.#writeState(bind(todoLazyStatements.setDueAt, { id, dueAt }));
    return todo;
  }

  /**
   * Moves a todo between two others (its neighbours as the view shows them: in a filtered view,
   * todos hidden between them stay where they are). Writes that one row, and only its position,
   * unless no short key fits there: then the list is renumbered in the same statement.
   * Resolves the moved todo, or `undefined` when it no longer exists.
   */
  async move(id: string, place: TodoPlace): Promise<Todo | undefined> {
    // The statement (it may renumber the list) is loaded on first use, as the reorder controller is.
    const { todoLazyStatements } = await import('./todo-statements-lazy.generated');
    const [todo] = await this.#writeOnce(
      bind(todoLazyStatements.move, { id, after: place.after, before: place.before }),
    );
    return todo;
  }

  /** Flips a todo, exactly once even across a leader hand-over. */
  async toggle(id: string): Promise<Todo | undefined> {
    const { todoLazyStatements } = await import('./todo-statements-lazy.generated');
    const [todo] = await this.#writeOnce(bind(todoLazyStatements.toggle, { id }));
    return todo;
  }

  /** Marks every todo of `list` done (or not). Resolves the number changed. */
  async toggleAll(list: string, completed: boolean): Promise<number> {
    return (await this.markAll(list, completed)).changed;
  }

  /** Like {@link toggleAll}, resolving what `TodoRestoreRepository.revertMarkAll` needs to undo it. */
  async markAll(list: string, completed: boolean, options: ChangeTodoOptions = {}): Promise<MarkAllResult> {
    // Sent at once, not after a lazy import: a Mark all replayed after a reload must reach the leader
    // before the row changes made after it (pending-changes.ts sends them in order, unawaited).
    const query = bind(statements.toggleAll, { list: validateList(list), completed });
    const [row] = await this.#writeOnce<{ changed: number; stamp: string | null }>(query, options.requestId);
    return { list, completed, changed: Number(row?.changed ?? 0), stamp: row?.stamp ?? null };
  }

  /** Deletes the completed todos of `list`. Resolves the ids deleted. */
  async clearCompleted(list: string): Promise<string[]> {
    return (await this.clearCompletedRows(list)).map((todo) => todo.id);
  }

  /** Like {@link clearCompleted}, resolving the todos deleted as they were (what `TodoRestoreRepository.restore` takes). */
  async clearCompletedRows(list: string): Promise<Todo[]> {
    return this.#writeOnce(bind(statements.clearCompleted, { list: validateList(list) }));
  }

  /** Deletes a todo. Resolves whether it existed. */
  async delete(id: string, options: ChangeTodoOptions = {}): Promise<boolean> {
    return (await this.deleteRow(id, options)) !== undefined;
  }

  /** Like {@link delete}, resolving the todo deleted as it was, or `undefined`. */
  async deleteRow(id: string, options: ChangeTodoOptions = {}): Promise<Todo | undefined> {
    const [todo] = await this.#writeOnce(bind(statements.delete, { id }), options.requestId);
    return todo;
  }

  #countsQuery(list: string): BoundQuery {
    return bind(statements.counts, { list: validateList(list) });
  }

  /** Total, active and completed counts of `list`. */
  async counts(list: string = DEFAULT_LIST): Promise<TodoCounts> {
    const [row] = await this.#db.query<Row>(this.#countsQuery(list), [], { idempotent: true });
    return toCounts(row);
  }

  /**
   * Calls `callback` with the todos of `list` matching `filter`, now and after every change in any tab.
   * @returns a function that stops the subscription.
   */
  async subscribe(list: string, filter: TodoFilter, callback: (todos: Todo[]) => void): Promise<Unsubscribe> {
    // Keyed changes, not whole results: a one-row change ships one row across the worker
    // boundary, and rows that did not change keep their object, so a keyed view (Lit's
    // repeat) re-renders only the rows that did. See LiveTodoList. Loaded on first use: the
    // elements use windowed queries (subscribeWindow), so most pages never need it.
    const { LiveTodoList } = await import('../live-todo-list');
    const rows = new LiveTodoList<Todo>(changedTodo);
    let delivered = false;
    return this.#db.liveChanges<Todo>(this.#listQuery(list, filter), [], 'id', (changes) => {
      const before = rows.items;
      const after = rows.apply(changes);
      // A batch that changes nothing shown (e.g. only PGlite's `__after__` moved) is not news,
      // except the first, which says the list is loaded even when it is empty.
      if (after !== before || !delivered) callback(after as Todo[]);
      delivered = true;
    });
  }

  /**
   * Like {@link subscribe}, for the rows of `range` only (in the same order), plus how many
   * rows there are in all: a tab holds and receives only what it shows, whatever the size
   * of the list, and a change re-reads only those rows. `move()` shows other rows.
   */
  subscribeWindow(
    list: string,
    filter: TodoFilter,
    range: WindowRange,
    callback: (window: TodoWindow) => void,
  ): Promise<TodoWindowSubscription> {
    const name = validateList(list);
    const { reverse, total } = seekStatements[filter] ?? seekStatements.all;
    const seek = { count: bind(total, { list: name }), reverse: bind(reverse, { list: name }) };
    return this.#db.liveWindow<Todo>(this.#listQuery(list, filter), [], range, todoWindowDelivery(callback), seek);
  }

  /** The todos of `list` under `filter` matching `text`, best first (full-text search: todo-search.ts). */
  // Search is loaded on first use, like export and import: the main-thread bundle has a budget.
  async search(list: string, text: string, filter: TodoFilter = 'all'): Promise<Todo[]> {
    return (await import('./todo-search')).searchTodos(this.#db, list, filter, text);
  }

  /** Like {@link subscribeWindow}, for the todos {@link search} finds; `text` must not be blank. */
  async subscribeSearchWindow(
    list: string,
    filter: TodoFilter,
    text: string,
    range: WindowRange,
    callback: (window: TodoWindow) => void,
  ): Promise<TodoWindowSubscription> {
    return (await import('./todo-search')).subscribeSearchWindow(this.#db, list, filter, text, range, callback);
  }

  // Export and import are loaded on first use (todo-transfer.ts, its validation and CSV): most
  // pages never need them, and the main-thread bundle has a budget.

  /** `list` as a versioned document, in list order (todo-transfer.ts). */
  async exportTodos(list: string): Promise<TodoExportDocument> {
    return (await import('./todo-transfer')).exportTodos(this.#db, list);
  }

  /** Writes a document's todos to `list` in one transaction (todo-transfer.ts). @throws {ImportError} */
  async importTodos(list: string, document: unknown, options?: ImportOptions): Promise<ImportResult> {
    return (await import('./todo-transfer')).importTodos(this.#db, list, document, options);
  }

  /** `list` exported as the text of `todos-<list>.json` (or `.csv`). */
  async exportFile(list: string, format: ExportFileFormat = 'json'): Promise<ExportFile> {
    return (await import('./todo-transfer')).exportFile(this.#db, list, format);
  }

  /** Imports a file's text, JSON or CSV, into `list` (one transaction). @throws {ImportError} */
  async importFile(list: string, text: string, fileName: string, options?: ImportOptions): Promise<ImportResult> {
    return (await import('./todo-transfer')).importFile(this.#db, list, text, fileName, options);
  }

  /**
   * The first rows of `list` under `filter` as the leader last read them for a page, from the
   * window snapshots (db/window-snapshot.ts): one fast read, before the database runs. Only while
   * this page has no database yet, and only if they are current: `undefined` otherwise.
   */
  async snapshotWindow(list: string, filter: TodoFilter): Promise<TodoWindow | undefined> {
    const query = this.#listQuery(list, filter);
    const entry = await this.#snapshot(windowKey(list, filter), query);
    return entry && { offset: 0, limit: entry.rows.length, todos: entry.rows as unknown as Todo[], total: entry.total };
  }

  /** Like {@link snapshotWindow}, for the counts of `list`. */
  async snapshotCounts(list: string): Promise<TodoCounts | undefined> {
    const entry = await this.#snapshot(countsKey(list), this.#countsQuery(list));
    return entry && toCounts(entry.rows[0]);
  }

  async #snapshot(key: string, query: BoundQuery) {
    // Once this page has a database, its live queries answer at once, and know of its own writes.
    if (this.#db.ready) return undefined;
    const entry = await readSnapshot(this.#db.database, this.#db.storage, key, query);
    return this.#db.ready ? undefined : entry;
  }

  /** Like {@link subscribe}, for the counts of `list`. */
  subscribeCounts(list: string, callback: (counts: TodoCounts) => void): Promise<Unsubscribe> {
    return this.#db.liveQuery<Row>(this.#countsQuery(list), [], ([row]) => callback(toCounts(row)));
  }
}
