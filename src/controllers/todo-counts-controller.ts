import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LiveQueryController } from './live-query-controller';
import {
  afterCurrentScript,
  getPendingChanges,
  getPendingTodos,
  getTodoRepository,
  type DatabaseChoice,
} from '../registry';
import type { TodoCounts } from '../db/repositories/todos';
import type { TodoError } from '../errors';

/**
 * Live counts of a list, plus this tab's adds the counts do not include yet (so "N items
 * left" moves the moment Enter is pressed). Re-renders the host when either changes.
 */
export class TodoCountsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #list: () => string;
  readonly #query: LiveQueryController<TodoCounts, readonly [string]>;
  /** Tick of the last counts result (see PendingTodos.now). */
  #seenAt = 0;
  #stopWatchingPending?: () => void;
  #stopWatchingChanges?: () => void;
  /** The counts of the window snapshot until the first result (see `TodoRepository.snapshotCounts`). */
  #snapshot?: TodoCounts;
  /** Counts snapshot reads, so one for a superseded subscription, or after the first result, is dropped. */
  #snapshotRead = 0;

  constructor(host: ReactiveControllerHost, list: () => string, onError?: (error: TodoError) => void) {
    this.#host = host;
    this.#list = list;
    this.#query = new LiveQueryController(host, {
      args: () => [list()] as const,
      subscribe: ([name], deliver) => {
        const repository = getTodoRepository(host as DatabaseChoice);
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
          this.#seenAt = getPendingTodos(host as DatabaseChoice).now();
          deliver(counts);
        });
      },
      ...(onError ? { onError } : {}),
    });
    host.addController(this);
  }

  /** Counts connections, so a subscription scheduled for one that has ended does not start. */
  #connection = 0;

  hostConnected(): void {
    const connection = ++this.#connection;
    afterCurrentScript(
      () => {
        const host = this.#host as DatabaseChoice;
        this.#stopWatchingPending = getPendingTodos(host).subscribe(() => this.#host.requestUpdate());
        this.#stopWatchingChanges = getPendingChanges(host).subscribe(() => this.#host.requestUpdate());
      },
      () => connection === this.#connection,
    );
  }

  hostDisconnected(): void {
    this.#connection++;
    this.#stopWatchingPending?.();
    this.#stopWatchingPending = undefined;
    this.#stopWatchingChanges?.();
    this.#stopWatchingChanges = undefined;
  }

  /** Resolves when the first counts arrived (or failed). */
  get ready(): Promise<void> {
    return this.#query.ready;
  }

  /** The counts, `undefined` until the first result (or the snapshot's). New todos start active. */
  get value(): TodoCounts | undefined {
    const counts = this.#query.value ?? this.#snapshot;
    if (!counts) return undefined;
    const host = this.#host as DatabaseChoice;
    const uncounted = getPendingTodos(host).of(this.#list(), this.#seenAt).length;
    const changed = getPendingChanges(host).countsDelta(this.#list(), this.#seenAt);
    return {
      total: counts.total + uncounted + changed.total,
      active: counts.active + uncounted + changed.active,
      completed: counts.completed + changed.completed,
    };
  }
}
