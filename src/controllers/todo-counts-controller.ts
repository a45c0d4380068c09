import { LiveQueryController } from './live-query-controller';
import { DatabaseBinding, type DatabaseHost } from './database-binding';
import type { TodoCounts } from '../db/repositories/todos';
import type { TodoError } from '../errors';

/**
 * Live counts of a list, plus this tab's adds the counts do not include yet (so "N items
 * left" moves the moment Enter is pressed). Re-renders the host when either changes.
 */
export class TodoCountsController {
  readonly #database: DatabaseBinding;
  readonly #list: () => string;
  readonly #query: LiveQueryController<TodoCounts, readonly [string]>;
  /** Tick of the last counts result (see PendingTodos.now). */
  #seenAt = 0;
  /** The counts of the window snapshot until the first result (see `TodoRepository.snapshotCounts`). */
  #snapshot?: TodoCounts;
  /** Counts snapshot reads, so one for a superseded subscription, or after the first result, is dropped. */
  #snapshotRead = 0;

  constructor(host: DatabaseHost, list: () => string, onError?: (error: TodoError) => void) {
    this.#list = list;
    // This tab's adds and changes count at once: re-render when they change.
    this.#database = new DatabaseBinding(host, {
      bind: ({ pending, changes }) => {
        const stopPending = pending.subscribe(() => host.requestUpdate());
        const stopChanges = changes.subscribe(() => host.requestUpdate());
        return () => {
          stopPending();
          stopChanges();
        };
      },
      replaced: () => (this.#seenAt = 0),
    });
    this.#query = new LiveQueryController(host, {
      args: () => [list()] as const,
      subscribe: ([name], deliver) => {
        const repository = this.#database.services.todos;
        const read = ++this.#snapshotRead;
        this.#snapshot = undefined;
        void repository.snapshotCounts(name).then((counts) => {
          if (read !== this.#snapshotRead || !counts) return;
          this.#snapshot = counts;
          host.requestUpdate();
        });
        return repository.subscribeCounts(name, (counts) => {
          if (read === this.#snapshotRead) {
            this.#snapshotRead++;
            this.#snapshot = undefined;
          }
          this.#seenAt = this.#database.services.pending.now();
          deliver(counts);
        });
      },
      ...(onError ? { onError } : {}),
    });
  }

  /** Resolves when the first counts arrived (or failed). */
  get ready(): Promise<void> {
    return this.#query.ready;
  }

  /** The counts, `undefined` until the first result (or the snapshot's). New todos start active. */
  get value(): TodoCounts | undefined {
    const counts = this.#query.value ?? this.#snapshot;
    if (!counts) return undefined;
    const { pending, changes } = this.#database.services;
    const uncounted = pending.of(this.#list(), this.#seenAt).length;
    const changed = changes.countsDelta(this.#list(), this.#seenAt);
    return {
      total: counts.total + uncounted + changed.total,
      active: counts.active + uncounted + changed.active,
      completed: counts.completed + changed.completed,
    };
  }
}
