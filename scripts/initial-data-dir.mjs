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
 * - `min_wal_size` 2 MB, so a checkpoint keeps 2 recycled segments, not 80 MB of them.
 *
 * Written to src/workers/initial-data-dir/ (not committed): the Vite plugin in vite.config.ts
 * runs this before every build and dev server, and it rebuilds only when its inputs changed
 * (PGlite's version, the migrations, the migrator, this script).
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
const STAMP = join(OUTPUT_DIR, 'data-dir.json');

/** Postgres settings every database created from the tarball starts with (postgresql.auto.conf). */
const SETTINGS = { min_wal_size: '2MB' };
const WAL_SEGMENT_MB = 1;
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
  hash.update(`pglite ${pglite.version}\n${JSON.stringify(SETTINGS)} ${WAL_SEGMENT_MB}\n`);
  const inputs = [
    fileURLToPath(import.meta.url),
    join(root, 'src/db/migrate.ts'),
    join(root, 'src/db/migrations.ts'),
    join(root, 'src/db/migration-journal.ts'),
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
    const { knownMigrations } = await server.ssrLoadModule('/src/db/migrations.ts');
    return { migrate, migrations: knownMigrations() };
  } finally {
    await server.close();
  }
}

async function build() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { migrate, migrations } = await loadMigrator();
  const dataDir = mkdtempSync(join(tmpdir(), 'todo-widget-initial-'));
  try {
    const pg = await PGlite.create({ dataDir, initDbStartParams: [`--wal-segsize=${WAL_SEGMENT_MB}`] });
    await pg.exec('ALTER DATABASE template0 IS_TEMPLATE false; ALTER DATABASE template1 IS_TEMPLATE false');
    await pg.exec('DROP DATABASE template0');
    await pg.exec('DROP DATABASE template1');
    for (const [name, value] of Object.entries(SETTINGS)) await pg.exec(`ALTER SYSTEM SET ${name} = '${value}'`);
    const applied = await migrate(pg, migrations);
    await pg.exec('VACUUM ANALYZE');
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
    await verify(PGlite, tarball, migrations.length);
    return { tarball, applied };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The tarball opens, is at the newest migration, and writes past its one WAL segment. */
async function verify(PGlite, tarball, migrationCount) {
  const pg = await PGlite.create({ loadDataDir: new Blob([tarball], { type: 'application/gzip' }) });
  try {
    const { rows } = await pg.query('select count(*)::int as n from todo_widget.migrations');
    if (rows[0].n !== migrationCount) throw new Error(`expected ${migrationCount} migrations, found ${rows[0].n}`);
    const { rows: settings } = await pg.query(
      `select name, setting, unit from pg_settings where name in ('min_wal_size', 'wal_segment_size')`,
    );
    if (!settings.some((s) => s.name === 'min_wal_size' && s.setting === '2' && s.unit === 'MB'))
      throw new Error(`min_wal_size is not applied: ${JSON.stringify(settings)}`);
    await pg.exec(`create temp table filler as select g, md5(g::text) as s from generate_series(1, 50000) g;
                   create table wal_probe as select * from filler; drop table wal_probe; checkpoint`);
  } finally {
    await pg.close();
  }
}

export async function ensureInitialDataDir({ force = false, log = console.log } = {}) {
  const { key, pglite } = inputsKey();
  if (!force && existsSync(TARBALL) && existsSync(STAMP)) {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    if (stamp.key === key) return stamp;
  }
  const started = performance.now();
  const { tarball } = await build();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(TARBALL, tarball);
  const stamp = { key, pglite, bytes: tarball.byteLength, walSegmentMb: WAL_SEGMENT_MB, settings: SETTINGS };
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
