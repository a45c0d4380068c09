import type { Todo } from './schema';
import { newTodoId, type TodoRepository } from './repositories/todos';
import { normalizeTitle, validateList } from './validation';

/** A todo added in this tab that a live view may not show yet. */
export interface LocalTodo extends Todo {
  /** True until the write is durable. */
  readonly pending: boolean;
}

/**
 * The live views that show adds: the rows of a list and its counts. They are separate live
 * queries and refresh independently, so each must confirm a saved add on its own.
 */
export type LiveView = 'rows' | 'counts';

interface Entry {
  todo: LocalTodo;
  /** Views that have not delivered a result since the add was saved. */
  readonly unconfirmed: Set<LiveView>;
}

type Listener = () => void;

/** How long a saved add waits for the live views before it is dropped anyway. */
const SAVED_GRACE_MS = 5_000;

/**
 * Adds shown at once, before the database acknowledges them (or before it has even
 * started). Each gets its final UUIDv7 up front, so the committed row that the live list
 * delivers later replaces it one-for-one, and a retry after a leader change can't duplicate it.
 */
export class PendingTodos {
  readonly #repository: TodoRepository;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<Listener>();

  constructor(repository: TodoRepository) {
    this.#repository = repository;
  }

  /** This tab's adds to `list` that `view` must show besides its live result, oldest first. */
  of(list: string, view: LiveView): LocalTodo[] {
    const todos: LocalTodo[] = [];
    for (const { todo, unconfirmed } of this.#entries.values()) {
      if (todo.list === list && (todo.pending || unconfirmed.has(view))) todos.push(todo);
    }
    return todos;
  }

  /** Notifies `listener` whenever an add appears, is saved, fails, or is confirmed. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A live view of `list` calls this with each result. Results reach this tab in the order
   * the leader ran them, so one that arrives after an add was saved already reflects it
   * (or a later delete): that view no longer needs the local copy.
   */
  confirm(list: string, view: LiveView): void {
    let changed = false;
    for (const [id, entry] of this.#entries) {
      if (entry.todo.list !== list || entry.todo.pending || !entry.unconfirmed.delete(view)) continue;
      changed = true;
      if (entry.unconfirmed.size === 0) this.#entries.delete(id);
    }
    if (changed) this.#notify();
  }

  /**
   * Validates now (throwing before anything shows), shows the todo as pending, and
   * resolves with the committed row. On failure the local row is removed and the
   * promise rejects, so the caller can say why.
   * @throws {ValidationError} synchronously, for title or list problems.
   */
  add(title: string, list: string): Promise<Todo> {
    const now = new Date();
    const todo: LocalTodo = {
      id: newTodoId(),
      list: validateList(list),
      title: normalizeTitle(title),
      completed: false,
      createdAt: now,
      updatedAt: now,
      pending: true,
    };
    this.#entries.set(todo.id, { todo, unconfirmed: new Set<LiveView>(['rows', 'counts']) });
    this.#notify();
    return this.#repository.add(todo.title, todo.list, { id: todo.id }).then(
      (saved) => {
        const entry = this.#entries.get(saved.id);
        if (entry) {
          entry.todo = { ...saved, pending: false };
          setTimeout(() => {
            if (this.#entries.delete(saved.id)) this.#notify();
          }, SAVED_GRACE_MS);
          this.#notify();
        }
        return saved;
      },
      (error: unknown) => {
        this.#entries.delete(todo.id);
        this.#notify();
        throw error;
      },
    );
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
