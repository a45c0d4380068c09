import { databaseKeyPart, isUuid, localStore } from './local-store';
import type { StorageMode } from './storage';

/** A "Mark all" the database may not have yet, as kept in the browser until it does. */
export interface KeptMarkAll {
  /** Its request id (UUIDv7): the leader applies it once by it, however often it is sent. */
  readonly requestId: string;
  readonly list: string;
  readonly completed: boolean;
}

/**
 * One key per Mark all: `todo-widget:mark-all:v1:<length of database>:<database>:<request id>`
 * (`mark-all-memory` for pages that asked for memory, kept apart as the add outbox explains).
 * The rows show a Mark all at once, before it is saved: a reload right after must keep it, as it
 * keeps a toggle (change-outbox.ts).
 */
const PREFIX = 'todo-widget:mark-all:v1:';
const MEMORY_PREFIX = 'todo-widget:mark-all-memory:v1:';

export class MarkAllOutbox {
  readonly #prefix: string;

  constructor(database: string, storage?: StorageMode) {
    this.#prefix = (storage === 'memory' ? MEMORY_PREFIX : PREFIX) + databaseKeyPart(database);
  }

  /** Keeps `kept`. @returns false when the browser would not (site data blocked, quota full). */
  put(kept: KeptMarkAll): boolean {
    try {
      const store = localStore();
      if (!store) return false;
      store.setItem(this.#prefix + kept.requestId, JSON.stringify({ list: kept.list, completed: kept.completed }));
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets `requestId`: saved, or nothing to send again. */
  remove(requestId: string): void {
    try {
      localStore()?.removeItem(this.#prefix + requestId);
    } catch {
      // Nothing kept, nothing to forget.
    }
  }

  /** Every Mark all kept for this database, oldest first; anything malformed is skipped. */
  entries(): KeptMarkAll[] {
    const store = localStore();
    if (!store) return [];
    let keys: string[] = [];
    try {
      keys = Array.from({ length: store.length }, (_, index) => store.key(index) ?? '');
    } catch {
      // Storage that went away while read: nothing to replay from it.
    }
    const found: KeptMarkAll[] = [];
    for (const key of keys) {
      if (!key.startsWith(this.#prefix)) continue;
      const requestId = key.slice(this.#prefix.length);
      if (!isUuid(requestId)) continue;
      try {
        const value: unknown = JSON.parse(store.getItem(key) ?? 'null');
        const { list, completed } = (typeof value === 'object' && value !== null ? value : {}) as Record<
          string,
          unknown
        >;
        if (typeof list === 'string' && typeof completed === 'boolean') found.push({ requestId, list, completed });
      } catch {
        // Damaged: skip it rather than lose the others.
      }
    }
    return found.sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
  }
}
