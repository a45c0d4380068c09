// The options and handles of DatabaseClient's public API, apart from the class itself.
import type { WindowRange } from '../protocol/leader-data';
import type { StorageMode } from './storage';

export type Unsubscribe = () => Promise<void>;

/** One result of {@link DatabaseClient.liveWindow}: the window's rows, and how many rows there are in all. */
export interface WindowResult<T> extends WindowRange {
  readonly rows: T[];
  readonly totalCount: number;
}

/** A running {@link DatabaseClient.liveWindow}. */
export interface LiveWindow {
  /** Shows other rows of the same query without subscribing again (one call). */
  move(range: WindowRange): Promise<void>;
  unsubscribe: Unsubscribe;
}

export interface DatabaseClientOptions {
  /** Database name; every tab using the same name shares one database. Default `todo-widget`. */
  readonly database?: string;
  /** Where the leader keeps the files. Default `auto` (OPFS, else IndexedDB). */
  readonly storage?: StorageMode;
  /** Starts the worker script. The registry passes one that also works cross-origin. */
  readonly createWorker: () => Worker;
  /** Where the browser blocks durable storage, run in memory (and say so in `info.fallbackReason`) instead of failing. Default true. */
  readonly memoryFallback?: boolean;
  /** Upper bound for `init()`: a fresh database takes ~10 s on a slow machine. Default 90 s. */
  readonly startTimeoutMs?: number;
  /** Upper bound for every other call. Default 30 s. */
  readonly callTimeoutMs?: number;
}

export interface TransactionOptions extends Pick<CallOptions, 'idempotent'> {
  /**
   * The callback makes no call but through its `tx` (an import does not): this tab's other calls
   * made meanwhile (an add typed, a checkbox) wait until the transaction ends, instead of failing
   * with `TransactionUsageError`. A call from inside such a callback would wait for ever.
   */
  readonly tabCallsWait?: boolean;
}

export interface CallOptions {
  /** Safe to repeat (a write keyed by a client-made id): retried on the next leader when the leader changes mid-call. Default: true for a plain read, false otherwise. */
  readonly idempotent?: boolean;
  /** Applies the call at most once: a repeat with the same id (a retry, or a second call) resolves the first result and changes nothing. */
  readonly requestId?: string;
}
