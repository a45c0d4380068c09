import { EngineIncompatibleError } from '../errors';
import type { StorageKind } from '../db/storage';
import { ENGINE_FILES_SUFFIX } from '../db/engine-files';

export { filesName } from '../db/engine-files';

/** A database engine: the PGlite that writes a format, and where it keeps a database's files. */
export interface EngineFormat {
  readonly pglite: string;
  readonly pgMajor: string;
  readonly format: string;
  /**
   * Appended to the database's name for the name of its files (the OPFS directory, the
   * IndexedDB database `/pglite/<name>`): each format has files of its own, so a carry-over
   * writes the new files beside the old ones and never over them.
   */
  readonly suffix: string;
}

/**
 * The database engine this build pins, and the on-disk format it writes.
 *
 * PGlite's files change between its minor versions: 0.2 writes PostgreSQL 16, 0.3 and 0.4
 * write 17, 0.5 writes 18, 0.6 writes 19, and 0.4 opened 0.3's files (both "17") as if empty
 * and wrote over them (measured in Node; docs/storage.md "A new PGlite"). So PG_VERSION alone
 * cannot tell whether files are safe to open: `format` names the format, and changes whenever
 * a release pins a PGlite that cannot open the previous one's files.
 */
export const ENGINE = {
  pglite: '0.6.1',
  pgMajor: '19',
  format: 'pglite-0.6/pg19',
  suffix: ENGINE_FILES_SUFFIX,
} as const satisfies EngineFormat;

/**
 * The engine of the previous format: its files are carried over to ENGINE on the first start
 * (workers/carry-over/). 0.5 kept a database's files under its bare name.
 */
export const PREVIOUS_ENGINE = {
  pglite: '0.5.16',
  pgMajor: '18',
  format: 'pglite-0.5/pg18',
  suffix: '',
} as const satisfies EngineFormat;

/** Files at a location that has no marker were written by the engine whose location it is (0.5 had no suffix and no marker at first). */
const unmarkedFormat = (suffix: string): string | undefined =>
  ({ [ENGINE.suffix]: ENGINE.format, [PREVIOUS_ENGINE.suffix]: PREVIOUS_ENGINE.format })[suffix];

export interface EngineMarker {
  readonly format: string;
  readonly pglite: string;
  readonly pgMajor: string;
  /** Set when the files were carried over from another format: the switch to them, recorded. */
  readonly carriedFrom?: string;
  /** Set at the previous engine's location once its files were carried over (previous-engine-fence.ts). */
  readonly fence?: true;
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

/** Keyed by the files' name: `opfs:todo-widget~pg19`; 0.5's files: `opfs:todo-widget`. */
const markerKey = (storage: StorageKind, files: string) => `${storage}:${files}`;

/** `files`: the name of the files (filesName()), not of the database. */
export async function readPgVersion(storage: StorageKind, files: string): Promise<string | undefined> {
  if (storage === 'opfs') {
    // memfs2opfs mirrors the data directory under this name in the OPFS root.
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(files);
      return (await (await dir.getFileHandle('PG_VERSION')).getFile()).text();
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'NotFoundError') return undefined;
      throw error;
    }
  }
  if (storage === 'idb') {
    // PGlite's IDBFS keeps every file of `idb://<name>` as a record of this database.
    const name = `/pglite/${files}`;
    // Opening a database that does not exist would create it: look first.
    if (!(await indexedDB.databases()).some((info) => info.name === name)) return undefined;
    const db = await request(indexedDB.open(name));
    try {
      if (!db.objectStoreNames.contains('FILE_DATA')) return undefined;
      const file: unknown = await request(
        db.transaction('FILE_DATA').objectStore('FILE_DATA').get(`${name}/PG_VERSION`),
      );
      const contents = (file as { contents?: Uint8Array } | undefined)?.contents;
      return contents ? new TextDecoder().decode(contents) : undefined;
    } finally {
      db.close();
    }
  }
  return undefined;
}

/**
 * Reads what the stored files say about the engine that wrote them, without opening them.
 * `files`: the name of the files (filesName()), not of the database.
 */
export async function readStoredEngine(storage: StorageKind, files: string): Promise<StoredEngine> {
  const pgVersion = (await readPgVersion(storage, files))?.trim();
  if (pgVersion === undefined) return {};
  const markers = await openMarkers();
  if (!markers) return { pgVersion };
  try {
    const marker = (await request(
      markers.transaction(MARKER_STORE).objectStore(MARKER_STORE).get(markerKey(storage, files)),
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
export function assertEngineCompatible(stored: StoredEngine, engine: EngineFormat = ENGINE): void {
  if (stored.pgVersion === undefined) return; // nothing stored yet
  const format = stored.marker?.format ?? unmarkedFormat(engine.suffix);
  if (stored.pgVersion !== engine.pgMajor || format !== engine.format) {
    const found = stored.marker
      ? `PGlite ${stored.marker.pglite} (PostgreSQL ${stored.pgVersion})`
      : `PostgreSQL ${stored.pgVersion}`;
    throw new EngineIncompatibleError(
      `The saved todos were written by another database engine (${found}) than this version of the widget runs ` +
        `(PGlite ${ENGINE.pglite}, PostgreSQL ${ENGINE.pgMajor}), in a format it cannot read or carry over. They have been left untouched; ` +
        'the widget version that wrote them can still open them.',
    );
  }
}

/**
 * Records that this engine has opened the files (after it did); skipped when the marker already
 * says so. `carriedFrom`: the files were carried over from that format, and this is the switch.
 */
export async function recordEngine(
  storage: StorageKind,
  files: string,
  stored: StoredEngine,
  carriedFrom?: string,
): Promise<void> {
  if (storage === 'memory') return;
  if (!carriedFrom && stored.marker?.format === ENGINE.format && stored.marker.pglite === ENGINE.pglite) return;
  const carried = carriedFrom ?? stored.marker?.carriedFrom;
  const written = await putMarker(storage, files, {
    format: ENGINE.format,
    pglite: ENGINE.pglite,
    pgMajor: ENGINE.pgMajor,
    ...(carried ? { carriedFrom: carried } : {}),
  });
  // Without the record a carried-over database would be carried over again and again.
  if (!written && carriedFrom)
    throw new Error('IndexedDB is unusable, so the switch to the new engine cannot be recorded');
}

/** Writes a marker; false where IndexedDB is unusable. */
export async function putMarker(storage: StorageKind, files: string, marker: EngineMarker): Promise<boolean> {
  const markers = await openMarkers();
  if (!markers) return false;
  try {
    const tx = markers.transaction(MARKER_STORE, 'readwrite');
    tx.objectStore(MARKER_STORE).put(marker, markerKey(storage, files));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
    return true;
  } finally {
    markers.close();
  }
}

/**
 * Removes the files a database keeps under `files` (filesName()) on OPFS or IndexedDB; nothing
 * when there are none. Only for files no engine has open.
 */
export async function removeFiles(storage: StorageKind, files: string): Promise<void> {
  if (storage === 'opfs') {
    try {
      await (await navigator.storage.getDirectory()).removeEntry(files, { recursive: true });
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'NotFoundError') throw error;
    }
  } else if (storage === 'idb') {
    const deleting = indexedDB.deleteDatabase(`/pglite/${files}`);
    await new Promise<void>((resolve, reject) => {
      deleting.onsuccess = () => resolve();
      deleting.onerror = () => reject(deleting.error ?? new Error('IndexedDB delete failed'));
      // Another connection still open: the delete waits for it, and completes when it closes.
      deleting.onblocked = () => console.warn(`todo-widget: removing /pglite/${files} waits for another connection`);
    });
  }
}
