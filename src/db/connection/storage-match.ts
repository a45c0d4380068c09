import { TodoError } from '../../errors';
import type { DatabaseInfo, StorageMode, WorkerStartOptions } from '../storage';

/**
 * The tab that runs this database keeps it somewhere other than this page asked for (memory
 * where this page needs its todos saved, or the other way round, or the other durable store), so
 * this page does not use it: a todo it reported saved would not be where it promised. Shown until
 * that tab closes; this page's own worker then takes over with the storage it asked for.
 */
// TODO(adoption): belongs in src/errors.ts with the other typed errors; kept here while another
// change reworks that file, so the two merge cleanly.
export class StorageMismatchError extends TodoError {
  override name = 'StorageMismatchError';
  constructor(
    /** The storage this page asked for. */
    readonly asked: StorageMode,
    /** What the leading tab opened. */
    readonly offered: DatabaseInfo['storage'],
  ) {
    super(
      asked === 'memory'
        ? `This page keeps its todos in memory only, but another tab of this site keeps the database "${offered}" on disk: close that tab, or use another database name here.`
        : `Another tab of this site runs this database ${offered === 'memory' ? 'in memory only' : `on ${offered}`}, so todos added here would not be saved as this page asks (${asked}). Close that tab to keep working here.`,
    );
  }
}

/**
 * Why this page must not use a leader that opened `info`, or undefined when it may.
 * - A page that asked for memory never uses a durable database (it would write to disk).
 * - A page that asked for durable storage never uses an in-memory one, unless the leader fell
 *   back to memory because the browser blocks storage for the whole site (this page would have too)
 *   and this page allows that fallback.
 * - A page that named a durable store (`opfs`, `idb`) uses only that one: the other keeps other files.
 */
export function storageRefusal(asked: WorkerStartOptions, info: DatabaseInfo): StorageMismatchError | undefined {
  const wanted = asked.storage;
  if (wanted === 'memory')
    return info.storage === 'memory' ? undefined : new StorageMismatchError(wanted, info.storage);
  if (info.storage === 'memory') {
    const fellBackAllowed = info.fallbackReason !== undefined && asked.memoryFallback !== false;
    return fellBackAllowed ? undefined : new StorageMismatchError(wanted, info.storage);
  }
  if (wanted !== 'auto' && wanted !== info.storage) return new StorageMismatchError(wanted, info.storage);
  return undefined;
}
