#!/usr/bin/env node
/**
 * The carry-over of a 0.5 database to the new engine (issue 24), in the production build, real
 * headless Chromium, a fresh on-disk profile per run: PGlite 0.5.16 writes N todos (the test
 * fixture, test/e2e/fixtures/engine-0-5, built here with Vite) and the host's tables, then the
 * widget's first start carries them over. Per run: `carry_over_ms` and its steps, as the leader
 * times them (client.info.startup), the whole start until the list is live, and the bytes the
 * old engine cost to download (what that start fetched that a start without old files does not,
 * gzip as a CDN would send it).
 *
 *   CARRY_SIZES [10000]   todos per database
 *   CARRY_RUNS [5]        runs per size (medians, min, max)
 *   CARRY_STORAGE [opfs]  opfs or idb
 *   CARRY_OUT [bench/results/carry-over.json]
 * Run `npm run build` first.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../../scripts/chromium.mjs';
import { serveStatic } from '../../test/e2e/support/static-server.mjs';
import { buildEngine05Fixture } from '../../test/e2e/support/engine-0-5-fixture.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SIZES = (process.env.CARRY_SIZES ?? '10000').split(',').map(Number).filter(Boolean);
const RUNS = Math.max(1, Number(process.env.CARRY_RUNS ?? 5));
const STORAGE = process.env.CARRY_STORAGE === 'idb' ? 'idb' : 'opfs';
const TIMEOUT = 15 * 60_000;
const OUT = resolve(root, process.env.CARRY_OUT ?? 'bench/results/carry-over.json');
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const HOST = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>carry-over bench</title>
<link rel="icon" href="data:,"><script type="module">
  const params = new URLSearchParams(location.search);
  window.todoWidget = await import('/dist/todo-widget.js');
  window.todoWidget.configure({ database: params.get('database'), storage: params.get('storage') });
  window.started = performance.now();
  // A large carry-over may outlast init()'s own wait (90 s): wait again, the leader goes on.
  for (;;) {
    try {
      await window.todoWidget.getDatabaseClient().init();
      break;
    } catch (error) {
      if (error?.name !== 'DatabaseTimeoutError') throw error;
    }
  }
  window.ready = performance.now();
</script></head><body></body></html>`;

const fixtureDir = await buildEngine05Fixture();
const site = mkdtempSync(join(tmpdir(), 'todo-bench-site-'));
writeFileSync(join(site, 'index.html'), HOST);
symlinkSync(join(root, 'dist'), join(site, 'dist'));
symlinkSync(fixtureDir, join(site, 'fixture'));
const server = await serveStatic({ root: site });

const gzipBytes = (path) => {
  try {
    return gzipSync(readFileSync(join(site, path)), { level: 6 }).length;
  } catch {
    return 0;
  }
};

/** One start on a fresh profile; with `todos`, the old engine writes that many first. */
async function start(todos) {
  const profile = mkdtempSync(join(tmpdir(), 'todo-bench-carry-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumFlags,
    headless: true,
  });
  try {
    const database = 'bench-carry';
    if (todos) {
      const page = await context.newPage();
      await page.goto(`${server.origin}/fixture/index.html?database=${database}&storage=${STORAGE}&todos=${todos}`);
      const reply = await page.evaluate(() => window.fixture);
      if (!reply.ok) throw new Error(reply.error);
      await page.close();
    }
    const from = server.requests.length;
    const page = await context.newPage();
    await page.goto(`${server.origin}/index.html?database=${database}&storage=${STORAGE}`);
    await page.waitForFunction(() => window.ready, undefined, { timeout: TIMEOUT, polling: 100 });
    const result = await page.evaluate(async () => {
      const client = window.todoWidget.getDatabaseClient();
      const rows = await client.query('select count(*)::int as n from todos');
      return { startup: client.info.startup, wall: window.ready - window.started, todos: rows[0].n };
    });
    return { ...result, requests: server.requests.slice(from) };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const results = { storage: STORAGE, runs: RUNS, sizes: {} };
log('a start without old files (for the bytes the old engine adds)');
const plain = new Set((await start(0)).requests);
for (const size of SIZES) {
  const runs = [];
  for (let run = 1; run <= RUNS; run++) {
    const r = await start(size);
    const extra = [...new Set(r.requests.filter((path) => !plain.has(path)))];
    const bytes = extra.reduce((sum, path) => sum + gzipBytes(path), 0);
    log(
      `${size} todos, run ${run}: carry_over_ms ${r.startup.carry_over_ms}, start ${Math.round(r.wall)} ms, ${r.todos} todos, old engine ${(bytes / 1024 / 1024).toFixed(2)} MB gzip`,
    );
    runs.push({ ...r, oldEngineBytes: bytes, oldEngineFiles: extra });
  }
  const pick = (f) => {
    const v = runs.map(f);
    return { median: median(v), min: Math.min(...v), max: Math.max(...v) };
  };
  results.sizes[size] = {
    carry_over_ms: pick((r) => r.startup.carry_over_ms),
    start_to_ready_ms: pick((r) => Math.round(r.wall)),
    steps: Object.fromEntries(
      Object.keys(runs[0].startup)
        .filter((k) => k.startsWith('carry_over_'))
        .map((k) => [k, median(runs.map((r) => r.startup[k]))]),
    ),
    old_engine_bytes_gzip: runs[0].oldEngineBytes,
    old_engine_files: runs[0].oldEngineFiles,
    runs: runs.map((r) => ({ startup: r.startup, wall: Math.round(r.wall), todos: r.todos })),
  };
  log(JSON.stringify(results.sizes[size], null, 1).slice(0, 1500));
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
await server.close();
rmSync(fixtureDir, { recursive: true, force: true });
rmSync(site, { recursive: true, force: true });
log(`written ${OUT}`);
