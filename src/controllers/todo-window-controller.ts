import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { WindowRange } from '../db/client';
import type { TodoFilter, TodoWindow, TodoWindowSubscription } from '../db/repositories/todos';
import { getTodoRepository } from '../registry';
import { TodoError } from '../errors';
import type { LiveQueryStatus } from './live-query-controller';

export interface TodoWindowOptions {
  /** The list and filter, read on every host update; a change subscribes again (at the window last asked for). */
  readonly args: () => readonly [string, TodoFilter];
  /** The window to start with, before the host knows what it shows. */
  readonly initialRange: () => WindowRange;
  /** Called with each result, before the host re-renders. */
  readonly onResult?: (window: TodoWindow) => void;
  /** Called once per failed subscription. */
  readonly onError?: (error: TodoError) => void;
}

const sameRange = (a: WindowRange, b: WindowRange) => a.offset === b.offset && a.limit === b.limit;

/**
 * Keeps a host subscribed to a window of a list's todos while it is connected (see
 * `TodoRepository.subscribeWindow`), and moves that window when the host asks for other rows,
 * without subscribing again. Results of a superseded subscription are dropped.
 */
export class TodoWindowController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: TodoWindowOptions;
  #generation = 0;
  #args?: readonly [string, TodoFilter];
  #subscription?: TodoWindowSubscription;
  /** The window the subscription was last asked for. */
  #range?: WindowRange;
  #settle!: () => void;
  #ready!: Promise<void>;

  status: LiveQueryStatus = 'pending';
  value?: TodoWindow;
  error?: TodoError;

  constructor(host: ReactiveControllerHost, options: TodoWindowOptions) {
    this.#host = host;
    this.#options = options;
    this.#resetReady();
    host.addController(this);
  }

  /** Resolves when the current subscription delivered its first rows (or failed). */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** The window last asked for (its rows may still be on the way). */
  get range(): WindowRange {
    return (this.#range ??= this.#options.initialRange());
  }

  /** Renders by status, like Lit's Task. */
  render<R>(renderers: { pending?: () => R; ready: (window: TodoWindow) => R; error?: (error: TodoError) => R }): R | undefined {
    if (this.status === 'error' && this.error) return renderers.error?.(this.error);
    if (this.status === 'ready' && this.value !== undefined) return renderers.ready(this.value);
    return renderers.pending?.();
  }

  /** Asks for other rows; the host re-renders when they arrive. */
  request(range: WindowRange): void {
    if (sameRange(range, this.range)) return;
    this.#range = range;
    this.#move(range);
  }

  hostConnected(): void {
    this.#subscribe(this.#options.args());
  }

  hostUpdate(): void {
    const args = this.#options.args();
    if (this.#args !== undefined && (args[0] !== this.#args[0] || args[1] !== this.#args[1])) this.#subscribe(args);
  }

  hostDisconnected(): void {
    this.#generation++;
    this.#args = undefined;
    this.#release();
  }

  #resetReady(): void {
    this.#ready = new Promise<void>((resolve) => (this.#settle = resolve));
  }

  #release(): void {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    void subscription?.unsubscribe().catch(() => undefined);
  }

  #move(range: WindowRange): void {
    const subscription = this.#subscription;
    // Not subscribed yet: the subscription moves once it runs.
    if (!subscription) return;
    subscription.move(range).catch((error: unknown) => {
      // A window that did not move is asked for again at the next render.
      if (this.#subscription === subscription && this.#range === range) this.#range = { offset: -1, limit: 0 };
      if (!(error instanceof TodoError)) console.error('todo-widget: could not move the list window', error);
      this.#host.requestUpdate();
    });
  }

  #subscribe(args: readonly [string, TodoFilter]): void {
    const generation = ++this.#generation;
    this.#args = args;
    this.#release();
    if (this.status !== 'pending') this.#resetReady();
    if (this.status === 'error') this.status = 'pending';
    const isCurrent = () => generation === this.#generation;
    const startRange = this.range.offset >= 0 ? this.range : this.#options.initialRange();

    let started: Promise<TodoWindowSubscription>;
    try {
      started = getTodoRepository().subscribeWindow(args[0], args[1], startRange, (window) => {
        if (!isCurrent()) return;
        this.value = window;
        this.status = 'ready';
        this.error = undefined;
        this.#options.onResult?.(window);
        this.#settle();
        this.#host.requestUpdate();
      });
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(
      (subscription) => {
        if (!isCurrent()) {
          void subscription.unsubscribe().catch(() => undefined);
          return;
        }
        this.#subscription = subscription;
        // The host asked for other rows while the subscription started.
        if (!sameRange(this.range, startRange)) this.#move(this.range);
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
