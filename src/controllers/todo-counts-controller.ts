import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LiveQueryController } from './live-query-controller';
import { afterCurrentScript, getPendingTodos, getTodoRepository, type DatabaseChoice } from '../registry';
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

  constructor(host: ReactiveControllerHost, list: () => string, onError?: (error: TodoError) => void) {
    this.#host = host;
    this.#list = list;
    this.#query = new LiveQueryController(host, {
      args: () => [list()] as const,
      subscribe: ([name], deliver) =>
        getTodoRepository(host as DatabaseChoice).subscribeCounts(name, (counts) => {
          this.#seenAt = getPendingTodos(host as DatabaseChoice).now();
          deliver(counts);
        }),
      ...(onError ? { onError } : {}),
    });
    host.addController(this);
  }

  /** Counts connections, so a subscription scheduled for one that has ended does not start. */
  #connection = 0;

  hostConnected(): void {
    const connection = ++this.#connection;
    afterCurrentScript(
      () =>
        (this.#stopWatchingPending = getPendingTodos(this.#host as DatabaseChoice).subscribe(() =>
          this.#host.requestUpdate(),
        )),
      () => connection === this.#connection,
    );
  }

  hostDisconnected(): void {
    this.#connection++;
    this.#stopWatchingPending?.();
    this.#stopWatchingPending = undefined;
  }

  /** Resolves when the first counts arrived (or failed). */
  get ready(): Promise<void> {
    return this.#query.ready;
  }

  /** The counts, `undefined` until the first result. New todos start active. */
  get value(): TodoCounts | undefined {
    const counts = this.#query.value;
    if (!counts) return undefined;
    const uncounted = getPendingTodos(this.#host as DatabaseChoice).of(this.#list(), this.#seenAt).length;
    return { total: counts.total + uncounted, active: counts.active + uncounted, completed: counts.completed };
  }
}
