/// <reference lib="webworker" />
/**
 * Storage benchmark worker: PGlite runs here, in a dedicated module worker, as in
 * the widget's leader. Driven by storage-page.ts over postMessage.
 *
 * To split PGlite.create into phases without patching PGlite, the public methods
 * PGlite calls on its filesystem (init, initialSyncFs, syncToFs) are wrapped on the
 * prototypes of the filesystem classes to record timestamps. The instance that
 * belongs to the created PGlite is picked afterwards (fs.pg === pg), which leaves
 * out the in-memory PGlite that runs initdb on a fresh database.
 */
import { PGlite, IdbFs, MemoryFS } from '@electric-sql/pglite';
import { OpfsAhpFS } from '@electric-sql/pglite/opfs-ahp';
import { Memfs2OpfsFS } from '@electric-sql/pglite/memfs2opfs';

type FsEvent = { fs: object; method: string; edge: 'start' | 'end'; t: number };

const events: FsEvent[] = [];
let recording = true;
let ownFs: object | undefined;
// fs.syncToFs calls per filesystem instance (also those PGlite does not await with relaxedDurability)
type SyncCounts = { started: number; finished: number; failed: number; lastError: string };
const syncCounts = new Map<object, SyncCounts>();

function instrument(proto: any, method: string) {
  const original = proto[method];
  if (typeof original !== 'function' || original.__benchWrapped) return;
  const wrapped = async function (this: object, ...args: unknown[]) {
    let c: SyncCounts | undefined;
    if (method === 'syncToFs') {
      c = syncCounts.get(this);
      if (!c) syncCounts.set(this, (c = { started: 0, finished: 0, failed: 0, lastError: '' }));
      c.started++;
    }
    if (recording) events.push({ fs: this, method, edge: 'start', t: performance.now() });
    try {
      const r = await original.apply(this, args);
      if (c) c.finished++;
      return r;
    } catch (e: any) {
      if (c) {
        c.failed++;
        c.lastError = `${e?.name}: errno ${e?.errno ?? '?'} ${e?.message ?? e}`.slice(0, 200);
      }
      throw e;
    } finally {
      if (recording) events.push({ fs: this, method, edge: 'end', t: performance.now() });
    }
  };
  (wrapped as any).__benchWrapped = true;
  proto[method] = wrapped;
}
/** Called by the first open unless it passes instrument: false (to check the wrappers change nothing). */
function instrumentAll() {
  for (const cls of [IdbFs, MemoryFS, OpfsAhpFS, Memfs2OpfsFS] as any[]) {
    for (const m of ['init', 'initialSyncFs', 'syncToFs']) instrument(cls.prototype, m);
  }
}

let pg: PGlite | undefined;

/**
 * Errors nobody awaited: with relaxedDurability PGlite does not await its filesystem sync,
 * so a failing background sync only shows up here.
 */
const unhandled: Array<{ t: number; name: string; message: string; errno?: unknown; stack: string }> = [];
self.addEventListener('unhandledrejection', (ev: PromiseRejectionEvent) => {
  const e: any = ev.reason;
  unhandled.push({
    t: Math.round(performance.now()),
    name: String(e?.name ?? typeof e),
    message: String(e?.message ?? e),
    errno: e?.errno,
    stack: String(e?.stack ?? '')
      .split('\n')
      .slice(0, 6)
      .join(' | '),
  });
});

function round(n: number) {
  return Math.round(n * 10) / 10;
}

/**
 * Phases of one PGlite.create, from the filesystem calls of its own instance:
 * - pre_fs_init: module set-up before fs.init (wasm downloads start here)
 * - fs_init: fs.init (OPFS directory / pool of access handles, IDBFS mount)
 * - wasm_module: fs.init end -> initialSyncFs start (fetch + compile + instantiate postgres wasm)
 * - load_from_storage: initialSyncFs (read persisted files into the emscripten FS)
 * - initdb (fresh only): initialSyncFs end -> first syncToFs start (nested in-memory PGlite runs initdb,
 *   result copied into PGDATA)
 * - persist_initdb (fresh only): that first syncToFs (write the new cluster to storage)
 * - pg_start: rest (postgres single-user start-up incl. crash recovery, array types query and its sync)
 */
function phasesFor(instance: PGlite, t0: number, t1: number) {
  const fs = (instance as any).fs;
  const own = events.filter((e) => e.fs === fs);
  // initdb runs in a nested in-memory PGlite: its filesystem is another instance
  const freshDb = events.some((e) => e.fs !== fs && e.method === 'init');
  const find = (method: string, edge: 'start' | 'end') => own.find((e) => e.method === method && e.edge === edge)?.t;
  const initS = find('init', 'start');
  const initE = find('init', 'end');
  const loadS = find('initialSyncFs', 'start');
  const loadE = find('initialSyncFs', 'end');
  if (initS === undefined || initE === undefined || loadS === undefined || loadE === undefined) {
    return { available: false as const, fs_calls: own.length, ranInitdb: freshDb };
  }
  const phases: Record<string, number> = {
    pre_fs_init: round(initS - t0),
    fs_init: round(initE - initS),
    wasm_module: round(loadS - initE),
    load_from_storage: round(loadE - loadS),
  };
  // First sync that starts after the load: on a fresh database it persists initdb's output
  const syncs = own.filter((e) => e.method === 'syncToFs');
  const firstSyncStart = syncs.find((e) => e.edge === 'start' && e.t >= loadE);
  if (freshDb && firstSyncStart) {
    const firstSyncEnd = syncs.find((e) => e.edge === 'end' && e.t >= firstSyncStart.t);
    phases.initdb = round(firstSyncStart.t - loadE);
    if (firstSyncEnd && firstSyncEnd.t <= t1) {
      phases.persist_initdb = round(firstSyncEnd.t - firstSyncStart.t);
      phases.pg_start = round(t1 - firstSyncEnd.t);
    } else {
      // relaxedDurability: PGlite did not wait for this sync, it finished (or not) after create resolved
      phases.pg_start = round(t1 - firstSyncStart.t);
    }
  } else {
    phases.pg_start = round(t1 - loadE);
  }
  return { available: true as const, phases, ranInitdb: freshDb };
}

async function open(dataDir: string, relaxedDurability: boolean) {
  events.length = 0;
  recording = true;
  const t0 = performance.now();
  const instance = await PGlite.create({ dataDir, relaxedDurability });
  const t1 = performance.now();
  pg = instance;
  ownFs = (instance as any).fs;
  // Sanity check for the driver: a reopened database must already have table t
  const res = await instance.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class WHERE relname = 't' AND relkind = 'r'`,
  );
  const hadTable = (res.rows[0]?.n ?? 0) > 0;
  return { create_ms: round(t1 - t0), had_table: hadTable, t0, t1 };
}

async function handle(op: string, args: any): Promise<unknown> {
  switch (op) {
    case 'ping':
      return { ok: true, opfsSync: 'FileSystemSyncAccessHandle' in self };
    case 'open': {
      if (args.instrument !== false) instrumentAll();
      const r = await open(args.dataDir, !!args.relaxedDurability);
      const ph = phasesFor(pg!, r.t0, r.t1);
      return {
        create_ms: r.create_ms,
        had_table: r.had_table,
        ran_initdb: ph.ranInitdb,
        phases: ph.available ? ph.phases : null,
      };
    }
    case 'setup':
      await pg!.exec(`CREATE TABLE IF NOT EXISTS t (id serial PRIMARY KEY, tag text NOT NULL, v text)`);
      return null;
    case 'insertBench': {
      const times: number[] = [];
      for (let i = 0; i < args.n; i++) {
        const s = performance.now();
        await pg!.query(`INSERT INTO t (tag, v) VALUES ($1, $2)`, [args.tag ?? 'bench', `row ${i}`]);
        times.push(round(performance.now() - s));
      }
      return times;
    }
    case 'select1Bench': {
      const times: number[] = [];
      for (let i = 0; i < args.n; i++) {
        const s = performance.now();
        await pg!.query(`SELECT 1`);
        times.push(round(performance.now() - s));
      }
      return times;
    }
    case 'insert': {
      const s = performance.now();
      await pg!.query(`INSERT INTO t (tag, v) VALUES ($1, $2)`, [args.tag, args.v ?? null]);
      return { ms: round(performance.now() - s) };
    }
    case 'count': {
      const res = await pg!.query<{ tag: string; n: number }>(`SELECT tag, count(*)::int AS n FROM t GROUP BY tag`);
      return Object.fromEntries(res.rows.map((r) => [r.tag, r.n]));
    }
    case 'idbInfo': {
      // What IDBFS actually stored: per IndexedDB database, the number of entries and whether PG_VERSION is there
      const out: Record<string, { entries: number; pgVersion: boolean; sample: string[] }> = {};
      for (const info of await indexedDB.databases()) {
        if (!info.name) continue;
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const rq = indexedDB.open(info.name!);
          rq.onsuccess = () => res(rq.result);
          rq.onerror = () => rej(rq.error);
        });
        const keys: string[] = [];
        for (const store of Array.from(db.objectStoreNames)) {
          const k = await new Promise<IDBValidKey[]>((res, rej) => {
            const rq = db.transaction(store).objectStore(store).getAllKeys();
            rq.onsuccess = () => res(rq.result);
            rq.onerror = () => rej(rq.error);
          });
          keys.push(...k.map(String));
        }
        db.close();
        out[info.name] = {
          entries: keys.length,
          pgVersion: keys.some((k) => k.endsWith('/PG_VERSION')),
          sample: keys.slice(0, 5),
        };
      }
      return out;
    }
    case 'probeLock': {
      // How soon can this worker take a sync access handle on a file the dead leader held open?
      const t0 = performance.now();
      let dir = await navigator.storage.getDirectory();
      for (const part of args.dirs as string[]) dir = await dir.getDirectoryHandle(part);
      let file: string | undefined = args.file;
      if (!file) {
        // The newest WAL segment: memfs2opfs keeps the handles of the segments it writes open
        const names: string[] = [];
        for await (const [n, h] of (dir as any).entries() as AsyncIterable<[string, FileSystemHandle]>) {
          if (h.kind === 'file') names.push(n);
        }
        names.sort();
        file = names[names.length - 1];
        if (!file) throw new Error('no file to probe');
      }
      const fh = await dir.getFileHandle(file);
      const errors: Record<string, number> = {};
      let attempts = 0;
      for (;;) {
        attempts++;
        try {
          const sh = await (fh as any).createSyncAccessHandle();
          sh.close();
          return {
            file,
            ms: round(performance.now() - t0),
            okEpoch: Math.round(performance.timeOrigin + performance.now()),
            attempts,
            errors,
          };
        } catch (e: any) {
          const key = `${e?.name}: ${String(e?.message ?? e).slice(0, 160)}`;
          errors[key] = (errors[key] ?? 0) + 1;
          if (performance.now() - t0 > (args.timeoutMs ?? 30_000))
            return { file, ms: null, attempts, errors, timedOut: true };
          await new Promise((r) => setTimeout(r, 2));
        }
      }
    }
    case 'estimate': {
      const e = await navigator.storage.estimate();
      return { usage: e.usage ?? null, quota: e.quota ?? null };
    }
    case 'fsSyncs':
      // started - finished - failed = syncs still running (or hung)
      return ownFs ? { ...syncCounts.get(ownFs) } : null;
    case 'unhandled':
      return unhandled.splice(0);
    case 'close':
      await pg?.close();
      pg = undefined;
      return null;
    default:
      throw new Error(`unknown op ${op}`);
  }
}

self.addEventListener('message', async (ev: MessageEvent) => {
  const { id, op, args } = ev.data;
  try {
    const result = await handle(op, args);
    self.postMessage({ id, ok: true, result });
  } catch (e: any) {
    self.postMessage({
      id,
      ok: false,
      error: { name: e?.name ?? 'Error', message: String(e?.message ?? e), stack: String(e?.stack ?? '') },
    });
  }
});
self.postMessage({ id: 0, ok: true, result: 'loaded' });
