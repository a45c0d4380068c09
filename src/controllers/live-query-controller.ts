import type { ReactiveControllerHost } from 'lit';
import type { Unsubscribe } from '../db/client';
import type { TodoError } from '../errors';
import { LiveSubscriptionController } from './live-subscription-controller';

export type { LiveQueryStatus } from './live-subscription-controller';

export interface LiveQueryOptions<T, A extends readonly unknown[]> {
  /** The query's arguments (e.g. `[list, filter]`), read on every host update; a change resubscribes. */
  readonly args: () => A;
  /** Starts the live query and feeds each result to `deliver`; resolves the function that stops it. */
  readonly subscribe: (args: A, deliver: (value: T) => void) => Promise<Unsubscribe>;
  /** Called once per failed subscription. */
  readonly onError?: (error: TodoError) => void;
}

/**
 * Keeps a host element subscribed to a live query while it is connected: subscribes in
 * `hostConnected`, unsubscribes in `hostDisconnected`, resubscribes when its args change.
 * A generation counter drops results of a superseded or detached subscription, and an
 * unsubscribe that comes before the subscription resolved runs once it does.
 */
export class LiveQueryController<
  T,
  A extends readonly unknown[] = readonly unknown[],
> extends LiveSubscriptionController<T, A, Unsubscribe> {
  readonly #options: LiveQueryOptions<T, A>;

  constructor(host: ReactiveControllerHost, options: LiveQueryOptions<T, A>) {
    super(host, options);
    this.#options = options;
    host.addController(this);
  }

  protected override subscribe(args: A, deliver: (value: T) => void): Promise<Unsubscribe> {
    return this.#options.subscribe(args, deliver);
  }

  protected override unsubscribe(release: Unsubscribe): Promise<void> {
    return release();
  }
}
