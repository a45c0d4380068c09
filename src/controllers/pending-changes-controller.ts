import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChangedTodo } from '../db/pending-changes';
import { afterCurrentScript, getPendingChanges, getPendingTodos, type DatabaseChoice } from '../registry';

/**
 * This tab's changes to shown todos (toggle, rename, delete) made before the database ran, over
 * the host's rows until a result of its live query has them (see `PendingChanges`): subscribed
 * while the host is connected, re-rendering it on each change. The host says when it receives a
 * result (`seen`).
 */
export class PendingChangesController implements ReactiveController {
  readonly #host: ReactiveControllerHost & DatabaseChoice;
  /** Tick of the host's last result (see PendingTodos.now). */
  #seenAt = 0;
  #stopWatching?: () => void;
  /** Counts connections, so a subscription scheduled for one that has ended does not start. */
  #connection = 0;

  constructor(host: ReactiveControllerHost & DatabaseChoice) {
    this.#host = host;
    host.addController(this);
  }

  /** The host received rows: they have every change saved until now. */
  seen(): void {
    this.#seenAt = getPendingTodos(this.#host).now();
  }

  /** `row` as this tab's changes the host's rows do not have yet make it (the same object when none). */
  overlay<T extends ChangedTodo>(row: T): T {
    return getPendingChanges(this.#host).overlay(row, this.#seenAt);
  }

  hostConnected(): void {
    const connection = ++this.#connection;
    afterCurrentScript(
      () => (this.#stopWatching = getPendingChanges(this.#host).subscribe(() => this.#host.requestUpdate())),
      () => connection === this.#connection,
    );
  }

  hostDisconnected(): void {
    this.#connection++;
    this.#stopWatching?.();
    this.#stopWatching = undefined;
  }
}
