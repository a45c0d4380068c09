import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalTodo } from '../db/pending-todos';
import { afterCurrentScript, onClientsReplaced, getPendingTodos, type DatabaseChoice } from '../registry';

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
export class PendingTodosController implements ReactiveController {
  readonly #host: ReactiveControllerHost & DatabaseChoice;
  readonly #options: PendingTodosOptions;
  /** Tick of the last result that includes the saved adds (see PendingTodos.now). */
  #seenAt = 0;
  /** The adds still being saved, to tell a new one. */
  #pendingIds = new Set<string>();
  #stopWatching?: () => void;
  /** Counts connections, so a subscription scheduled for one that has ended does not start. */
  #connection = 0;

  constructor(host: ReactiveControllerHost & DatabaseChoice, options: PendingTodosOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The adds the host's rows do not show yet, oldest first. */
  get todos(): LocalTodo[] {
    return getPendingTodos(this.#host).of(this.#options.list(), this.#seenAt);
  }

  /** The host received rows that show every add saved until now. */
  seen(): void {
    this.#seenAt = getPendingTodos(this.#host).now();
  }

  #stopReplaced?: () => void;

  hostConnected(): void {
    // A newer copy of the widget on the page took over the database: subscribe again through it.
    this.#stopReplaced?.();
    this.#stopReplaced = onClientsReplaced(() => {
      this.hostDisconnected();
      this.#seenAt = 0; // the new copy's adds count from its own clock
      this.hostConnected();
      this.#host.requestUpdate();
    });
    // After the current script: a host page may still configure() the database in it.
    const connection = ++this.#connection;
    afterCurrentScript(
      () => (this.#stopWatching = getPendingTodos(this.#host).subscribe(() => this.#changed())),
      () => connection === this.#connection,
    );
  }

  hostDisconnected(): void {
    this.#stopReplaced?.();
    this.#stopReplaced = undefined;
    this.#connection++;
    this.#stopWatching?.();
    this.#stopWatching = undefined;
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
