import { EngineIncompatibleError } from '../errors';
import type { StorageKind } from '../db/storage';

/**
 * The database engine this build pins, and the on-disk format it writes.
 *
 * PGlite's files change between its minor versions: 0.2 writes PostgreSQL 16, 0.3 and 0.4
 * write 17, 0.5 writes 18, and 0.4 opened 0.3's files (both "17") as if empty and wrote over
 * them (measured in Node; see README "Engine upgrades"). So PG_VERSION alone cannot tell
 * whether files are safe to open: `format` names the format, and changes whenever a release
 * pins a PGlite that cannot open the previous one's files.
 */
export const ENGINE = { pglite: '0.5.16', pgMajor: '18', format: 'pglite-0.5/pg18' } as const;

/** Files written before this marker existed were written by PGlite 0.5.16: every release so far pinned it. */
const UNMARKED_FORMAT = 'pglite-0.5/pg18';

export interface EngineMarker {
  readonly format: string;
  readonly pglite: string;
  readonly pgMajor: string;
}

/** What a database's files say before any engine touches them. */
export interface StoredEngine {
  /** Contents of the PG_VERSION file, or undefined when there are no files yet. */
  readonly pgVersion?: string;
  /** What this widget recorded after it last opened the files, if it did. */
  readonly marker?: EngineMarker;
}

const MARKER_DB = 'todo-widget-engine';
const MARKER_STORE = 'engines';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The marker store, or undefined where IndexedDB is unusable (then only PG_VERSION is checked). */
async function openMarkers(): Promise<IDBDatabase | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  try {
    const open = indexedDB.open(MARKER_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(MARKER_STORE);
    return await request(open);
  } catch {
    return undefined;
  }
}

const markerKey = (storage: StorageKind, database: string) => `${storage}:${database}`;

async function readPgVersion(storage: StorageKind, database: string): Promise<string | undefined> {
  if (storage === 'opfs') {
    // memfs2opfs mirrors the data directory under this name in the OPFS root.
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(database);
      return (await (await dir.getFileHandle('PG_VERSION')).getFile()).text();
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'NotFoundError') return undefined;
      throw error;
    }
  }
  if (storage === 'idb') {
    // PGlite's IDBFS keeps every file of `idb://<name>` as a record of this database.
    const name = `/pglite/${database}`;
    // Opening a database that does not exist would create it: look first.
    if (!(await indexedDB.databases()).some((info) => info.name === name)) return undefined;
    const db = await request(indexedDB.open(name));
    try {
      if (!db.objectStoreNames.contains('FILE_DATA')) return undefined;
      const file = await request(db.transaction('FILE_DATA').objectStore('FILE_DATA').get(`${name}/PG_VERSION`));
      const contents = (file as { contents?: Uint8Array } | undefined)?.contents;
      return contents ? new TextDecoder().decode(contents) : undefined;
    } finally {
      db.close();
    }
  }
  return undefined;
}

/** Reads what the stored files say about the engine that wrote them, without opening them. */
export async function readStoredEngine(storage: StorageKind, database: string): Promise<StoredEngine> {
  const pgVersion = (await readPgVersion(storage, database))?.trim();
  if (pgVersion === undefined) return {};
  const markers = await openMarkers();
  if (!markers) return { pgVersion };
  try {
    const marker = (await request(
      markers.transaction(MARKER_STORE).objectStore(MARKER_STORE).get(markerKey(storage, database)),
    )) as EngineMarker | undefined;
    return marker ? { pgVersion, marker } : { pgVersion };
  } finally {
    markers.close();
  }
}

/**
 * Refuses files another engine wrote, before this engine can touch them.
 * @throws {EngineIncompatibleError} the files come from an engine with another on-disk format.
 */
export function assertEngineCompatible(stored: StoredEngine): void {
  if (stored.pgVersion === undefined) return; // nothing stored yet
  const format = stored.marker?.format ?? UNMARKED_FORMAT;
  if (stored.pgVersion !== ENGINE.pgMajor || format !== ENGINE.format) {
    const found = stored.marker
      ? `PGlite ${stored.marker.pglite} (PostgreSQL ${stored.pgVersion})`
      : `PostgreSQL ${stored.pgVersion}`;
    throw new EngineIncompatibleError(
      `The saved todos were written by another database engine (${found}) than this version of the widget runs ` +
        `(PGlite ${ENGINE.pglite}, PostgreSQL ${ENGINE.pgMajor}), in a format it cannot read. They have been left untouched; ` +
        'the widget version that wrote them can still open them.',
    );
  }
}

/** Records that this engine has opened the files (after it did); skipped when the marker already says so. */
export async function recordEngine(storage: StorageKind, database: string, stored: StoredEngine): Promise<void> {
  if (storage === 'memory') return;
  if (stored.marker?.format === ENGINE.format && stored.marker.pglite === ENGINE.pglite) return;
  const markers = await openMarkers();
  if (!markers) return;
  try {
    const tx = markers.transaction(MARKER_STORE, 'readwrite');
    tx.objectStore(MARKER_STORE).put(
      { format: ENGINE.format, pglite: ENGINE.pglite, pgMajor: ENGINE.pgMajor } satisfies EngineMarker,
      markerKey(storage, database),
    );
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
  } finally {
    markers.close();
  }
}
