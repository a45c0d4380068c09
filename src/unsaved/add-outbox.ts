import { databaseKeyPart, localStore as storage, readKept } from './local-store';
import type { StorageMode } from '../db/storage';

/** An add the database may not have yet, as kept in the browser until it does. */
export interface OutboxEntry {
  /** The todo's id (UUIDv7, made in the tab that took the add): a replay is applied once by it. */
  readonly id: string;
  readonly list: string;
  readonly title: string;
}

/**
 * One key per add: `todo-widget:outbox:v2:<length of database>:<database>:<id>`. A key per entry,
 * not one list per database, because tabs write at the same time and localStorage has no
 * transactions: a read-modify-write of a shared list would lose another tab's entry. The
 * database name is length-prefixed because a name may hold `:` (v1, `…:v1:<database>:<id>`, let
 * database `x` read the keys of `x:y`). The format is part of the widget's contract across
 * versions (a newer copy replays what an older one kept): change it only with a new `v` and a
 * reader of the old one.
 */
const PREFIX = 'todo-widget:outbox:v2:';
/** What the previous release wrote; still read (and forgotten once saved), never written. */
const V1_PREFIX = 'todo-widget:outbox:v1:';
/** The adds of pages that asked for memory (see the constructor). */
const MEMORY_PREFIX = 'todo-widget:outbox-memory:v2:';

/**
 * How old an add may be (by its UUIDv7's time) and still be replayed by itself: a day less than
 * the leader's request log keeps who applied what (7 days, src/workers/leader/request-log.ts),
 * for clocks that disagree. An older add may have been saved and deleted since, and the log would
 * no longer know: saving it again would bring a deleted todo back.
 */
export const REPLAY_HORIZON_MS = 6 * 24 * 60 * 60 * 1000;

/** When the UUIDv7 `id` was made (its first 48 bits, in ms), or undefined for another kind of id. */
export function idTime(id: string): Date | undefined {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-7/i.exec(id);
  return match ? new Date(parseInt(match[1]! + match[2]!, 16)) : undefined;
}

/**
 * The adds of one database not yet known to be saved, in `localStorage`: synchronous, so an add is
 * kept before it is shown, and survives the tab closing (or crashing) the moment after.
 * Whichever tab next opens the database replays them (see `PendingTodos.replay`).
 */
export class AddOutbox {
  readonly #prefix: string;
  readonly #v1Prefix: string | undefined;

  /**
   * @param storage `memory` for the pages that elect an in-memory leader of their own: their adds
   * are kept apart (`…:outbox-memory:v2:…`), so a page that saves for good never replays a
   * preview's todos into its database, nor a preview those of the real one. The previous
   * release's v1 keys were only ever durable pages' to replay.
   */
  constructor(database: string, storage?: StorageMode) {
    const memory = storage === 'memory';
    this.#prefix = (memory ? MEMORY_PREFIX : PREFIX) + databaseKeyPart(database);
    this.#v1Prefix = memory ? undefined : `${V1_PREFIX}${database}:`;
  }

  /** Keeps `entry`. @returns false when the browser would not (site data blocked, quota full). */
  put(entry: OutboxEntry): boolean {
    try {
      const store = storage();
      if (!store) return false;
      store.setItem(this.#prefix + entry.id, JSON.stringify({ list: entry.list, title: entry.title }));
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the add `id`: the database has it, or refused it for good. */
  remove(id: string): void {
    try {
      const store = storage();
      store?.removeItem(this.#prefix + id);
      store?.removeItem(this.#v1Prefix + id);
    } catch {
      // Nothing kept, nothing to forget.
    }
  }

  /** Every add kept for this database, oldest first (ids are UUIDv7). Malformed entries, and keys with no todo id, are skipped. */
  entries(): OutboxEntry[] {
    return readKept([this.#prefix, ...(this.#v1Prefix === undefined ? [] : [this.#v1Prefix])], (id, { list, title }) =>
      typeof list === 'string' && typeof title === 'string' ? { id, list, title } : undefined,
    );
  }
}
