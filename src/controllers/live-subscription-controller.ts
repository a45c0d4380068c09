import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ValidationError, asTodoError, type TodoError } from '../errors';
import { DatabaseBinding } from './database-binding';

export type LiveQueryStatus = 'pending' | 'ready' | 'error';

/** What every live controller is given; its own options add to these. */
export interface LiveSubscriptionOptions<T, A extends readonly unknown[]> {
  /** The subscription's arguments, read on every host update; a change resubscribes. */
  readonly args: () => A;
  /** Called with each result, before the host re-renders. */
  readonly onResult?: (value: T) => void;
  /** Called once per failed subscription. */
  readonly onError?: (error: TodoError) => void;
}

function sameArgs(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  return a !== undefined && a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * Keeps a host subscribed to a live result while it is connected: subscribes in
 * `hostConnected`, unsubscribes in `hostDisconnected`, resubscribes when its args change, and
 * exposes `status`, `value`, `error`, `ready` and `render` like Lit's Task.
 * A generation counter drops results of a superseded or detached subscription, and an
 * unsubscribe that comes before the subscription resolved runs once it does.
 *
 * A subclass says how to start (`subscribe`) and stop (`unsubscribe`) one subscription, whose
 * handle is `S`, and calls `host.addController(this)` at the end of its own constructor: a host
 * that is already connected calls `hostConnected` at once, and `subscribe` may read the
 * subclass's fields, which do not exist yet while this constructor runs.
 */
export abstract class LiveSubscriptionController<T, A extends readonly unknown[], S> implements ReactiveController {
  protected readonly host: ReactiveControllerHost;
  /** Which database the subscriptions go to: they start once bound, and again on a newer copy's services. */
  protected readonly database: DatabaseBinding;
  readonly #options: LiveSubscriptionOptions<T, A>;
  #generation = 0;
  #args?: A;
  #subscription?: S;
  #settle!: () => void;
  #ready!: Promise<void>;
  /** Stops waiting for the database to start again after a failed subscription. */
  #stopWaitingForStart?: () => void;

  status: LiveQueryStatus = 'pending';
  value?: T;
  /** The args `value` was delivered for: after a change of args the old value stays until the new subscription's first result. */
  valueArgs?: A;
  error?: TodoError;

  constructor(host: ReactiveControllerHost, options: LiveSubscriptionOptions<T, A>) {
    this.host = host;
    this.#options = options;
    this.#resetReady();
    this.database = new DatabaseBinding(host, {
      bind: () => {
        this.#start(this.#options.args());
        return () => this.#stop();
      },
    });
  }

  /** Resolves when the current subscription delivered its first result (or failed). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  hostUpdate(): void {
    const args = this.#options.args();
    if (this.#args !== undefined && !sameArgs(this.#args, args)) this.#start(args);
  }

  #stop(): void {
    this.#generation++;
    this.#args = undefined;
    this.#release();
    this.#stopWaitingForStart?.();
    this.#stopWaitingForStart = undefined;
  }

  /** Renders by status, like Lit's Task. */
  render<R>(renderers: { pending?: () => R; ready: (value: T) => R; error?: (error: TodoError) => R }): R | undefined {
    if (this.status === 'error' && this.error) return renderers.error?.(this.error);
    if (this.status === 'ready' && this.value !== undefined) return renderers.ready(this.value);
    return renderers.pending?.();
  }

  /** Starts one subscription and feeds each result to `deliver`; resolves its handle. */
  protected abstract subscribe(args: A, deliver: (value: T) => void): Promise<S>;

  /** Stops a subscription `subscribe` resolved. */
  protected abstract unsubscribe(subscription: S): Promise<void>;

  /** Called when the current subscription has started (a superseded one is stopped instead). */
  protected subscribed(_subscription: S): void {}

  /** The current subscription, once it has started. */
  protected get subscription(): S | undefined {
    return this.#subscription;
  }

  #resetReady(): void {
    this.#ready = new Promise<void>((resolve) => (this.#settle = resolve));
  }

  #release(): void {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    if (subscription !== undefined) void this.unsubscribe(subscription).catch(() => undefined);
  }

  #start(args: A): void {
    const generation = ++this.#generation;
    this.#args = args;
    this.#release();
    if (this.status !== 'pending') this.#resetReady();
    if (this.status === 'error') this.status = 'pending';
    const isCurrent = () => generation === this.#generation;

    // A subscribe that throws at once (e.g. a list name the repository refuses) must land in
    // the error state like one that rejects, not escape from hostConnected.
    let started: Promise<S>;
    try {
      started = this.subscribe(args, (value) => {
        if (!isCurrent()) return;
        this.value = value;
        this.valueArgs = args;
        this.status = 'ready';
        this.error = undefined;
        this.#options.onResult?.(value);
        this.#settle();
        this.host.requestUpdate();
      });
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(
      (subscription) => {
        if (!isCurrent()) {
          void this.unsubscribe(subscription).catch(() => undefined);
          return;
        }
        this.#subscription = subscription;
        this.subscribed(subscription);
      },
      (error: unknown) => {
        if (!isCurrent()) return;
        this.error = asTodoError(error);
        this.status = 'error';
        this.#settle();
        this.#options.onError?.(this.error);
        this.host.requestUpdate();
        if (!(this.error instanceof ValidationError)) this.#retryOnceStarted(args, isCurrent);
      },
    );
  }

  /**
   * The database could not start (or not in time): the tabs keep retrying, so subscribe again
   * as soon as it runs, instead of showing the error until a reload.
   */
  #retryOnceStarted(args: A, isCurrent: () => boolean): void {
    this.#stopWaitingForStart?.();
    const stop = this.database.services.client.onStatus((status) => {
      if (status.kind !== 'ready') return;
      stop();
      if (this.#stopWaitingForStart === stop) this.#stopWaitingForStart = undefined;
      if (isCurrent() && this.status === 'error') this.#start(args);
    });
    this.#stopWaitingForStart = stop;
  }
}
