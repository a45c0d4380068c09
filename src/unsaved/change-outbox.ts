import { databaseKeyPart, isUuid, localStore, readKept } from './local-store';
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
 * A "Mark all" the database may not have yet. The rows show it at once, before it is saved: a
 * reload right after must keep it, as it keeps a toggle, and send it in order with them.
 */
export interface KeptMarkAll {
  readonly requestId: string;
  readonly list: string;
  readonly completed: boolean;
}

/**
 * One key per change: `todo-widget:changes:v1:<length of database>:<database>:<request id>`, for
 * the same reason as the add outbox (tabs write at once, localStorage has no transactions). Part
 * of the widget's contract across versions, like `todo-widget:outbox:`. A row change's value is
 * `{ id, list, wasCompleted, change }`; a Mark all's is `{ list, markAll }`, which releases that
 * predate it skip (they never read a key they cannot parse as a row change).
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
    const { requestId, ...value } = kept;
    return this.#write(requestId, value);
  }

  /** Keeps a Mark all, like {@link put}. */
  putMarkAll({ requestId, list, completed }: KeptMarkAll): boolean {
    return this.#write(requestId, { list, markAll: completed });
  }

  /** Forgets the change `requestId`: the database has it, or refused it for good. */
  remove(requestId: string): void {
    try {
      localStore()?.removeItem(this.#prefix + requestId);
    } catch {
      // Nothing kept, nothing to forget.
    }
  }

  /** Every row change kept for this database, oldest first (request ids are UUIDv7); anything malformed is skipped. */
  entries(): KeptChange[] {
    return readKept([this.#prefix], (requestId, { id, list, wasCompleted, change: value }) => {
      const change = changeOf(value);
      return isUuid(id) && typeof list === 'string' && typeof wasCompleted === 'boolean' && change
        ? { requestId, id, list, wasCompleted, change }
        : undefined;
    });
  }

  /** Every Mark all kept for this database, oldest first. */
  markAlls(): KeptMarkAll[] {
    return readKept([this.#prefix], (requestId, { list, markAll }) =>
      typeof list === 'string' && typeof markAll === 'boolean' ? { requestId, list, completed: markAll } : undefined,
    );
  }

  #write(requestId: string, value: object): boolean {
    try {
      const store = localStore();
      if (!store) return false;
      store.setItem(this.#prefix + requestId, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }
}
