/**
 * Where the database keeps its files.
 * - `auto`: OPFS where workers get sync access handles, else IndexedDB.
 * - `opfs`: Origin Private File System (durable; ~1 ms per INSERT inside the worker here).
 * - `idb`: IndexedDB (durable, but PGlite copies changed files after every statement: ~120 ms per INSERT here).
 * - `memory`: nothing is saved; gone when the last tab closes.
 */
export type StorageMode = 'auto' | 'opfs' | 'idb' | 'memory';

/** The backend the leader actually opened. */
export type StorageKind = Exclude<StorageMode, 'auto'>;

export const DEFAULT_DATABASE_NAME = 'todo-widget';

/** Options the page hands to the worker (structured-cloned; no functions). */
export interface WorkerStartOptions {
  readonly database: string;
  readonly storage: StorageMode;
  /**
   * When the browser blocks durable storage, open an in-memory database instead of failing.
   * Absent (a page of an older version) counts as true.
   */
  readonly memoryFallback?: boolean;
}

/** What the leader reports about the database it opened. */
export interface DatabaseInfo {
  readonly storage: StorageKind;
  /** True when a write reported as saved survives a crash of the tab. */
  readonly durable: boolean;
  /**
   * Made anew each time a leader opens the database. For an in-memory database a new one means
   * a new, empty database: what the previous leader held is gone.
   */
  readonly instance: string;
  /** Milliseconds spent in each start-up phase on the leader. */
  readonly startup: Readonly<Record<string, number>>;
  /** Set when durable storage was asked for but blocked, and the leader fell back to memory: why. */
  readonly fallbackReason?: string;
  /**
   * The format of the window snapshots this leader keeps correct (db/window-snapshot.ts). Absent:
   * it does not mark them out of date before its writes (an older release), so pages drop them.
   */
  readonly snapshots?: number;
}

/**
 * The Web Locks / BroadcastChannel id every tab of an origin joins for one database.
 * Explicit, so tabs whose worker URLs differ (blob: workers, two widget versions)
 * still elect one leader instead of two over the same files.
 *
 * Pages that asked for memory elect among themselves: an in-memory leader must never take the
 * writes of a page that was promised durable storage, nor a durable one those of a page that
 * asked for nothing to be kept (a preview). Another prefix, not a suffix: no database name can
 * then make one election id equal another's.
 */
export function electionId(database: string, storage: StorageMode): string {
  return storage === 'memory' ? `todo-widget-memory:${database}` : `todo-widget:${database}`;
}

/** Matches PGlite's `dataDir` URL schemes. */
export function dataDirFor(storage: StorageKind, database: string): string {
  switch (storage) {
    case 'opfs':
      return `memfs2opfs://${database}`;
    case 'idb':
      return `idb://${database}`;
    case 'memory':
      return 'memory://';
  }
}
