import type { ChangedTodo } from '../unsaved/pending-changes';
import { DatabaseBinding, type DatabaseHost } from './database-binding';

/**
 * This tab's changes to shown todos (toggle, rename, delete) made before the database ran, over
 * the host's rows until a result of its live query has them (see `PendingChanges`): subscribed
 * while the host is connected, re-rendering it on each change. The host says when it receives a
 * result (`seen`).
 */
export class PendingChangesController {
  readonly #database: DatabaseBinding;
  /** Tick of the host's last result (see PendingTodos.now). */
  #seenAt = 0;

  constructor(host: DatabaseHost) {
    this.#database = new DatabaseBinding(host, {
      bind: (services) => services.changes.subscribe(() => host.requestUpdate()),
      // The new copy's changes count from its own clock.
      replaced: () => (this.#seenAt = 0),
    });
  }

  /** The host received rows: they have every change saved until now. */
  seen(): void {
    this.#seenAt = this.#database.services.pending.now();
  }

  /** `row` as this tab's changes the host's rows do not have yet make it (the same object when none). */
  overlay<T extends ChangedTodo>(row: T): T {
    return this.#database.services.changes.overlay(row, this.#seenAt);
  }
}
