import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { v7 as uuidv7 } from 'uuid';
import type { DatabaseClient, Unsubscribe } from '../client';
import { rowMapper } from '../rows';
import { LiveTodoList } from '../live-todo-list';
import { todos, DEFAULT_LIST, type Todo } from '../schema';
import { normalizeTitle, validateList } from '../validation';

/** Which todos a list view shows. */
export type TodoFilter = 'all' | 'active' | 'completed';

export const TODO_FILTERS: readonly TodoFilter[] = ['all', 'active', 'completed'];

/** Counts of one list, computed in SQL so no rows cross the worker boundary. */
export interface TodoCounts {
  readonly total: number;
  readonly active: number;
  readonly completed: number;
}

export interface AddTodoOptions {
  /** A UUIDv7 the caller made (e.g. for an optimistic row). Made here when omitted. */
  readonly id?: string;
}

type Row = Record<string, unknown>;

/**
 * Builds SQL only (its executor is never called); every statement runs through the
 * DatabaseClient, bounded and with typed errors, and rows are mapped by `rowMapper`.
 */
const builder = drizzle(async () => {
  throw new Error('TodoRepository builds queries only; the DatabaseClient runs them.');
});
const toTodo = rowMapper(todos);

function filterCondition(filter: TodoFilter): SQL | undefined {
  if (filter === 'active') return eq(todos.completed, false);
  if (filter === 'completed') return eq(todos.completed, true);
  return undefined;
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

  #listQuery(list: string, filter: TodoFilter) {
    return builder
      .select()
      .from(todos)
      .where(and(eq(todos.list, validateList(list)), filterCondition(filter)))
      .orderBy(asc(todos.id));
  }

  async #rows(query: Parameters<DatabaseClient['query']>[0], idempotent: boolean): Promise<Todo[]> {
    const rows = await this.#db.query<Row>(query, [], { idempotent });
    return rows.map(toTodo);
  }

  /** The todos of `list`, oldest first. */
  async getAll(list: string = DEFAULT_LIST, filter: TodoFilter = 'all'): Promise<Todo[]> {
    return this.#rows(this.#listQuery(list, filter), true);
  }

  /** One todo, or `undefined`. */
  async get(id: string): Promise<Todo | undefined> {
    const [todo] = await this.#rows(builder.select().from(todos).where(eq(todos.id, id)), true);
    return todo;
  }

  /**
   * Adds a todo. Safe to retry with the same `id`: a second insert changes nothing.
   * @throws {TitleEmptyError | TitleTooLongError | TitleCharactersError | InvalidListError}
   */
  async add(title: string, list: string = DEFAULT_LIST, options: AddTodoOptions = {}): Promise<Todo> {
    const id = options.id ?? newTodoId();
    const values = { id, title: normalizeTitle(title), list: validateList(list) };
    const [inserted] = await this.#rows(builder.insert(todos).values(values).onConflictDoNothing().returning(), true);
    if (inserted) return inserted;
    // The id exists: an earlier attempt committed before the leader changed.
    const existing = await this.get(id);
    if (!existing) throw new Error(`Todo ${id} was neither inserted nor found.`);
    return existing;
  }

  /** Adds many todos in one transaction: all or none. */
  async addMany(titles: readonly string[], list: string = DEFAULT_LIST): Promise<Todo[]> {
    if (titles.length === 0) return [];
    const listName = validateList(list);
    const values = titles.map((title) => ({ id: newTodoId(), title: normalizeTitle(title), list: listName }));
    return this.#rows(builder.insert(todos).values(values).onConflictDoNothing().returning(), true);
  }

  /**
   * Changes a todo's title. Resolves `undefined` when the todo no longer exists.
   * @throws {TitleEmptyError | TitleTooLongError | TitleCharactersError}
   */
  async rename(id: string, title: string): Promise<Todo | undefined> {
    const query = builder
      .update(todos)
      .set({ title: normalizeTitle(title), updatedAt: sql`now()` })
      .where(eq(todos.id, id))
      .returning();
    const [todo] = await this.#rows(query, true);
    return todo;
  }

  /** Marks a todo done or not done. */
  async setCompleted(id: string, completed: boolean): Promise<Todo | undefined> {
    const query = builder
      .update(todos)
      .set({ completed, updatedAt: sql`now()` })
      .where(eq(todos.id, id))
      .returning();
    const [todo] = await this.#rows(query, true);
    return todo;
  }

  /**
   * Flips a todo. Not repeatable blindly, so a leader change mid-call rejects with
   * `LeaderChangedError`; callers that know the target state use {@link setCompleted}.
   */
  async toggle(id: string): Promise<Todo | undefined> {
    const query = builder
      .update(todos)
      .set({ completed: sql`not ${todos.completed}`, updatedAt: sql`now()` })
      .where(eq(todos.id, id))
      .returning();
    const [todo] = await this.#rows(query, false);
    return todo;
  }

  /** Marks every todo of `list` done (or not). Resolves the number changed. */
  async toggleAll(list: string, completed: boolean): Promise<number> {
    const query = builder
      .update(todos)
      .set({ completed, updatedAt: sql`now()` })
      .where(and(eq(todos.list, validateList(list)), eq(todos.completed, !completed)))
      .returning({ id: todos.id });
    return (await this.#db.query<Row>(query, [], { idempotent: true })).length;
  }

  /** Deletes the completed todos of `list`. Resolves the ids deleted. */
  async clearCompleted(list: string): Promise<string[]> {
    const query = builder
      .delete(todos)
      .where(and(eq(todos.list, validateList(list)), eq(todos.completed, true)))
      .returning({ id: todos.id });
    return (await this.#db.query<{ id: string }>(query, [], { idempotent: true })).map((row) => row.id);
  }

  /** Deletes a todo. Resolves whether it existed. */
  async delete(id: string): Promise<boolean> {
    const query = builder.delete(todos).where(eq(todos.id, id)).returning({ id: todos.id });
    return (await this.#db.query<Row>(query, [], { idempotent: true })).length > 0;
  }

  #countsQuery(list: string) {
    return builder
      .select({
        // Aliased: raw and live queries name result columns by these aliases.
        total: sql<number>`count(*)::int`.as('total'),
        active: sql<number>`(count(*) filter (where not ${todos.completed}))::int`.as('active'),
        completed: sql<number>`(count(*) filter (where ${todos.completed}))::int`.as('completed'),
      })
      .from(todos)
      .where(eq(todos.list, validateList(list)));
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
  subscribe(list: string, filter: TodoFilter, callback: (todos: Todo[]) => void): Promise<Unsubscribe> {
    // Keyed changes, not whole results: a one-row change ships one row across the worker
    // boundary, and rows that did not change keep their object, so a keyed view (Lit's
    // repeat) re-renders only the rows that did. See LiveTodoList.
    const rows = new LiveTodoList<Todo>(toTodo);
    let delivered = false;
    return this.#db.liveChanges<Row>(this.#listQuery(list, filter), [], 'id', (changes) => {
      const before = rows.items;
      const after = rows.apply(changes);
      // A batch that changes nothing shown (e.g. only PGlite's `__after__` moved) is not news,
      // except the first, which says the list is loaded even when it is empty.
      if (after !== before || !delivered) callback(after as Todo[]);
      delivered = true;
    });
  }

  /** Like {@link subscribe}, for the counts of `list`. */
  subscribeCounts(list: string, callback: (counts: TodoCounts) => void): Promise<Unsubscribe> {
    return this.#db.liveQuery<Row>(this.#countsQuery(list), [], ([row]) => callback(toCounts(row)));
  }
}

function toCounts(row: Row | undefined): TodoCounts {
  return {
    total: Number(row?.['total'] ?? 0),
    active: Number(row?.['active'] ?? 0),
    completed: Number(row?.['completed'] ?? 0),
  };
}
