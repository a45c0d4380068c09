import type { StorageKind, StorageMode } from '../../db/storage';
import { todoStatements } from '../../db/repositories/todo-statements.generated';
import {
  committed,
  countsKey,
  ENTRIES,
  openSnapshots,
  request,
  SNAPSHOT_ENTRIES,
  SNAPSHOT_FORMAT,
  SNAPSHOT_ROWS,
  snapshotBuild,
  STATES,
  windowKey,
  type SnapshotEntry,
  type SnapshotState,
} from '../../db/window-snapshot';
import type { LiveRead } from './live-queries';
import type { LiveDelivery } from '../../protocol/leader-data';

/** The list queries a `<todo-list>` runs, by SQL: the filter, told by the parameters after the list. */
const WINDOW_QUERIES: ReadonlyArray<{ sql: string; filter: string; completed?: boolean }> = [
  { sql: todoStatements.listAll.sql, filter: 'all' },
  { sql: todoStatements.listActive.sql, filter: 'active', completed: false },
  { sql: todoStatements.listCompleted.sql, filter: 'completed', completed: true },
];

/**
 * Which snapshot entry a live result is, if any: the first rows of a list's window under a filter
 * (a window from place 0), or a list's counts. Recognised by the repository's own statements, so
 * a tab of another build (other columns) or a host page's own live query is never snapshotted.
 */
function entryOf(read: LiveRead): { key: string; entry: SnapshotEntry } | undefined {
  const { sql, params, window, delivery } = read;
  if (delivery.type !== 'rows') return undefined;
  const list = params[0];
  if (typeof list !== 'string') return undefined;
  if (window) {
    if (window.offset !== 0) return undefined;
    const query = WINDOW_QUERIES.find(
      (candidate) => candidate.sql === sql && candidate.completed === (params.length > 1 ? params[1] : undefined),
    );
    if (!query || params.length !== (query.completed === undefined ? 1 : 2)) return undefined;
    const rows = delivery.rows.slice(0, SNAPSHOT_ROWS) as Record<string, unknown>[];
    return {
      key: windowKey(list, query.filter),
      entry: { sql, params: [...params], rows, total: delivery.totalCount ?? delivery.rows.length },
    };
  }
  if (sql !== todoStatements.counts.sql || params.length !== 1) return undefined;
  return {
    key: countsKey(list),
    entry: { sql, params: [...params], rows: delivery.rows as Record<string, unknown>[], total: delivery.rows.length },
  };
}

/** What the stored state lists when a write of it failed: unknown, so the next write marks it first. */
const UNKNOWN: readonly string[] = ['?'];

/**
 * How long the leader waits for the snapshot store to open. An open waits, without end, behind
 * another build's upgrade that a connection elsewhere does not give way to (a frozen tab, an
 * older copy): the leader's queue, and so every write of every tab, must not wait with it.
 */
const OPEN_TIMEOUT_MS = 5_000;

/** `opening`, or a rejection once `timeoutMs` passed first (`opening` may still settle later). */
function within<T>(opening: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`IndexedDB did not open the list snapshots within ${timeoutMs} ms (blocked)`)),
      timeoutMs,
    );
    opening.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Thrown when a write cannot first mark the snapshots out of date: the write is not made. */
export class SnapshotUnwritableError extends Error {
  override name = 'StorageUnavailableError';
}

/**
 * The leader's side of the window snapshots (db/window-snapshot.ts has the format and the
 * page's side). One rule keeps a page from ever painting rows a committed write changed:
 * before a statement that may write runs, the stored state lists no entry as current, durably
 * (`beforeWrite`); after live queries have re-read their windows, in the queue, with no write
 * between, the entries they read are written and listed again (`afterRead`). IndexedDB runs
 * read-write transactions in the order they were created, so a listing made before a write
 * commits before that write's un-listing; a crash between a commit and the next listing leaves
 * nothing listed.
 */
export class WindowSnapshots {
  /** Unset while closed (the store was deleted, e.g. site data cleared): opened again by the next write. */
  #db?: IDBDatabase;
  readonly #database: string;
  readonly #mode: StorageMode;
  readonly #build = snapshotBuild();
  #storage?: StorageKind;
  /** Entries current now: read since the last write began. */
  readonly #valid = new Set<string>();
  /** What the stored state lists, as far as this leader has asked (a write must first clear a non-empty list). */
  #storedValid: readonly string[] = [];
  /** Every stored entry and when it was last read for a page. */
  readonly #shown = new Map<string, number>();
  /** The result each entry was last written from: an unchanged one is not written again. */
  readonly #written = new Map<string, LiveDelivery>();
  /** Writes held back (a test holds them to crash between a commit and its snapshot). */
  #held = false;
  /** The reopening of a closed store while it runs: writes that time out waiting for it share it. */
  #reopening?: Promise<IDBDatabase>;

  private constructor(db: IDBDatabase, database: string, mode: StorageMode) {
    this.#connect(db);
    this.#database = database;
    this.#mode = mode;
  }

  #connect(db: IDBDatabase): IDBDatabase {
    const closed = () => {
      if (this.#db !== db) return;
      this.#db = undefined;
      // Whatever was stored may be gone: write everything again, and mark before the next write.
      this.#written.clear();
      this.#storedValid = UNKNOWN;
    };
    db.addEventListener('close', closed);
    db.onversionchange = () => {
      db.close();
      closed();
    };
    this.#db = db;
    return db;
  }

  /** The format this leader keeps (announced in `DatabaseInfo.snapshots`). */
  readonly format = SNAPSHOT_FORMAT;

  /** Opens the snapshot store; `undefined` where IndexedDB is unusable (then no page can read one either). */
  static async open(database: string, mode: StorageMode): Promise<WindowSnapshots | undefined> {
    if (typeof indexedDB === 'undefined') return undefined;
    const opening = openSnapshots();
    try {
      return new WindowSnapshots(await within(opening, OPEN_TIMEOUT_MS), database, mode);
    } catch (error) {
      // Opened after all, too late for this leader: let go, so the upgrade it may hold up proceeds.
      opening.then(
        (db) => db.close(),
        () => undefined,
      );
      console.warn('todo-widget: no list snapshots (IndexedDB could not be opened)', error);
      return undefined;
    }
  }

  /**
   * Before the database is opened (or created, or migrated): keeps the stored snapshots only if
   * they were made from the same files, storage and code; otherwise drops them, durably. An
   * in-memory database keeps none, and drops those of the durable one of the same name (a page
   * that shows them would then show another database's rows).
   * @param fresh the database has no files yet: whatever the snapshots show was deleted.
   */
  async prepare(storage: StorageKind, fresh: boolean): Promise<void> {
    this.#storage = storage;
    const tx = this.#db!.transaction([STATES, ENTRIES], 'readwrite', { durability: 'strict' });
    const state = (await request(tx.objectStore(STATES).get(this.#database))) as SnapshotState | undefined;
    const same =
      state !== undefined &&
      storage !== 'memory' &&
      !fresh &&
      state.format === SNAPSHOT_FORMAT &&
      state.mode === this.#mode &&
      state.storage === storage &&
      state.build === this.#build;
    if (same) {
      for (const key of state.valid) this.#valid.add(key);
      this.#storedValid = state.valid;
      for (const [key, at] of Object.entries(state.shown)) this.#shown.set(key, at);
      tx.abort();
      await committed(tx).catch(() => undefined);
      return;
    }
    tx.objectStore(ENTRIES).delete(IDBKeyRange.bound([this.#database], [this.#database, []]));
    if (storage === 'memory') tx.objectStore(STATES).delete(this.#database);
    else tx.objectStore(STATES).put(this.#state(), this.#database);
    await committed(tx);
  }

  /**
   * Before a statement that may write runs (in the leader's queue): lists no entry as current,
   * durably. Nothing to do when none is listed.
   * @throws {SnapshotUnwritableError} that could not be stored: the statement must not run.
   */
  async beforeWrite(): Promise<void> {
    this.#valid.clear();
    if (this.#storedValid.length === 0 || this.#storage === 'memory') return;
    try {
      const db = this.#db ?? (await within(this.#reopen(), OPEN_TIMEOUT_MS));
      const tx = db.transaction(STATES, 'readwrite', { durability: 'strict' });
      tx.objectStore(STATES).put(this.#state(), this.#database);
      await committed(tx);
    } catch (error) {
      const unwritable = new SnapshotUnwritableError(
        `This change was not made: the list snapshots could not be marked out of date (${String(error)}).`,
      );
      // A full quota says so, as a statement that meets it does (the tab makes it a StorageFullError).
      if ((error as { name?: unknown } | null)?.name === 'QuotaExceededError') unwritable.name = 'QuotaExceededError';
      throw unwritable;
    }
    this.#storedValid = [];
  }

  /** Opens the closed store again, once however many writes wait for it; adopted even if it opens late. */
  #reopen(): Promise<IDBDatabase> {
    this.#reopening ??= openSnapshots()
      .then((db) => {
        if (!this.#db) return this.#connect(db);
        db.close();
        return this.#db;
      })
      .finally(() => (this.#reopening = undefined));
    return this.#reopening;
  }

  /**
   * After live queries were read (in the leader's queue, no write since): stores the entries among
   * them and lists every entry read since the last write as current. The transaction is created
   * here, synchronously, so it commits before the next write's `beforeWrite` transaction.
   */
  afterRead(reads: readonly LiveRead[]): void {
    const db = this.#db;
    if (!db || this.#held || this.#storage === undefined || this.#storage === 'memory') return;
    const now = Date.now();
    const found = new Map<string, { entry: SnapshotEntry; delivery: LiveDelivery }>();
    for (const read of reads) {
      const snapshot = entryOf(read);
      if (!snapshot) continue;
      const before = found.get(snapshot.key);
      // Two windows from place 0 (tabs with other heights): keep the longer.
      if (!before || snapshot.entry.rows.length > before.entry.rows.length)
        found.set(snapshot.key, { entry: snapshot.entry, delivery: read.delivery });
    }
    if (found.size === 0) return;
    for (const key of found.keys()) {
      this.#valid.add(key);
      this.#shown.set(key, now);
    }
    const evicted = [...this.#shown.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(SNAPSHOT_ENTRIES)
      .map(([key]) => key);
    const puts = [...found].filter(([key, { delivery }]) => this.#written.get(key) !== delivery);
    const listed = [...this.#valid].filter((key) => !evicted.includes(key)).sort();
    if (puts.length === 0 && evicted.length === 0 && listed.join('\n') === [...this.#storedValid].sort().join('\n'))
      return;

    let tx: IDBTransaction;
    try {
      tx = db.transaction([STATES, ENTRIES], 'readwrite', { durability: 'relaxed' });
      const entries = tx.objectStore(ENTRIES);
      for (const [key, { entry, delivery }] of puts) {
        entries.put(entry, [this.#database, key]);
        this.#written.set(key, delivery);
      }
      for (const key of evicted) {
        entries.delete([this.#database, key]);
        this.#shown.delete(key);
        this.#valid.delete(key);
        this.#written.delete(key);
      }
      tx.objectStore(STATES).put(this.#state(listed), this.#database);
    } catch (error) {
      this.#lost(error);
      return;
    }
    // Listed from now on, for the next write's beforeWrite, even before this commits.
    this.#storedValid = listed;
    committed(tx).catch((error: unknown) => this.#lost(error));
  }

  /** Holds back (or lets through again) the writes of `afterRead`: a test's window between a commit and its snapshot. */
  hold(held: boolean): void {
    this.#held = held;
  }

  /** A write failed: what is stored is not known, so assume entries are listed and none is as written. */
  #lost(error: unknown): void {
    console.warn('todo-widget: could not store the list snapshots', error);
    this.#written.clear();
    this.#storedValid = UNKNOWN;
  }

  #state(valid: readonly string[] = []): SnapshotState {
    return {
      format: SNAPSHOT_FORMAT,
      mode: this.#mode,
      storage: this.#storage!,
      build: this.#build,
      valid,
      shown: Object.fromEntries(this.#shown),
    };
  }
}
