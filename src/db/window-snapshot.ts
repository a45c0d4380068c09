import type { StorageKind, StorageMode } from './storage';
import { journalEntries, knownMigrationCount, schemaVersionOf } from './migration-journal';
import { ENGINE_FILES_SUFFIX } from './engine-files';

/**
 * Snapshots of recently shown windows (a list's first rows under a filter, and its counts), kept
 * by the leader in IndexedDB so that a page can paint real rows in one read, before its worker
 * and PGlite are up. IndexedDB because both the leader's worker (which writes) and the page
 * (which reads) can use it, and several records are read or written in one atomic transaction;
 * measured here, a new tab opens it and reads a 50-row window in ~7-10 ms (an OPFS file took
 * ~12 ms, and cannot be written atomically together with a second one).
 *
 * Correctness rests on one rule the leader keeps (workers/leader/window-snapshots.ts): before
 * any statement that may write runs, the stored state lists no entry as current (`valid` is
 * empty, written durably); entries are listed again only after live queries have re-read them
 * once the write committed. A crash in between leaves nothing listed, and a page shows an
 * entry only if the state lists it. See docs/architecture.md, "Snapshots for a warm start".
 */

export const SNAPSHOT_DB = 'todo-widget-snapshots';
const SNAPSHOT_DB_VERSION = 1;
export const STATES = 'states';
export const ENTRIES = 'entries';
/** The records' shape; a page or leader of another format ignores and resets them. */
export const SNAPSHOT_FORMAT = 1;
/** Rows kept of a window: a list's first page (a first screen draws ~28 rows at 800 px). */
export const SNAPSHOT_ROWS = 50;
/** Entries (windows and counts) kept per database, the most recently shown. */
export const SNAPSHOT_ENTRIES = 16;

/** One per database (key: its name): which entries are current, and what they were read from. */
export interface SnapshotState {
  readonly format: number;
  /** The storage the leader's page asked for: a page asking for another may get other data. */
  readonly mode: StorageMode;
  /** The storage the leader opened. */
  readonly storage: StorageKind;
  /** The schema version the leader's code migrates to (a leader that knows another one resets). */
  readonly build: number;
  /** Keys of the entries that match the database now. Emptied, durably, before every write. */
  readonly valid: readonly string[];
  /** Every stored entry's key and when the leader last read it for a page (epoch ms), for the cap. */
  readonly shown: Readonly<Record<string, number>>;
}

/** One window's first rows, or one list's counts (key: `[database, key]`). */
export interface SnapshotEntry {
  /** The live query it is a result of, exactly: a page shows it only for the same query. */
  readonly sql: string;
  readonly params: readonly unknown[];
  /** The first rows (at most {@link SNAPSHOT_ROWS}), or the counts' one row. */
  readonly rows: readonly Record<string, unknown>[];
  /** How many rows the query has in all. */
  readonly total: number;
}

/**
 * The schema version this code migrates to: a leader records it, and a leader or page whose code
 * migrates to another one (a deploy with a migration, an older tab) uses none of its snapshots.
 */
export const snapshotBuild = (): number => schemaVersionOf(journalEntries.slice(0, knownMigrationCount()));

/** A list's window under a filter. List names may hold any character; filters hold no `:`. */
export const windowKey = (list: string, filter: string): string => `w:${filter}:${list}`;
/** A list's counts. */
export const countsKey = (list: string): string => `c:${list}`;

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves once `tx` has committed; rejects when it failed or was aborted. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Opens (creating on first use) the snapshot database; a newer version elsewhere closes this connection. */
export async function openSnapshots(): Promise<IDBDatabase> {
  const open = indexedDB.open(SNAPSHOT_DB, SNAPSHOT_DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(STATES)) db.createObjectStore(STATES);
    if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES);
  };
  const db = await request(open);
  db.onversionchange = () => db.close();
  return db;
}

let pageConnection: Promise<IDBDatabase> | undefined;

/**
 * The page's one connection, opened on first use. Elements open it as they are created (see
 * `prepareSnapshotReads` in the registry), so that it is open by the time they know which
 * database and list to read: the open is most of a read's time.
 */
export function pageSnapshots(): Promise<IDBDatabase> {
  pageConnection ??= openSnapshots().then((db) => {
    db.addEventListener('close', () => (pageConnection = undefined));
    const close = db.onversionchange;
    db.onversionchange = (event) => {
      pageConnection = undefined;
      close?.call(db, event);
    };
    return db;
  });
  pageConnection.catch(() => (pageConnection = undefined));
  return pageConnection;
}

/**
 * Whether the database's files are there: a snapshot of data deleted since (site data cleared
 * for one kind of storage only, a host page removing the directory) must not show. A leader
 * that creates the files anew resets the snapshots first (workers/leader/window-snapshots.ts).
 */
async function filesExist(storage: StorageKind, database: string): Promise<boolean> {
  const files = database + ENGINE_FILES_SUFFIX; // filesName(database), inlined: the page's bytes count
  try {
    if (storage === 'opfs') {
      // memfs2opfs keeps the data directory under this name in the OPFS root (see workers/engine.ts).
      const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(files);
      await directory.getFileHandle('PG_VERSION');
      return true;
    }
    if (storage === 'idb') {
      // Where `indexedDB.databases()` is missing, nothing can be told: no snapshot.
      const names = (await indexedDB.databases?.()) ?? [];
      return names.some((info) => info.name === `/pglite/${files}`);
    }
  } catch {
    // Not found, or storage not readable: no snapshot.
  }
  return false;
}

const sameParams = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

interface Read {
  readonly database: string;
  readonly mode: StorageMode;
  readonly key: string;
  readonly query: { readonly sql: string; readonly params: readonly unknown[] };
  readonly resolve: (entry: SnapshotEntry | undefined) => void;
}

/** Reads asked for until the connection is there: run in one transaction, answered together. */
let batch: Read[] | undefined;
/** The batch's looks at the files (by `<kind>:<database>`), started as each read is asked for, while the connection opens. */
let batchFiles = new Map<string, Promise<boolean>>();

/**
 * The entry `key` of `database`, if the leader lists it as current and it is the result of
 * exactly `query`; otherwise (none, out of date, another storage or format, files gone, storage
 * unreadable) `undefined`. Reads asked for together (a list's window, its counts, the footer's
 * counts: all as the elements connect) share one IndexedDB transaction and are answered in the
 * same task, so what they show is painted in the same frame.
 */
export function readSnapshot(
  database: string,
  mode: StorageMode,
  key: string,
  query: { readonly sql: string; readonly params: readonly unknown[] },
): Promise<SnapshotEntry | undefined> {
  if (mode === 'memory' || typeof indexedDB === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    if (!batch) {
      // Run once the connection is there: after the reads asked for meanwhile (with a connection
      // already open, those of the microtasks queued before, e.g. every element connecting).
      const reads: Read[] = (batch = []);
      const files = (batchFiles = new Map());
      void pageSnapshots()
        .then((db) => runReads(db, reads, files))
        .catch(() => {
          if (batch === reads) batch = undefined;
          for (const read of reads) read.resolve(undefined);
        });
    }
    // Where `auto` leads to is in the state: both kinds are looked at.
    for (const kind of mode === 'auto' ? (['opfs', 'idb'] as const) : [mode]) {
      if (!batchFiles.has(`${kind}:${database}`)) batchFiles.set(`${kind}:${database}`, filesExist(kind, database));
    }
    batch.push({ database, mode, key, query, resolve });
  });
}

/** Answers every read of `reads` (`undefined` for any that fails). */
async function runReads(db: IDBDatabase, reads: Read[], files: ReadonlyMap<string, Promise<boolean>>): Promise<void> {
  if (batch === reads) batch = undefined;
  const tx = db.transaction([STATES, ENTRIES], 'readonly');
  const states = tx.objectStore(STATES);
  const entries = tx.objectStore(ENTRIES);
  const found = await Promise.all(
    reads.map(async ({ database, mode, key, query }): Promise<SnapshotEntry | undefined> => {
      const [state, entry] = await Promise.all([
        request(states.get(database)) as Promise<SnapshotState | undefined>,
        request(entries.get([database, key])) as Promise<SnapshotEntry | undefined>,
      ]);
      if (
        !state ||
        !entry ||
        state.format !== SNAPSHOT_FORMAT ||
        state.mode !== mode ||
        state.build !== snapshotBuild() ||
        !state.valid.includes(key)
      )
        return undefined;
      if (entry.sql !== query.sql || !sameParams(entry.params, query.params)) return undefined;
      return (await (files.get(`${state.storage}:${database}`) ?? false)) ? entry : undefined;
    }),
  ).catch(() => reads.map(() => undefined));
  reads.forEach((read, index) => read.resolve(found[index]));
}

/**
 * Lists no entry of `database` as current. A page calls it when the leader it adopted does not
 * keep snapshots (an older release): that leader's writes do not mark them out of date.
 */
export async function forgetSnapshots(database: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  try {
    const db = await pageSnapshots();
    const tx = db.transaction(STATES, 'readwrite', { durability: 'strict' });
    tx.objectStore(STATES).delete(database);
    await committed(tx);
  } catch (error) {
    console.warn('todo-widget: could not forget the list snapshots', error);
  }
}
