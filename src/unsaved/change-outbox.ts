import { databaseKeyPart, isUuid, localStore } from './local-store';
import type { StorageMode } from '../db/storage';

/** What a change does to its todo. */
export type Change = { readonly completed: boolean } | { readonly title: string } | { readonly deleted: true };

/** A toggle, rename or delete the database may not have yet, as kept in the browser until it does. */
export interface KeptChange {
  /** The change's request id (UUIDv7): the leader applies it once by it, however often it is sent. */
  readonly requestId: string;
  /** The todo changed. */
  readonly id: string;
  /** Its list, and whether it was done before: what the list's counts move by until it is saved. */
  readonly list: string;
  readonly wasCompleted: boolean;
  readonly change: Change;
}

/**
 * One key per change: `todo-widget:changes:v1:<length of database>:<database>:<request id>`, for
 * the same reason as the add outbox (tabs write at once, localStorage has no transactions). Part
 * of the widget's contract across versions, like `todo-widget:outbox:`.
 */
const PREFIX = 'todo-widget:changes:v1:';
const MEMORY_PREFIX = 'todo-widget:changes-memory:v1:';

function changeOf(value: unknown): Change | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { completed, title, deleted } = value as Record<string, unknown>;
  if (typeof completed === 'boolean') return { completed };
  if (typeof title === 'string') return { title };
  if (deleted === true) return { deleted: true };
  return undefined;
}

/**
 * The toggles, renames and deletes of one database not yet known to be saved, in `localStorage`:
 * kept synchronously when made, so a reload (or a crash) the moment after loses nothing; the next
 * page on the database sends them again (see `PendingChanges.replay`).
 */
export class ChangeOutbox {
  readonly #prefix: string;

  /** @param storage `memory`: kept apart from durable pages' changes, as AddOutbox explains. */
  constructor(database: string, storage?: StorageMode) {
    this.#prefix = (storage === 'memory' ? MEMORY_PREFIX : PREFIX) + databaseKeyPart(database);
  }

  /** Keeps `change`. @returns false when the browser would not (site data blocked, quota full). */
  put(kept: KeptChange): boolean {
    try {
      const store = localStore();
      if (!store) return false;
      const { requestId: _, ...value } = kept;
      store.setItem(this.#prefix + kept.requestId, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the change `requestId`: the database has it, or refused it for good. */
  remove(requestId: string): void {
    try {
      localStore()?.removeItem(this.#prefix + requestId);
    } catch {
      // Nothing kept, nothing to forget.
    }
  }

  /** Every change kept for this database, oldest first (request ids are UUIDv7); anything malformed is skipped. */
  entries(): KeptChange[] {
    const store = localStore();
    if (!store) return [];
    const found: KeptChange[] = [];
    let keys: string[] = [];
    try {
      keys = Array.from({ length: store.length }, (_, index) => store.key(index) ?? '');
    } catch {
      // Storage that went away while read: nothing to replay from it.
    }
    for (const key of keys) {
      if (!key.startsWith(this.#prefix)) continue;
      const requestId = key.slice(this.#prefix.length);
      if (!isUuid(requestId)) continue;
      try {
        const value: unknown = JSON.parse(store.getItem(key) ?? 'null');
        if (typeof value !== 'object' || value === null) continue;
        const { id, list, wasCompleted } = value as Record<string, unknown>;
        const change = changeOf((value as Record<string, unknown>)['change']);
        if (isUuid(id) && typeof list === 'string' && typeof wasCompleted === 'boolean' && change)
          found.push({ requestId, id, list, wasCompleted, change });
      } catch {
        // Damaged: skip it rather than lose the others.
      }
    }
    return found.sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
  }
}
