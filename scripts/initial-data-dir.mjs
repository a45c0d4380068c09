#!/usr/bin/env node
/**
 * Builds the database a first visit starts from: PGlite's initdb, then every migration, then
 * trimmed, packed as PGlite's own `dumpDataDir('gzip')` tarball. The leader hands it to
 * `PGlite.create({ loadDataDir })` instead of running initdb in the browser, which costs a
 * second PGlite instance, initdb's own WASM and a 40 MB copy of the data directory (issue 16,
 * goal 3; docs/performance.md "First visit").
 *
 * Trimmed, because every byte is downloaded once and then kept in the leader's memory and in
 * OPFS for the life of the database:
 * - 1 MB WAL segments (`initdb --wal-segsize=1`) instead of 16 MB, and only the segment the
 *   last checkpoint needs, started fresh by a switch, so it is nearly all zeros;
 * - no template0/template1: the widget never runs CREATE DATABASE;
 * - `min_wal_size` 2 MB, so a checkpoint keeps 2 recycled segments, not 80 MB of them;
 * - and the settings of every database (src/workers/engine-settings.ts), e.g. `shared_buffers`.
 *
 * Written to src/workers/initial-data-dir/ (not committed): the Vite plugin in vite.config.ts
 * runs this before every build and dev server, and it rebuilds only when its inputs changed
 * (PGlite's version, the migrations, the migrator, this script, VITE_TODO_WIDGET_MIGRATIONS).
 *
 *   node scripts/initial-data-dir.mjs           build it when stale
 *   node scripts/initial-data-dir.mjs --force   build it anyway
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT_DIR = join(root, 'src/workers/initial-data-dir');
const TARBALL = join(OUTPUT_DIR, 'data-dir.tar.gz');
const FS_BUNDLE = join(OUTPUT_DIR, 'fs-bundle.data');
const STAMP = join(OUTPUT_DIR, 'data-dir.json');
const PGLITE_DIST = join(root, 'node_modules/@electric-sql/pglite/dist');

/**
 * Files of PGlite's runtime bundle (pglite.data) that a database started from the tarball never
 * reads; fs-bundle.data is pglite.data with them zeroed, so it keeps the size and layout
 * PGlite's loader checks, and compresses to a fraction (2.1 MB gzip -> about 0.4 MB).
 * - initdb's inputs: initdb already ran at build time (the worker uses PGlite's own bundle in
 *   the one case it still runs initdb: the tarball could not be fetched);
 * - character set conversions: the server and every client are UTF-8;
 * - ICU's collation data: the database's collation is libc's C.UTF-8, and no column, index or
 *   query of the widget names an ICU collation (a host's own `COLLATE "…-x-icu"` would fail);
 * - replication (and REPACK CONCURRENTLY's decoding plugin) and PGXS build files, which a single-user Postgres in a browser never uses.
 */
const UNUSED_AT_RUNTIME = [
  /^\/pglite\/share\/postgresql\/(postgres\.bki|information_schema\.sql|sql_features\.txt|system_(constraints|functions|views)\.sql|snowball_create\.sql|errcodes\.txt|[a-z_]+\.conf\.sample|psqlrc\.sample)$/,
  /^\/pglite\/lib\/postgresql\/[a-z0-9_]+_and_[a-z0-9_]+\.so$/,
  // 0.6 (PostgreSQL 19) names two conversions without "_and_" (MULE_INTERNAL is gone).
  /^\/pglite\/lib\/postgresql\/(cyrillic|euc2004_sjis2004)\.so$/,
  // pgrepack: REPACK CONCURRENTLY's logical decoding (PostgreSQL 19), which needs a replication slot.
  /^\/pglite\/lib\/postgresql\/(libpqwalreceiver|pgoutput|pgrepack)\.so$/,
  /^\/pglite\/lib\/postgresql\/pgxs\//,
  /^\/pglite\/icu\//,
];

const WAL_SEGMENT_MB = 1;
/** Besides src/workers/engine-settings.ts (every database): what only a database made here can have. */
const LAYOUT_SETTINGS = { min_wal_size: `${2 * WAL_SEGMENT_MB}MB` };
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** What the tarball depends on: when none of it changed, the tarball on disk is current. */
function inputsKey() {
  const hash = createHash('sha256');
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
  // A build emulating an earlier release (upgrade tests) knows fewer migrations: so must its database.
  hash.update(
    `pglite ${pglite.version}\nwal ${WAL_SEGMENT_MB}\nmigrations ${process.env.VITE_TODO_WIDGET_MIGRATIONS ?? 'all'}\n`,
  );
  const inputs = [
    fileURLToPath(import.meta.url),
    join(root, 'src/db/migrate.ts'),
    join(root, 'src/db/migrations.ts'),
    join(root, 'src/db/migration-journal.ts'),
    join(root, 'src/workers/engine-settings.ts'),
    ...filesUnder(join(root, 'src/db/migrations')),
  ];
  for (const file of inputs) hash.update(`${file.slice(root.length)}\n`).update(readFileSync(file));
  return { key: hash.digest('hex'), pglite: pglite.version };
}

/** The migrator and migrations exactly as the worker runs them (Vite resolves their import.meta.glob). */
async function loadMigrator() {
  const { createServer } = await import('vite');
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const { migrate } = await server.ssrLoadModule('/src/db/migrate.ts');
    const { knownMigrations, bundledMigrations } = await server.ssrLoadModule('/src/db/migrations.ts');
    const { ENGINE_SETTINGS } = await server.ssrLoadModule('/src/workers/engine-settings.ts');
    const migrations = knownMigrations();
    const settings = { ...ENGINE_SETTINGS, ...LAYOUT_SETTINGS };
    return { migrate, migrations, settings, complete: migrations.length === bundledMigrations.length };
  } finally {
    await server.close();
  }
}

/** pglite.data's table of contents, from the loader in pglite.js. */
function bundleFiles() {
  const loader = readFileSync(join(PGLITE_DIST, 'pglite.js'), 'utf8');
  const files = [...loader.matchAll(/\{filename:"([^"]+)",start:(\d+),end:(\d+)\}/g)].map(([, name, start, end]) => ({
    name,
    start: Number(start),
    end: Number(end),
  }));
  const size = Number(/remote_package_size:(\d+)/.exec(loader)?.[1]);
  if (!files.length || files.at(-1).end !== size)
    throw new Error('pglite.js no longer lists pglite.data the way this script reads it: update bundleFiles()');
  return files;
}

/** pglite.data with the files a started database never reads zeroed (see UNUSED_AT_RUNTIME). */
function trimFsBundle() {
  const bundle = new Uint8Array(readFileSync(join(PGLITE_DIST, 'pglite.data')));
  let zeroed = 0;
  for (const file of bundleFiles()) {
    if (!UNUSED_AT_RUNTIME.some((pattern) => pattern.test(file.name))) continue;
    bundle.fill(0, file.start, file.end);
    zeroed += file.end - file.start;
  }
  return { bundle, zeroed };
}

async function build() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { migrate, migrations, settings, complete } = await loadMigrator();
  const dataDir = mkdtempSync(join(tmpdir(), 'todo-widget-initial-'));
  try {
    const pg = await PGlite.create({ dataDir, initDbStartParams: [`--wal-segsize=${WAL_SEGMENT_MB}`] });
    await pg.exec('ALTER DATABASE template0 IS_TEMPLATE false; ALTER DATABASE template1 IS_TEMPLATE false');
    await pg.exec('DROP DATABASE template0');
    await pg.exec('DROP DATABASE template1');
    for (const [name, value] of Object.entries(settings)) await pg.exec(`ALTER SYSTEM SET ${name} = '${value}'`);
    const applied = await migrate(pg, migrations);
    await pg.exec('CHECKPOINT');

    // Segments after the current one are recycled leftovers of initdb: full of old records that
    // compress badly. Remove them, switch to a fresh (zero-filled) segment, checkpoint there,
    // and keep only that segment.
    const wal = join(dataDir, 'pg_wal');
    const { rows: current } = await pg.query('select pg_walfile_name(pg_current_wal_lsn()) as name');
    for (const name of readdirSync(wal)) if (WAL_SEGMENT.test(name) && name > current[0].name) rmSync(join(wal, name));
    await pg.query('select pg_switch_wal()');
    await pg.exec('CHECKPOINT');
    const { rows: redo } = await pg.query('select redo_wal_file as name from pg_control_checkpoint()');
    for (const name of readdirSync(wal)) if (WAL_SEGMENT.test(name) && name !== redo[0].name) rmSync(join(wal, name));

    const tarball = new Uint8Array(await (await pg.dumpDataDir('gzip')).arrayBuffer());
    await pg.close();
    const { bundle, zeroed } = trimFsBundle();
    await verify(PGlite, tarball, bundle, migrations.length, settings, complete);
    return { tarball, bundle, zeroed, applied, settings };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The tarball opens on the trimmed bundle, is at the newest migration, and does what the widget
 * does: its triggers (PL/pgSQL), accent-folding search, numeric order, timestamps, and writes
 * past its one WAL segment.
 */
async function verify(PGlite, tarball, bundle, migrationCount, settings, complete) {
  const pg = await PGlite.create({
    loadDataDir: new Blob([tarball], { type: 'application/gzip' }),
    fsBundle: new Blob([bundle]),
  });
  try {
    const { rows } = await pg.query('select count(*)::int as n from todo_widget.migrations');
    if (rows[0].n !== migrationCount) throw new Error(`expected ${migrationCount} migrations, found ${rows[0].n}`);
    for (const [name, value] of Object.entries(settings)) {
      const { rows } = await pg.query(`show ${name}`);
      if (rows[0]?.[name] !== value) throw new Error(`${name} is ${rows[0]?.[name]}, not ${value}`);
    }
    // A build emulating an earlier release (upgrade tests) has an older schema: it opens and writes.
    if (complete) await verifyWidgetSchema(pg);
    await pg.exec(`create temp table filler as select g, md5(g::text) as s from generate_series(1, 50000) g;
                   create table wal_probe as select * from filler; drop table wal_probe; checkpoint`);
  } finally {
    await pg.close();
  }
}

async function verifyWidgetSchema(pg) {
  await pg.exec(`insert into todos (id, title, list) values
      (gen_random_uuid(), 'Café Łódź STRAßE', 'verify'), (gen_random_uuid(), 'plain', 'verify')`);
  const { rows: found } = await pg.query(
    `select count(*)::int as n from todos where search @@ websearch_to_tsquery('simple', public.todo_search_text('cafe strasse'))`,
  );
  if (found[0].n !== 1) throw new Error(`search found ${found[0].n} rows, expected 1`);
  const { rows: counts } = await pg.query(`select total::int as total from todo_counts where list = 'verify'`);
  if (counts[0]?.total !== 2) throw new Error(`todo_counts is ${JSON.stringify(counts)}, expected 2`);
  await pg.query(`select now()::text, lower('ÄÖÜ'), '2026-01-01'::timestamptz at time zone 'UTC'`);
}

export async function ensureInitialDataDir({ force = false, log = console.log } = {}) {
  const { key, pglite } = inputsKey();
  if (!force && [TARBALL, FS_BUNDLE, STAMP].every((file) => existsSync(file))) {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    if (stamp.key === key) return stamp;
  }
  const started = performance.now();
  const { tarball, bundle, zeroed, settings } = await build();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(TARBALL, tarball);
  writeFileSync(FS_BUNDLE, bundle);
  const stamp = {
    key,
    pglite,
    bytes: tarball.byteLength,
    fsBundleZeroedBytes: zeroed,
    walSegmentMb: WAL_SEGMENT_MB,
    settings,
  };
  writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
  log(
    `initial data directory: ${(tarball.byteLength / 1024).toFixed(0)} KB gzip, built in ${Math.round(performance.now() - started)} ms`,
  );
  return stamp;
}

/** Vite: the tarball exists and is current before a build or dev server resolves the worker's URL to it. */
export function initialDataDirPlugin() {
  return {
    name: 'todo-widget:initial-data-dir',
    async buildStart() {
      await ensureInitialDataDir({ log: (message) => this.info(message) });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureInitialDataDir({ force: process.argv.includes('--force') });
  process.exit(0);
}
