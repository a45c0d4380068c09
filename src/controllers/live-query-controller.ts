import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Unsubscribe } from '../db/client';
import { TodoError } from '../errors';

export type LiveQueryStatus = 'pending' | 'ready' | 'error';

export interface LiveQueryOptions<T, A extends readonly unknown[]> {
  /** The query's arguments (e.g. `[list, filter]`), read on every host update; a change resubscribes. */
  readonly args: () => A;
  /** Starts the live query and feeds each result to `deliver`; resolves the function that stops it. */
  readonly subscribe: (args: A, deliver: (value: T) => void) => Promise<Unsubscribe>;
  /** Called once per failed subscription. */
  readonly onError?: (error: TodoError) => void;
}

function sameArgs(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  return a !== undefined && a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * Keeps a host element subscribed to a live query while it is connected: subscribes in
 * `hostConnected`, unsubscribes in `hostDisconnected`, resubscribes when its args change.
 * A generation counter drops results of a superseded or detached subscription, and an
 * unsubscribe that comes before the subscription resolved runs once it does.
 */
export class LiveQueryController<T, A extends readonly unknown[] = readonly unknown[]> implements ReactiveController {
  #host: ReactiveControllerHost;
  #options: LiveQueryOptions<T, A>;
  #generation = 0;
  #args?: A;
  #release?: Unsubscribe;
  #settle!: () => void;
  #ready!: Promise<void>;

  status: LiveQueryStatus = 'pending';
  value?: T;
  error?: TodoError;

  constructor(host: ReactiveControllerHost, options: LiveQueryOptions<T, A>) {
    this.#host = host;
    this.#options = options;
    this.#resetReady();
    host.addController(this);
  }

  /** Resolves when the current subscription delivered its first result (or failed). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  hostConnected(): void {
    this.#subscribe(this.#options.args());
  }

  hostUpdate(): void {
    const args = this.#options.args();
    if (this.#args !== undefined && !sameArgs(this.#args, args)) this.#subscribe(args);
  }

  hostDisconnected(): void {
    this.#generation++;
    this.#args = undefined;
    this.#releaseCurrent();
  }

  /** Renders by status, like Lit's Task. */
  render<R>(renderers: { pending?: () => R; ready: (value: T) => R; error?: (error: TodoError) => R }): R | undefined {
    if (this.status === 'error' && this.error) return renderers.error?.(this.error);
    if (this.status === 'ready' && this.value !== undefined) return renderers.ready(this.value);
    return renderers.pending?.();
  }

  #resetReady(): void {
    this.#ready = new Promise<void>((resolve) => (this.#settle = resolve));
  }

  #releaseCurrent(): void {
    const release = this.#release;
    this.#release = undefined;
    void release?.().catch(() => undefined);
  }

  #subscribe(args: A): void {
    const generation = ++this.#generation;
    this.#args = args;
    this.#releaseCurrent();
    if (this.status !== 'pending') this.#resetReady();
    if (this.status === 'error') this.status = 'pending';
    const isCurrent = () => generation === this.#generation;

    // A subscribe that throws at once (e.g. a list name the repository refuses) must land in
    // the error state like one that rejects, not escape from hostConnected.
    let started: Promise<Unsubscribe>;
    try {
      started = this.#options.subscribe(args, (value) => {
        if (!isCurrent()) return;
        this.value = value;
        this.status = 'ready';
        this.error = undefined;
        this.#settle();
        this.#host.requestUpdate();
      });
    } catch (error) {
      started = Promise.reject(error);
    }
    started
      .then(
        (release) => {
          if (isCurrent()) this.#release = release;
          else void release().catch(() => undefined);
        },
        (error: unknown) => {
          if (!isCurrent()) return;
          this.error = error instanceof TodoError ? error : new TodoError(String(error), { cause: error });
          this.status = 'error';
          this.#settle();
          this.#options.onError?.(this.error);
          this.#host.requestUpdate();
        },
      );
  }
}
