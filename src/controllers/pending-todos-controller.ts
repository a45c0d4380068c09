import type { ReactiveControllerHost } from 'lit';
import type { LocalTodo } from '../unsaved/pending-todos';
import { DatabaseBinding, type DatabaseHost } from './database-binding';

export interface PendingTodosOptions {
  /** Which list; read whenever `todos` is. */
  readonly list: () => string;
  /** Called for each add of this tab that appears while the host is connected, before the host re-renders. */
  readonly onAdd?: (todo: LocalTodo) => void;
}

/**
 * This tab's adds to a list that the host's live rows do not show yet (see
 * `PendingTodos.of`): subscribed while the host is connected, re-rendering it on each change.
 * The host says when a result of its own live query includes every add saved so far (`seen`).
 */
export class PendingTodosController {
  readonly #host: ReactiveControllerHost;
  readonly #options: PendingTodosOptions;
  readonly #database: DatabaseBinding;
  /** Tick of the last result that includes the saved adds (see PendingTodos.now). */
  #seenAt = 0;
  /** The adds still being saved, to tell a new one. */
  #pendingIds = new Set<string>();

  constructor(host: DatabaseHost, options: PendingTodosOptions) {
    this.#host = host;
    this.#options = options;
    this.#database = new DatabaseBinding(host, {
      bind: (services) => services.pending.subscribe(() => this.#changed()),
      // The new copy's adds count from its own clock.
      replaced: () => (this.#seenAt = 0),
    });
  }

  /** The adds the host's rows do not show yet, oldest first. */
  get todos(): LocalTodo[] {
    return this.#database.services.pending.of(this.#options.list(), this.#seenAt);
  }

  /** The host received rows that show every add saved until now. */
  seen(): void {
    this.#seenAt = this.#database.services.pending.now();
  }

  #changed(): void {
    const pending = new Set<string>();
    for (const todo of this.todos) {
      if (!todo.pending) continue;
      pending.add(todo.id);
      if (!this.#pendingIds.has(todo.id)) this.#options.onAdd?.(todo);
    }
    this.#pendingIds = pending;
    this.#host.requestUpdate();
  }
}
