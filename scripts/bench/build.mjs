// What a run measures against: the builds (dist/ and the bench pages), their sizes as
// scripts/size.mjs reports them, and the machine, browser and commit the run is on.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromiumFlags, chromiumPath } from '../chromium.mjs';
import { IMPLS, MID, RUNS, SIZES, env, log, root } from './config.mjs';

/** `npm run build` and the bench pages of bare PGlite and Dexie, unless BENCH_SKIP_BUILD=1. */
export async function buildAll() {
  if (env.BENCH_SKIP_BUILD !== '1') {
    log('building dist/ (npm run build) and the bench pages');
    const b = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}`);
    const { build } = await import('vite');
    await build({ configFile: join(root, 'bench/vite.bench.config.mjs'), logLevel: 'error' });
  }
}

export function buildSizes() {
  const out = execFileSync(process.execPath, [join(root, 'scripts/size.mjs')], { cwd: root, encoding: 'utf8' });
  const pick = (label) => {
    const line = out.split('\n').find((l) => l.startsWith(label));
    const m = line?.match(/([\d.]+) KB\s+([\d.]+) KB/);
    return m ? Number(m[2]) : null;
  };
  return {
    main_thread_js_kb: pick('main thread JS'),
    main_thread_pglite_kb: ((match) => (match ? Number(match[1]) : null))(
      out.match(/of which PGlite code: ([\d.]+) KB/),
    ),
    worker_entry_kb: pick('worker entry'),
    leader_only_js_kb: pick('leader-only JS'),
    pglite_wasm_kb: pick('PGlite WASM'),
    prepared_files_kb: pick('runtime files, first-visit database'),
    pglite_initdb_files_kb: pick("PGlite's initdb files"),
    follower_wasm_up_front: /ERROR: WASM\/data referenced up front/.test(out),
  };
}

/** Where and on what the run happened (the `meta` of the results). */
export function runMeta() {
  const chromiumVersion = (() => {
    try {
      return execFileSync(chromiumPath(), ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const meta = {
    date: new Date().toISOString(),
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpu: cpus()[0]?.model ?? 'unknown',
    chromium: chromiumVersion,
    chrome_path: chromiumPath(),
    headless: true,
    flags: chromiumFlags,
    node: process.version,
    pglite: JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version,
    dexie: JSON.parse(readFileSync(join(root, 'node_modules/dexie/package.json'), 'utf8')).version,
    git_commit: git(['rev-parse', '--short', 'HEAD']),
    git_dirty_src: Boolean(git(['status', '--porcelain', '--', 'src'])),
    runs: RUNS,
    sizes: SIZES,
    mid_size: MID,
    impls: IMPLS,
  };
  return meta;
}
