import type { StorageKind } from '../db/storage';
import { ENGINE, putMarker, type StoredEngine } from './engine';

/**
 * A fence where the previous engine kept a database's files: a `PG_VERSION` of this engine's
 * major and this engine's marker, nothing else.
 *
 * Why: a tab of the previous release (a page left open, a cached copy) can become the leader
 * after every tab of this release has closed. It would find no files under its own name, start
 * an empty database there, and take the visitor's writes into it — writes that this release never
 * reads. The previous release reads `PG_VERSION` and the marker before its engine touches
 * anything (workers/engine.ts, unchanged since 0.5's first marker), so a fence makes it refuse
 * with EngineIncompatibleError ("written by PGlite 0.6.1 (PostgreSQL 19)") and write nothing; its
 * tabs show the error, and their unsaved adds wait in the outbox for the reload.
 */
export const isFence = (stored: StoredEngine): boolean => stored.pgVersion === ENGINE.pgMajor;

/** A fence with nothing else left beside it: its marker is written last. */
export const isWholeFence = (stored: StoredEngine): boolean => isFence(stored) && stored.marker?.fence === true;

const pgVersionBytes = () => new TextEncoder().encode(`${ENGINE.pgMajor}\n`);

/**
 * Puts the fence up under `files` (the previous engine's name for a database's files), replacing
 * whatever the previous engine left there. The version is written first, so there is no moment
 * at which the previous engine would find files it accepts — or none, and start afresh.
 */
export async function fencePreviousEngine(storage: StorageKind, files: string): Promise<void> {
  if (storage === 'memory') return;
  if (storage === 'opfs') await fenceOpfs(files);
  else await fenceIndexedDb(files);
  // Last: a start that finds the version but not this marker (a kill during the removal) fences again.
  await putMarker(storage, files, {
    format: ENGINE.format,
    pglite: ENGINE.pglite,
    pgMajor: ENGINE.pgMajor,
    fence: true,
  });
}

interface SyncAccessHandle {
  truncate(size: number): void;
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

async function fenceOpfs(files: string): Promise<void> {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(files, { create: true });
  const versionFile = await dir.getFileHandle('PG_VERSION', { create: true });
  // Sync access handles exist in every engine's workers (createWritable does not, in WebKit).
  const handle = await (
    versionFile as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }
  ).createSyncAccessHandle();
  try {
    const bytes = pgVersionBytes();
    handle.truncate(0);
    handle.write(bytes, { at: 0 });
    handle.flush();
  } finally {
    handle.close();
  }
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  for (const name of names) if (name !== 'PG_VERSION') await dir.removeEntry(name, { recursive: true });
}

function done(request: IDBRequest | IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    if (request instanceof IDBTransaction) {
      request.oncomplete = () => resolve();
      request.onerror = () => reject(request.error ?? new Error('IndexedDB write failed'));
    } else {
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    }
  });
}

/** PGlite's IndexedDB files (Emscripten's IDBFS): one record per path in the store FILE_DATA. */
async function fenceIndexedDb(files: string): Promise<void> {
  const name = `/pglite/${files}`;
  // Version 1 when new: IDBFS opens its databases at a higher version and keeps a store it finds.
  const open = indexedDB.open(name);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains('FILE_DATA')) open.result.createObjectStore('FILE_DATA');
  };
  await done(open);
  const db = open.result;
  try {
    // One transaction: the old files and the version are replaced at once, or not at all.
    const tx = db.transaction('FILE_DATA', 'readwrite');
    const store = tx.objectStore('FILE_DATA');
    store.clear();
    store.put({ timestamp: new Date(), mode: 0o100644, contents: pgVersionBytes() }, `${name}/PG_VERSION`);
    await done(tx);
  } finally {
    db.close();
  }
}
