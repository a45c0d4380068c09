import { electionNames, randomId } from '../../protocol/channels';
import {
  dropMalformed,
  parseFromWorker,
  PROTOCOL_VERSION,
  type FromWorkerMessage,
  type StartWorkerMessage,
} from '../../protocol/messages';
import { deserializeError, LeaderChangedError, WorkerStartError, type TodoError } from '../../errors';
import type { WorkerStartOptions } from '../storage';
import { RETRY_DELAYS_MS } from './call-policy';
import { LeaderLink } from './leader-link';
import { ChannelTransport } from './transport';

export interface TabConnectionOptions {
  readonly election: string;
  readonly start: WorkerStartOptions;
  readonly createWorker: () => Worker;
  /** A worker started earlier (while the tab found out about Web Locks), used first. */
  readonly firstWorker?: TabWorker;
  /** No Web Locks here: this tab leads alone, on an election id of its own. */
  readonly solo: boolean;
  /** How long an announced leader has to answer before this tab stops believing the announcement. */
  readonly probeTimeoutMs: number;
}

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
  readonly #tab: string;
  #worker?: TabWorker;
  #firstWorker?: TabWorker;
  /** The leader term this tab's worker runs, when it leads. */
  #leading?: string;
  #failures = 0;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #releaseTabLock?: () => void;
  #closed = false;
  readonly #leadingListeners = new Set<() => void>();

  private constructor(options: TabConnectionOptions, tab: string, releaseTabLock?: () => void) {
    this.#options = options;
    this.#tab = tab;
    this.#releaseTabLock = releaseTabLock;
    this.#firstWorker = options.firstWorker;
    const names = electionNames(options.election);
    this.link = new LeaderLink(new ChannelTransport(names, this.#tab), this.#tab, {
      probeTimeoutMs: options.probeTimeoutMs,
    });
    this.link.onState((state) => {
      if (state.kind === 'ready') this.#failures = 0;
    });
  }

  /** Takes the tab lock (before the leader can hear of this tab), then joins and starts the worker. */
  static async open(options: TabConnectionOptions): Promise<TabConnection> {
    const tab = randomId();
    const release = options.solo ? undefined : await holdTabLock(electionNames(options.election).tabLock(tab));
    const connection = new TabConnection(options, tab, release);
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

  #startWorker(): void {
    if (this.#closed) return;
    const worker = this.#firstWorker ?? new TabWorker(this.#options.createWorker);
    this.#firstWorker = undefined;
    if (!worker.started) return this.#workerFailed(worker.startError);
    this.#worker = worker;
    worker.listen((event) => {
      if (event.kind === 'error') return this.#workerFailed(event.error);
      if (event.message.kind === 'leading') {
        this.#leading = event.message.leader;
        for (const listener of this.#leadingListeners) listener();
      } else {
        this.#workerFailed(deserializeError(event.message.error));
      }
    });
    worker.post({
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
    this.#firstWorker?.terminate();
    this.#releaseTabLock?.();
    this.#leadingListeners.clear();
  }
}

/** Holds the lock `name` until the returned function is called (or the page goes). */
function holdTabLock(name: string): Promise<() => void> {
  return new Promise((held) => {
    void navigator.locks.request(name, () => new Promise<void>((release) => held(release)));
  });
}

type TabWorkerEvent =
  | { readonly kind: 'message'; readonly message: FromWorkerMessage }
  | { readonly kind: 'error'; readonly error: TodoError };

/**
 * A tab's worker, listened to from the moment it is created: its first events (a script that
 * fails to load, a CSP that forbids workers) can come before the tab is ready to hear them, and
 * are kept until it is.
 */
export class TabWorker {
  readonly #worker?: Worker;
  readonly #startError?: TodoError;
  readonly #pending: TabWorkerEvent[] = [];
  #listener?: (event: TabWorkerEvent) => void;

  constructor(create: () => Worker) {
    try {
      this.#worker = create();
    } catch (error) {
      this.#startError = new WorkerStartError(`The database worker could not be created: ${String(error)}`, {
        cause: error,
      });
      return;
    }
    this.#worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseFromWorker(event.data);
      if (message) this.#emit({ kind: 'message', message });
      else dropMalformed('the database worker', event.data);
    });
    this.#worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      const detail = event.message ? `: ${event.message}` : ' (script not found, blocked by CSP, or not a module)';
      this.#emit({ kind: 'error', error: new WorkerStartError(`The database worker failed to start${detail}.`) });
    });
  }

  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Why it could not be created (when `started` is false). */
  get startError(): TodoError {
    return this.#startError ?? new WorkerStartError('The database worker could not be created.');
  }

  listen(listener: (event: TabWorkerEvent) => void): void {
    this.#listener = listener;
    for (const event of this.#pending.splice(0)) listener(event);
  }

  post(message: StartWorkerMessage): void {
    this.#worker?.postMessage(message);
  }

  terminate(): void {
    this.#listener = undefined;
    this.#worker?.terminate();
  }

  #emit(event: TabWorkerEvent): void {
    if (this.#listener) this.#listener(event);
    else this.#pending.push(event);
  }
}
