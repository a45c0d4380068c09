import type { PGlite } from '@electric-sql/pglite';
import { randomId } from '../protocol/channels';
import { DatabaseStartError, EngineCarryOverError, StorageUnavailableError } from '../errors';
import {
  assertEngineCompatible,
  ENGINE,
  filesName,
  PREVIOUS_ENGINE,
  readStoredEngine,
  recordEngine,
  removeFiles,
  type StoredEngine,
} from './engine';
import { fencePreviousEngine, isFence, isWholeFence } from './previous-engine-fence';
import type { CarryOverReport, CarryOverStep, PreviousEngine } from './carry-over/carry-over';
import { recordEngineSettings } from './engine-settings';
import { dataDirFor, type DatabaseInfo, type StorageKind, type WorkerStartOptions } from '../db/storage';

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

/** The backend the leader opens, and why it is in memory when durable storage was asked for. */
interface StorageChoice {
  readonly storage: StorageKind;
  readonly fallbackReason?: string;
}

const STORAGE_BLOCKED = 'This browser blocks both OPFS and IndexedDB for this site';

async function chooseStorage(options: WorkerStartOptions): Promise<StorageChoice> {
  const requested = options.storage;
  // The page may run another widget version than this worker: check, don't trust the type.
  if (!['auto', 'opfs', 'idb', 'memory'].includes(requested)) {
    throw new DatabaseStartError(`Unknown storage "${String(requested)}": use auto, opfs, idb or memory.`);
  }
  if (requested === 'memory') return { storage: 'memory' };
  if (requested === 'opfs' || requested === 'auto') {
    if (await opfsAvailable()) return { storage: 'opfs' };
    if (requested === 'opfs') {
      throw new StorageUnavailableError(
        'This browser gives workers no OPFS sync access handles, so the database cannot be kept in OPFS.',
      );
    }
  }
  if (await indexedDbAvailable()) return { storage: 'idb' };
  // Blocked site data (a browser setting, some private modes): a working list that is not
  // saved beats no list, unless the host said otherwise. The status says so either way.
  if (options.memoryFallback !== false) {
    return { storage: 'memory', fallbackReason: `${STORAGE_BLOCKED}, so todos are kept in memory only.` };
  }
  throw new StorageUnavailableError(
    `${STORAGE_BLOCKED}, so todos cannot be saved. Allow site data, or turn the in-memory fallback on.`,
  );
}

/** OPFS sync access handles are exclusive; the previous leader's may outlive its lock by a moment. */
function isStorageBusy(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const message = (error as { message?: unknown } | null)?.message;
  return (
    name === 'NoModificationAllowedError' ||
    (typeof message === 'string' && /access handle|another open/i.test(message))
  );
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
 * PGlite does not reject `create()` when its WebAssembly fails to load (a 404, a CSP without
 * 'wasm-unsafe-eval'): Emscripten's abort becomes an unhandled rejection and `create()` never
 * settles. An unhandled rejection while opening therefore fails the open, with its cause.
 */
function failOnUnhandledRejection<T>(opening: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onRejection = (event: PromiseRejectionEvent) => {
      event.preventDefault();
      const reason = event.reason as { message?: unknown } | undefined;
      const cause = typeof reason?.message === 'string' ? reason.message : String(event.reason);
      reject(
        new DatabaseStartError(`The database engine (PGlite's WebAssembly) could not be loaded: ${cause}`, {
          cause: event.reason,
        }),
      );
    };
    self.addEventListener('unhandledrejection', onRejection);
    opening.then(resolve, reject).finally(() => self.removeEventListener('unhandledrejection', onRejection));
  });
}

/**
 * Runs in the leader's worker only: opens (or creates) the database and brings
 * its schema up to date before any tab can query it. PGlite is imported here, lazily,
 * so follower workers never fetch or compile its WASM.
 */
export interface OpenHooks {
  /**
   * Runs once the storage is chosen and before PGlite touches the files (creates, opens or
   * migrates them); `fresh`: there are no files yet. The window snapshots are checked here.
   */
  readonly beforeOpen?: (storage: StorageKind, fresh: boolean) => Promise<void>;
  /** A database of the previous engine is being carried over to this one: how far it is. */
  readonly carryOverProgress?: (step: CarryOverStep, fraction: number) => void;
  /** Loads the previous engine (tests replace it to make the download fail). */
  readonly loadPreviousEngine?: () => Promise<PreviousEngine>;
}

/** The previous engine's chunk: only a leader that found its files downloads it. */
const loadPreviousEngine = async (): Promise<PreviousEngine> =>
  (await import('./carry-over/from-pglite-0-5')).previousEngine;

const NOTHING_STORED: StoredEngine = {};

/**
 * Whether the previous engine's files must be carried over: they exist, and the switch to
 * this engine's files has not been recorded (none made yet, or a carry-over cut short).
 */
function mustCarryOver(found: StoredEngine, old: StoredEngine): boolean {
  return old.pgVersion !== undefined && !isFence(old) && !found.marker;
}

export async function openDatabase(
  options: WorkerStartOptions,
  hooks: OpenHooks = {},
): Promise<{ pg: PGlite; info: DatabaseInfo }> {
  const startup: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    startup[name] = Math.round(now - mark);
    mark = now;
  };

  const { storage, fallbackReason } = await chooseStorage(options);
  // Before PGlite touches the files: another engine version may have written them in a
  // format this one would misread or overwrite. This engine's files have a name of their own;
  // the previous engine's, under theirs, are carried over (below).
  const files = filesName(options.database);
  const oldFiles = filesName(options.database, PREVIOUS_ENGINE.suffix);
  const storedEngine = readStoredEngine(storage, files);
  const storedOldEngine = storage === 'memory' ? Promise.resolve(NOTHING_STORED) : readStoredEngine(storage, oldFiles);
  // Fetched while the engine's code loads: a first visit's prepared database, and the runtime
  // files. The trimmed runtime files only serve a database that will not run initdb.
  const prepared = import('./initial-data-dir');
  const initialDataDir = Promise.all([storedEngine, storedOldEngine, prepared])
    .then(([found, old, files]) =>
      found.pgVersion === undefined || mustCarryOver(found, old) ? files.fetchInitialDataDir() : undefined,
    )
    .catch(() => undefined); // the same failure is thrown by `await storedEngine` below
  const fsBundle = prepared.then((files) => files.fetchRuntimeFsBundle()).catch(() => undefined);
  // Loaded here, not at the top: follower workers never reach this line, so they
  // never download PGlite's engine, its WASM, or Drizzle's migrator.
  const [{ PGlite }, { migrate }, { knownMigrations }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('../db/migrate'),
    import('../db/migrations'),
  ]);
  phase('load_ms');

  const stored = await storedEngine;
  const storedOld = await storedOldEngine;
  const carrying = mustCarryOver(stored, storedOld);
  // Files of an engine before the previous one (0.4) are refused, untouched, as before.
  if (carrying) assertEngineCompatible(storedOld, PREVIOUS_ENGINE);
  else assertEngineCompatible(stored);
  const fresh = stored.pgVersion === undefined || carrying;
  phase('engine_check_ms');

  await hooks.beforeOpen?.(storage, fresh);
  phase('snapshots_ms');

  const loadDataDir = await initialDataDir;
  const runtimeFiles = fresh && !loadDataDir ? undefined : await fsBundle;
  phase('downloads_ms');

  const dataDir = dataDirFor(storage, files);
  const create = (prepared: { loadDataDir?: Blob; initdbWasmModule?: WebAssembly.Module; fsBundle?: Blob }) =>
    retryWhileBusy(() => failOnUnhandledRejection(PGlite.create({ dataDir, ...prepared })));
  const openNew = async (): Promise<PGlite> => {
    try {
      return await create({
        ...(loadDataDir ? { loadDataDir, initdbWasmModule: await (await prepared).unusedInitdbModule() } : {}),
        ...(runtimeFiles ? { fsBundle: runtimeFiles } : {}),
      });
    } catch (error) {
      // A damaged download (a proxy that rewrote it, a truncated response) must not keep the
      // widget from starting: PGlite's own files and initdb make the same database, only slower.
      if (!loadDataDir && !runtimeFiles) throw error;
      console.warn("todo-widget: the prepared database files did not open; using PGlite's own", error);
      return create({});
    }
  };
  let pg: PGlite;
  let carried: CarryOverReport | undefined;
  if (carrying) {
    ({ pg, report: carried } = await carryOverFrom(storage, oldFiles, files, stored, openNew, hooks));
    phase('carry_over_ms');
    for (const [step, ms] of Object.entries(carried.ms)) startup[`carry_over_${step}`] = ms;
    startup['carry_over_dump_bytes'] = carried.dumpBytes;
  } else {
    pg = await openNew();
    phase('open_ms');
  }

  // A database already at a newer schema (a newer widget in another tab) is left as it is:
  // this leader keeps serving the newer tabs, and its own page sees SchemaTooNewError.
  await migrate(pg, knownMigrations());
  await recordEngineSettings(pg);
  phase('migrate_ms');

  if (carried) {
    // The switch: from here on this engine's files are the database, and the old ones can go.
    await recordEngine(storage, files, stored, carried.from);
    hooks.carryOverProgress?.('switched', 1);
    await fenceOldFiles(storage, oldFiles);
  } else {
    await recordEngine(storage, files, stored);
    // No files there yet (the fence keeps a previous release's tab from starting some), a fence
    // whose removal a kill cut short, or the previous engine's files after a start cut short
    // between the switch and the fence. Files
    // the previous engine wrote beside this engine's without a carry-over are left alone.
    const oldData = storedOld.pgVersion !== undefined && !isFence(storedOld);
    if (!isWholeFence(storedOld) && (!oldData || stored.marker?.carriedFrom === PREVIOUS_ENGINE.format))
      await fenceOldFiles(storage, oldFiles);
  }
  phase('engine_record_ms');

  const info: DatabaseInfo = {
    storage,
    durable: storage !== 'memory',
    instance: randomId(),
    startup,
    ...(fallbackReason ? { fallbackReason } : {}),
  };
  return { pg, info };
}

/** Replaces the previous engine's files by a fence once the switch is recorded; a failure leaves it for the next start. */
async function fenceOldFiles(storage: StorageKind, oldFiles: string): Promise<void> {
  try {
    await fencePreviousEngine(storage, oldFiles);
  } catch (error) {
    console.warn("todo-widget: the previous engine's files are not fenced yet; the next start tries again", error);
  }
}

/**
 * Carries the previous engine's files over to new files of this engine (carry-over/). Any
 * files of this engine already there are what a carry-over cut short left: removed first.
 * @throws {EngineCarryOverError} it failed; the old files are as they were.
 */
async function carryOverFrom(
  storage: StorageKind,
  oldFiles: string,
  files: string,
  stored: StoredEngine,
  openNew: () => Promise<PGlite>,
  hooks: OpenHooks,
): Promise<{ pg: PGlite; report: CarryOverReport }> {
  const failed = (what: string, error: unknown) =>
    new EngineCarryOverError(
      `The saved todos could not be carried over to this version's database engine (PGlite ${ENGINE.pglite}): ` +
        `${what}${error instanceof Error ? ` (${error.message})` : ''}. They are kept as they were, and the next start tries again.`,
      { cause: error },
    );
  let previous: PreviousEngine;
  let carryOver: typeof import('./carry-over/carry-over').carryOver;
  try {
    hooks.carryOverProgress?.('reading', 0);
    [previous, { carryOver }] = await Promise.all([
      (hooks.loadPreviousEngine ?? loadPreviousEngine)(),
      import('./carry-over/carry-over'),
    ]);
  } catch (error) {
    throw failed('the previous engine could not be downloaded', error);
  }
  let pg: PGlite | undefined;
  try {
    if (stored.pgVersion !== undefined) await removeFiles(storage, files);
    const result = await carryOver({
      previous,
      oldDataDir: dataDirFor(storage, oldFiles),
      openNew: async () => (pg = await openNew()),
      ...(hooks.carryOverProgress ? { onProgress: hooks.carryOverProgress } : {}),
    });
    return result;
  } catch (error) {
    await pg?.close().catch(() => undefined);
    // What it wrote is not the database (no switch recorded): the next start removes it.
    throw error instanceof EngineCarryOverError ? error : failed('the copy failed', error);
  }
}
