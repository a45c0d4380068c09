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

function instrument(proto: any, method: string) {
  const original = proto[method];
  if (typeof original !== 'function' || original.__benchWrapped) return;
  const wrapped = async function (this: object, ...args: unknown[]) {
    events.push({ fs: this, method, edge: 'start', t: performance.now() });
    try {
      return await original.apply(this, args);
    } finally {
      events.push({ fs: this, method, edge: 'end', t: performance.now() });
    }
  };
  (wrapped as any).__benchWrapped = true;
  proto[method] = wrapped;
}
for (const cls of [IdbFs, MemoryFS, OpfsAhpFS, Memfs2OpfsFS] as any[]) {
  for (const m of ['init', 'initialSyncFs', 'syncToFs']) instrument(cls.prototype, m);
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
    stack: String(e?.stack ?? '').split('\n').slice(0, 6).join(' | '),
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
function phasesFor(instance: PGlite, t0: number, t1: number, freshDb: boolean) {
  const fs = (instance as any).fs;
  const own = events.filter((e) => e.fs === fs);
  const find = (method: string, edge: 'start' | 'end') => own.find((e) => e.method === method && e.edge === edge)?.t;
  const initS = find('init', 'start');
  const initE = find('init', 'end');
  const loadS = find('initialSyncFs', 'start');
  const loadE = find('initialSyncFs', 'end');
  if (initS === undefined || initE === undefined || loadS === undefined || loadE === undefined) {
    return { available: false as const, fs_calls: own.length };
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
    if (firstSyncEnd) {
      phases.persist_initdb = round(firstSyncEnd.t - firstSyncStart.t);
      phases.pg_start = round(t1 - firstSyncEnd.t);
    }
  } else {
    phases.pg_start = round(t1 - loadE);
  }
  return { available: true as const, phases };
}

async function open(dataDir: string, relaxedDurability: boolean) {
  events.length = 0;
  const t0 = performance.now();
  const instance = await PGlite.create({ dataDir, relaxedDurability });
  const t1 = performance.now();
  pg = instance;
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
      const r = await open(args.dataDir, !!args.relaxedDurability);
      const ph = phasesFor(pg!, r.t0, r.t1, !!args.fresh);
      return { create_ms: r.create_ms, had_table: r.had_table, phases: ph.available ? ph.phases : null };
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
    self.postMessage({ id, ok: false, error: { name: e?.name ?? 'Error', message: String(e?.message ?? e), stack: String(e?.stack ?? '') } });
  }
});
self.postMessage({ id: 0, ok: true, result: 'loaded' });
