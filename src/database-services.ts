import type { DatabaseClient } from './db/client';
import { TodoRepository } from './db/repositories/todos';
import { PendingTodos } from './unsaved/pending-todos';
import { PendingChanges } from './unsaved/pending-changes';
import { UndoHistory } from './unsaved/undo-history';
import { AddOutbox } from './unsaved/add-outbox';
import { ChangeOutbox } from './unsaved/change-outbox';
import { guardUnload } from './internal/unload-guard';

/**
 * Everything built on one database's client that the elements of a page share: its repository,
 * this tab's unsaved adds and changes, and this tab's undo history. Each is made on first use.
 *
 * One object with one `dispose()`, so that when a newer copy of the widget takes over the
 * database (see `registerCopy` in registry.ts) nothing built on the old client stays in use:
 * before, the registry reset the client, repository and adds one by one and forgot the changes
 * and the undo history, whose writes then went to the closed client.
 */
export class DatabaseServices {
  readonly client: DatabaseClient;
  /** How many migrations the copy of the bundle that made these services knows. */
  readonly schema: number;
  #todos?: TodoRepository;
  #pending?: PendingTodos;
  #changes?: PendingChanges;
  #undo?: UndoHistory;
  /** Stops what these services listen to on the client. */
  readonly #stops: Array<() => void> = [];

  constructor(client: DatabaseClient, schema: number) {
    this.client = client;
    this.schema = schema;
  }

  /** The TodoRepository over the client. */
  get todos(): TodoRepository {
    return (this.#todos ??= new TodoRepository(this.client));
  }

  /** The adds that are shown but not yet durable. */
  get pending(): PendingTodos {
    if (!this.#pending) {
      const client = this.client;
      const pending = new PendingTodos(this.todos, new AddOutbox(client.database, client.storage));
      this.#pending = pending;
      // Adds the browser could not keep (storage blocked or full) are lost if the tab closes first: ask.
      pending.subscribe(guardUnload(() => pending.hasUnkept));
      // Adds that failed because the database could not start (or was too new) go once it runs.
      this.#stops.push(client.onStatus((status) => status.kind === 'ready' && pending.retryFailed()));
      // Adds an earlier visit, or a tab closed meanwhile, kept and did not see saved.
      pending.replay();
    }
    return this.#pending;
  }

  /** The changes to shown todos not saved yet (kept over a reload). */
  get changes(): PendingChanges {
    if (!this.#changes) {
      const client = this.client;
      const outbox = new ChangeOutbox(client.database, client.storage);
      const changes = new PendingChanges(this.todos, () => client.ready, this.pending, outbox);
      this.#changes = changes;
      // Changes the browser could not keep (storage blocked or full) are lost if the tab closes first: ask.
      changes.subscribe(guardUnload(() => changes.hasUnkept));
      // Changes an earlier page (a reload) or a tab closed meanwhile kept and did not see saved.
      changes.replay();
    }
    return this.#changes;
  }

  /** This tab's undo history. */
  get undo(): UndoHistory {
    // The writes that undo runs are loaded with the first undo: most pages never undo anything.
    return (this.#undo ??= new UndoHistory(async () => {
      const { TodoRestoreRepository } = await import('./db/repositories/todo-restore');
      return new TodoRestoreRepository(this.client);
    }));
  }

  /**
   * Closes the client; these services are not used again. What was not saved stays in the
   * outboxes, and the services that replace these replay it.
   */
  dispose(): void {
    for (const stop of this.#stops.splice(0)) stop();
    void this.client.close();
  }
}
