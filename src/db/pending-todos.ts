import type { Todo } from './schema';
import { newTodoId, type TodoRepository } from './repositories/todos';
import { normalizeTitle, validateList } from './validation';

/** A todo added in this tab that the live list may not show yet. */
export interface LocalTodo extends Todo {
  /** True until the write is durable. */
  readonly pending: boolean;
}

type Listener = () => void;

/** How long a saved add waits for the live list to deliver it before it is dropped anyway. */
const SAVED_GRACE_MS = 5_000;

/**
 * Adds shown at once, before the database acknowledges them (or before it has even
 * started). Each gets its final UUIDv7 up front, so the committed row that the live list
 * delivers later replaces it one-for-one, and a retry after a leader change can't duplicate it.
 */
export class PendingTodos {
  readonly #repository: TodoRepository;
  readonly #todos = new Map<string, LocalTodo>();
  readonly #listeners = new Set<Listener>();

  constructor(repository: TodoRepository) {
    this.#repository = repository;
  }

  /** This tab's adds to `list` that a live list should show besides its rows, oldest first. */
  of(list: string): LocalTodo[] {
    return [...this.#todos.values()].filter((todo) => todo.list === list);
  }

  /** Notifies `listener` whenever an add appears, is saved, fails, or is forgotten. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A live list of `list` calls this with each result. Results reach this tab in the order
   * the leader ran them, so one that arrives after an add was saved already reflects it
   * (or a later delete): saved local copies are no longer needed.
   */
  forgetSaved(list: string): void {
    let changed = false;
    for (const todo of this.#todos.values()) {
      if (todo.list === list && !todo.pending) changed = this.#todos.delete(todo.id) || changed;
    }
    if (changed) this.#notify();
  }

  /**
   * Validates now (throwing before anything shows), shows the todo as pending, and
   * resolves with the committed row. On failure the local row is removed and the
   * promise rejects, so the caller can say why.
   * @throws {ValidationError} synchronously-checked title or list problems.
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
    this.#todos.set(todo.id, todo);
    this.#notify();
    return this.#repository.add(todo.title, todo.list, { id: todo.id }).then(
      (saved) => {
        if (this.#todos.has(saved.id)) {
          this.#todos.set(saved.id, { ...saved, pending: false });
          setTimeout(() => this.forgetSaved(saved.list), SAVED_GRACE_MS);
          this.#notify();
        }
        return saved;
      },
      (error: unknown) => {
        this.#todos.delete(todo.id);
        this.#notify();
        throw error;
      },
    );
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
