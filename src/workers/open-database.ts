import type { PGlite } from '@electric-sql/pglite';
import { DatabaseStartError, StorageUnavailableError } from '../errors';
import { assertEngineCompatible, readStoredEngine, recordEngine } from './engine';
import {
  DATABASE_INFO_SETTING,
  dataDirFor,
  type DatabaseInfo,
  type StorageKind,
  type WorkerStartOptions,
} from '../db/storage';

/** OPFS is only usable for PGlite where dedicated workers get sync access handles. */
async function opfsAvailable(): Promise<boolean> {
  if (!('FileSystemSyncAccessHandle' in self) || !navigator.storage?.getDirectory) return false;
  try {
    await navigator.storage.getDirectory();
    return true;
  } catch {
    return false; // e.g. storage blocked for this origin
  }
}

async function indexedDbAvailable(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  try {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('todo-widget-probe');
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
    });
    return true;
  } catch {
    return false;
  }
}

async function chooseStorage(requested: WorkerStartOptions['storage']): Promise<StorageKind> {
  // The page may run another widget version than this worker: check, don't trust the type.
  if (!['auto', 'opfs', 'idb', 'memory'].includes(requested)) {
    throw new DatabaseStartError(`Unknown storage "${String(requested)}": use auto, opfs, idb or memory.`);
  }
  if (requested === 'memory') return 'memory';
  if (requested === 'opfs' || requested === 'auto') {
    if (await opfsAvailable()) return 'opfs';
    if (requested === 'opfs') {
      throw new StorageUnavailableError('This browser gives workers no OPFS sync access handles, so the database cannot be kept in OPFS.');
    }
  }
  if (await indexedDbAvailable()) return 'idb';
  throw new StorageUnavailableError(
    'This browser blocks both OPFS and IndexedDB for this site, so todos cannot be saved. Allow site data, or use storage="memory".',
  );
}

/** OPFS sync access handles are exclusive; the previous leader's may outlive its lock by a moment. */
function isStorageBusy(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  return name === 'NoModificationAllowedError' || /access handle|another open/i.test(message);
}

const BUSY_RETRY_MS = 200;
const BUSY_GIVE_UP_MS = 15_000;

async function retryWhileBusy<T>(open: () => Promise<T>): Promise<T> {
  const started = performance.now();
  for (;;) {
    try {
      return await open();
    } catch (error) {
      if (!isStorageBusy(error) || performance.now() - started > BUSY_GIVE_UP_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }
}

/**
 * Runs in the leader's worker only: opens (or creates) the database and brings
 * its schema up to date before any tab can query it. PGlite is imported here, lazily,
 * so follower workers never fetch or compile its WASM.
 */
export async function openDatabase(options: WorkerStartOptions): Promise<PGlite> {
  const startup: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    startup[name] = Math.round(now - mark);
    mark = now;
  };

  const storage = await chooseStorage(options.storage);
  // Loaded here, not at the top: follower workers never reach this line, so they
  // never download PGlite's engine, its WASM, or Drizzle's migrator.
  const [{ PGlite }, { live }, { migrate }, { knownMigrations }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/live'),
    import('../db/migrate'),
    import('../db/migrations'),
  ]);
  phase('load_ms');

  // Before PGlite touches the files: another engine version may have written them in a
  // format this one would misread or overwrite.
  const storedEngine = await readStoredEngine(storage, options.database);
  assertEngineCompatible(storedEngine);
  phase('engine_check_ms');

  const pg = await retryWhileBusy(() =>
    PGlite.create({ dataDir: dataDirFor(storage, options.database), extensions: { live } }),
  );
  phase('open_ms');

  // A database already at a newer schema (a newer widget in another tab) is left as it is:
  // this leader keeps serving the newer tabs, and its own page sees SchemaTooNewError.
  await migrate(pg, knownMigrations(options.migrations));
  phase('migrate_ms');

  await recordEngine(storage, options.database, storedEngine);
  phase('engine_record_ms');

  const info: DatabaseInfo = { storage, durable: storage !== 'memory', startup };
  await pg.query('select set_config($1, $2, false)', [DATABASE_INFO_SETTING, JSON.stringify(info)]);
  return pg;
}
