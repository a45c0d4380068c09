import type { Todo } from './schema';
import { newTodoId, type TodoRepository } from './repositories/todos';
import { normalizeTitle, validateList } from './validation';
import { DatabaseTimeoutError, OutcomeUnknownError } from '../errors';
import { RETRY_DELAYS_MS } from './connection/call-policy';

/** A todo added in this tab that a live view may not show yet. */
export interface LocalTodo extends Todo {
  /** True until the write is durable. */
  readonly pending: boolean;
}

interface Entry {
  todo: LocalTodo;
  /** Tick of the save; 0 while pending. */
  savedAt: number;
}

type Listener = () => void;

/** How long a saved add is kept for live views that have not had a result since. */
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
  #clock = 0;

  constructor(repository: TodoRepository) {
    this.#repository = repository;
  }

  /**
   * A tick of this tab's clock. A live view takes one with each result it receives: results
   * reach this tab in the order the leader ran them, so a result received after an add was
   * saved already reflects that add (or a later delete).
   */
  now(): number {
    return ++this.#clock;
  }

  /**
   * This tab's adds to `list` that a live view whose last result came at tick `seenAt` does
   * not include yet: pending ones, and saved ones it has had no result since. Oldest first.
   */
  of(list: string, seenAt: number): LocalTodo[] {
    const todos: LocalTodo[] = [];
    for (const { todo, savedAt } of this.#entries.values()) {
      if (todo.list === list && (todo.pending || savedAt > seenAt)) todos.push(todo);
    }
    return todos;
  }

  /** Notifies `listener` whenever an add appears, is saved, fails, or expires. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
      dueAt: null,
      pending: true,
    };
    this.#entries.set(todo.id, { todo, savedAt: 0 });
    this.#notify();
    return this.#saveUntilSettled(todo).then(
      (saved) => {
        const entry = this.#entries.get(saved.id);
        if (entry) {
          entry.todo = { ...saved, pending: false };
          entry.savedAt = this.now();
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

  /**
   * Saves by the todo's id until it is saved or definitely refused. A timeout or an unknown
   * outcome (the leader went away mid-call) is not a refusal: the add may still commit, so it
   * stays pending and is sent again — the id makes a repeat apply once.
   */
  async #saveUntilSettled(todo: LocalTodo): Promise<Todo> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#repository.add(todo.title, todo.list, { id: todo.id });
      } catch (error) {
        if (!(error instanceof OutcomeUnknownError || error instanceof DatabaseTimeoutError)) throw error;
        await new Promise((resolve) =>
          setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]),
        );
      }
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
