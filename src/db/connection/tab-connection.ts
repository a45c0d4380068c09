import { electionNames, randomId } from '../../protocol/channels';
import { dropMalformed, parseFromWorker, PROTOCOL_VERSION } from '../../protocol/messages';
import { deserializeError, LeaderChangedError, WorkerStartError, type TodoError } from '../../errors';
import type { WorkerStartOptions } from '../storage';
import { LeaderLink } from './leader-link';
import { ChannelTransport } from './transport';

export interface TabConnectionOptions {
  readonly election: string;
  readonly start: WorkerStartOptions;
  readonly createWorker: () => Worker;
  /** No Web Locks here: this tab leads alone, on an election id of its own. */
  readonly solo: boolean;
}

/** Pauses before this tab's worker tries to lead again after failing: 1 s, doubling, at most 10 s. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 10_000] as const;

/**
 * One tab's membership of the election, from connect to close: the tab lock that tells the
 * leader this tab is alive, the channels (a {@link LeaderLink}), and the tab's worker, which
 * queues to lead. A worker whose attempt failed (or that did not start) is replaced after a
 * pause, so that a cause that has gone (a deploy's missing files, a network outage) stops
 * mattering without a reload; meanwhile other tabs may take their turn at the lock.
 */
export class TabConnection {
  readonly link: LeaderLink;
  readonly #options: TabConnectionOptions;
  readonly #tab = randomId();
  #worker?: Worker;
  /** The leader term this tab's worker runs, when it leads. */
  #leading?: string;
  #failures = 0;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #releaseTabLock?: () => void;
  #closed = false;
  readonly #leadingListeners = new Set<() => void>();

  private constructor(options: TabConnectionOptions) {
    this.#options = options;
    const names = electionNames(options.election);
    this.link = new LeaderLink(new ChannelTransport(names, this.#tab), this.#tab);
    this.link.onState((state) => {
      if (state.kind === 'ready') this.#failures = 0;
    });
  }

  /** Takes the tab lock (before any call can reach the leader), then starts the worker. */
  static async open(options: TabConnectionOptions): Promise<TabConnection> {
    const connection = new TabConnection(options);
    if (!options.solo) await connection.#holdTabLock();
    connection.#startWorker();
    return connection;
  }

  /** True when this tab's worker runs the database. */
  get isLeader(): boolean {
    const state = this.link.state;
    return state.kind === 'ready' && state.leader === this.#leading;
  }

  onLeading(listener: () => void): () => void {
    this.#leadingListeners.add(listener);
    return () => this.#leadingListeners.delete(listener);
  }

  #holdTabLock(): Promise<void> {
    const names = electionNames(this.#options.election);
    return new Promise<void>((held) => {
      void navigator.locks.request(names.tabLock(this.#tab), () => {
        held();
        return new Promise<void>((release) => (this.#releaseTabLock = release));
      });
    });
  }

  #startWorker(): void {
    if (this.#closed) return;
    let worker: Worker;
    try {
      worker = this.#options.createWorker();
    } catch (error) {
      return this.#workerFailed(new WorkerStartError(`The database worker could not be created: ${String(error)}`, { cause: error }));
    }
    this.#worker = worker;
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseFromWorker(event.data);
      if (!message) return dropMalformed('the database worker', event.data);
      if (message.kind === 'leading') {
        this.#leading = message.leader;
        for (const listener of this.#leadingListeners) listener();
      } else {
        this.#workerFailed(deserializeError(message.error));
      }
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      const detail = event.message ? `: ${event.message}` : ' (script not found, blocked by CSP, or not a module)';
      this.#workerFailed(new WorkerStartError(`The database worker failed to start${detail}.`));
    });
    worker.postMessage({
      v: PROTOCOL_VERSION,
      kind: 'start',
      tab: this.#tab,
      election: this.#options.election,
      options: this.#options.start,
      solo: this.#options.solo,
    });
  }

  #workerFailed(error: TodoError): void {
    if (this.#closed) return;
    this.link.reportLocalFailure(error);
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#leading = undefined;
    const delay = RETRY_DELAYS_MS[Math.min(this.#failures++, RETRY_DELAYS_MS.length - 1)]!;
    this.#retryTimer = setTimeout(() => this.#startWorker(), delay);
  }

  /** Lets go of everything: calls in flight fail with `error`; if this tab led, another takes over. */
  close(error: TodoError = new LeaderChangedError()): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.link.close(error);
    this.#worker?.terminate();
    this.#releaseTabLock?.();
    this.#leadingListeners.clear();
  }
}
