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

/** Which todos a list view shows. */
export type TodoFilter = 'all' | 'active' | 'completed';

export const TODO_FILTERS: readonly TodoFilter[] = ['all', 'active', 'completed'];

/** Counts of one list, computed in SQL so no rows cross the worker boundary. */
export interface TodoCounts {
  readonly total: number;
  readonly active: number;
  readonly completed: number;
}

/** A slice of a list view: `todos` are the rows from place `offset` (0-based) on, of `total` in all. */
export interface TodoWindow {
  readonly offset: number;
  /** How many rows were asked for: fewer came when the window reaches past the end. */
  readonly limit: number;
  readonly todos: readonly Todo[];
  readonly total: number;
}

/** A running {@link TodoRepository.subscribeWindow}. */
export interface TodoWindowSubscription {
  /** Shows other rows of the same list and filter, without subscribing again. */
  move(range: WindowRange): Promise<void>;
  unsubscribe: Unsubscribe;
}

export interface AddTodoOptions {
  /**
   * A UUIDv7 the caller made (e.g. for an optimistic row). Made here when omitted. An add with an
   * id is applied once by it: a repeat, even after the todo was deleted, changes nothing.
   */
  readonly id?: string;
}

/** Options of a change to one todo (rename, toggle, delete). */
export interface ChangeTodoOptions {
  /**
   * The caller's request id (a UUIDv7, e.g. of a change kept in the browser to send again after a
   * reload): the change is applied once by it, and a repeat resolves what the first did, even
   * after another tab changed the todo since. Made here when omitted.
   */
  readonly requestId?: string;
}

type Row = Record<string, unknown>;

const listStatements = {
  all: statements.listAll,
  active: statements.listActive,
  completed: statements.listCompleted,
} as const;

/** What lets the leader reach a far window of a list without reading the rows before it (see DatabaseClient.liveWindow). */
const seekStatements = {
  all: { reverse: statements.listAllReversed, total: statements.totalAll },
  active: { reverse: statements.listActiveReversed, total: statements.totalActive },
  completed: { reverse: statements.listCompletedReversed, total: statements.totalCompleted },
} as const;

/**
 * A row of a keyed live change as a Todo (statements alias columns to property names), without
 * PGlite's `__op__`, `__after__` and `__changed_columns__`. An UPDATE's unchanged columns are NULL.
 */
/** A row of a keyed live result without PGlite's bookkeeping (`__op__`, `__after__`, `__changed_columns__`). */
function changedTodo(row: Row): Todo {
  const todo: Row = {};
  for (const [name, value] of Object.entries(row)) if (!name.startsWith('__')) todo[name] = value;
  return todo as unknown as Todo;
}

/** Where a todo goes: between the todos that will be just above and just below it (null at an end). */
export interface TodoPlace {
  /** The todo it goes after (shown just above it), or null: the top. */
  readonly after: string | null;
  /** The todo it goes before (shown just below it), or null: the bottom. */
  readonly before: string | null;
}

/** What {@link TodoRepository.markAll} did, as `TodoRestoreRepository.revertMarkAll` needs it. */
export interface MarkAllResult {
  readonly list: string;
  /** The state it set. */
  readonly completed: boolean;
  readonly changed: number;
  /** The `updated_at` every todo it changed got (one statement: one now()), as text in full precision; null when none changed. */
  readonly stamp: string | null;
}

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
    const inserted = await this.#writeState(bind(statements.insertMany, values));
    if (inserted.length === values.ids.length) return inserted;
    return this.#read(bind(statements.getMany, { ids: values.ids }));
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
    const [todo] = await this.#writeState(bind(statements.setDueAt, { id, dueAt }));
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
    const [todo] = await this.#writeOnce(bind(statements.toggle, { id }));
    return todo;
  }

  /** Marks every todo of `list` done (or not). Resolves the number changed. */
  async toggleAll(list: string, completed: boolean): Promise<number> {
    return (await this.markAll(list, completed)).changed;
  }

  /** Like {@link toggleAll}, resolving what `TodoRestoreRepository.revertMarkAll` needs to undo it. */
  async markAll(list: string, completed: boolean): Promise<MarkAllResult> {
    const query = bind(statements.toggleAll, { list: validateList(list), completed });
    const [row] = await this.#writeOnce<{ changed: number; stamp: string | null }>(query);
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
    let previous = new Map<string, Todo>();
    const name = validateList(list);
    const { reverse, total } = seekStatements[filter] ?? seekStatements.all;
    const seek = { count: bind(total, { list: name }), reverse: bind(reverse, { list: name }) };
    return this.#db.liveWindow<Todo>(
      this.#listQuery(list, filter),
      [],
      range,
      ({ rows, offset, limit, totalCount }) => {
        // Each result is a fresh copy of the rows: a row that did not change keeps its object,
        // so a keyed view (Lit's repeat) re-renders only the rows that did.
        const next = new Map<string, Todo>();
        const todos = rows.map((row) => {
          const before = previous.get(row.id);
          const todo = before && sameTodo(before, row) ? before : row;
          next.set(todo.id, todo);
          return todo;
        });
        previous = next;
        // The count can lag the rows by one delivery (see WindowResult): rows reaching past the end say it exactly.
        const reachesEnd = todos.length < limit && (todos.length > 0 || offset === 0);
        const total = reachesEnd ? offset + todos.length : Math.max(totalCount, offset + todos.length);
        callback({ offset, limit, todos, total });
      },
      seek,
    );
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

function sameTodo(a: Todo, b: Todo): boolean {
  for (const name of Object.keys(b) as (keyof Todo)[]) {
    const x = a[name];
    const y = b[name];
    if (x instanceof Date && y instanceof Date ? x.getTime() !== y.getTime() : !Object.is(x, y)) return false;
  }
  return true;
}

function toCounts(row: Row | undefined): TodoCounts {
  return {
    total: Number(row?.['total'] ?? 0),
    active: Number(row?.['active'] ?? 0),
    completed: Number(row?.['completed'] ?? 0),
  };
}
