import { StorageMismatchError } from '../../errors';
import type { DatabaseInfo, WorkerStartOptions } from '../storage';

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
