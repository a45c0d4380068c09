#!/usr/bin/env node
/**
 * Measures PGlite's browser storage backends in headless Chromium (persistent on-disk profile),
 * with PGlite inside a dedicated module worker. Run from the repo root:
 *
 *   node bench/storage/measure-storage.mjs
 *
 * Env knobs (defaults in brackets):
 *   RUNS [5]            rounds of the main scenario (create / statements / reopen / crash), backends interleaved
 *   N [30]              statements per insert / SELECT 1 series
 *   BACKENDS [all]      comma list of: memfs2opfs, opfs-ahp, idb, idb-relaxed, memory
 *   SCENARIOS [main,handover,concurrent]
 *   REOPEN_WAIT_MS [1000] pause between terminating worker A and opening B in the main scenario
 *   INSTRUMENT [1]      0 = don't wrap the filesystem methods (no phase split), to check the wrappers change nothing
 *   HANDOVER_RUNS [3]   handover runs per variant for memfs2opfs and opfs-ahp (1 for idb ones)
 *   CHROME_PATH [/usr/bin/chromium]
 *   OUT [bench/storage/results.json]
 */
import { chromiumFlags, chromiumPath } from '../../scripts/chromium.mjs';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import {
  mkdtempSync,
  rmSync,
  writeFileSync,
  readdirSync,
  readFileSync,
  openSync,
  writeSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createNetServer } from 'node:net';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const env = process.env;
const RUNS = Number(env.RUNS ?? 5);
const N = Number(env.N ?? 30);
const HANDOVER_RUNS = Number(env.HANDOVER_RUNS ?? 3);
const REOPEN_WAIT_MS = Number(env.REOPEN_WAIT_MS ?? 1000);
// INSTRUMENT=0: no wrappers on PGlite's filesystem classes (no phases), to check they change nothing
const INSTRUMENT = env.INSTRUMENT !== '0';
const SCENARIOS = (env.SCENARIOS ?? 'main,handover,concurrent').split(',').map((s) => s.trim());
const OUT = resolve(root, env.OUT ?? 'bench/storage/results.json');
const CHROME = chromiumPath();
const FLAGS = chromiumFlags;

const ALL_BACKENDS = {
  memfs2opfs: { dataDir: (n) => `memfs2opfs://${n}`, relaxed: false, persistent: true },
  'opfs-ahp': { dataDir: (n) => `opfs-ahp://${n}`, relaxed: false, persistent: true },
  idb: { dataDir: (n) => `idb://${n}`, relaxed: false, persistent: true },
  'idb-relaxed': { dataDir: (n) => `idb://${n}`, relaxed: true, persistent: true },
  memory: { dataDir: () => 'memory://', relaxed: false, persistent: false },
};
const BACKENDS = (env.BACKENDS ?? Object.keys(ALL_BACKENDS).join(',')).split(',').map((s) => s.trim());
for (const b of BACKENDS) if (!ALL_BACKENDS[b]) throw new Error(`unknown backend ${b}`);

const T_OPEN = 180_000; // one PGlite.create can take 3-13 s here; leave room
const T_STMT = 120_000;
const HANDOVER_DEADLINE = 30_000; // stop retrying B after this long

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
function stats(xs) {
  const v = xs.filter((x) => typeof x === 'number');
  if (!v.length) return null;
  return { median: r1(median(v)), min: r1(Math.min(...v)), max: r1(Math.max(...v)), n: v.length };
}
function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p,
    new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`driver timeout: ${what} (${ms} ms)`)), ms))),
  ]).finally(() => clearTimeout(t));
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// ---------- browser / page helpers ----------

async function launch(profileDir) {
  const t = now();
  const context = await withTimeout(
    chromium.launchPersistentContext(profileDir, {
      executablePath: CHROME,
      headless: true,
      args: FLAGS,
      timeout: 60_000,
    }),
    90_000,
    'launch',
  );
  return { context, launch_ms: r1(now() - t) };
}

let BASE_URL;
async function openPage(context, reuseFirst = false) {
  const page = (reuseFirst && context.pages()[0]) || (await context.newPage());
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) log(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => log('pageerror:', e.message));
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource'))
      log(`console.${m.type()}:`, m.text().slice(0, 300));
  });
  await page.goto(`${BASE_URL}/bench/storage/storage.html`, { timeout: 60_000 });
  await page.waitForFunction(() => document.title === 'bench ready', null, { timeout: 60_000 });
  return page;
}

async function spawn(page, name) {
  const res = await withTimeout(
    page.evaluate(([n]) => window.bench.spawn(n), [name]),
    90_000,
    `spawn ${name}`,
  );
  if (!res.ok) throw new Error(`spawn ${name}: ${res.error.message}`);
}

/** Returns { ok, result } or { ok:false, error }; never throws for worker-side errors. */
async function call(page, name, op, args = {}, timeoutMs = T_STMT) {
  return withTimeout(
    page.evaluate(([n, o, a, t]) => window.bench.call(n, o, a, t), [name, op, args, timeoutMs]),
    timeoutMs + 15_000,
    `${op} on ${name}`,
  );
}
async function must(page, name, op, args, timeoutMs) {
  const res = await call(page, name, op, args, timeoutMs);
  if (!res.ok) throw new Error(`${op} on ${name} failed: ${res.error.name}: ${res.error.message}`);
  return res.result;
}
/** Unhandled rejections the worker saw (failed background syncs with relaxedDurability). */
async function drainUnhandled(page, name, into, label) {
  const res = await call(page, name, 'unhandled', {}, 10_000).catch(() => null);
  if (res?.ok && res.result.length) into[label] = res.result;
}
async function terminate(page, name) {
  await page.evaluate(([n]) => window.bench.terminate(n), [name]).catch(() => {});
}

/** The browser's main process: the one whose command line has our --user-data-dir and no --type=. */
function findBrowserPid(profileDir) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv.some((a) => a === `--user-data-dir=${profileDir}`) && !argv.some((a) => a.startsWith('--type=')))
      return Number(d);
  }
  return null;
}
function pgrpOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/** SIGKILL the Chromium we launched on profileDir: its whole process group (Playwright starts it detached). */
async function killBrowser(context, pid) {
  if (!pid) throw new Error('browser pid not found');
  const pgrp = pgrpOf(pid);
  if (pgrp === pid) process.kill(-pid, 'SIGKILL');
  else process.kill(pid, 'SIGKILL');
  const tSignal = now();
  await withTimeout(new Promise((r) => context.once('close', r)), 20_000, 'context close after kill').catch((e) =>
    log(e.message),
  );
  return { tSignal, pid, killed: pgrp === pid ? 'process group' : 'main process only' };
}

// ---------- scenarios ----------

/**
 * Main: fresh profile -> create (A) -> N inserts, N SELECT 1 -> terminate A -> reopen (B) in a new worker
 * -> one INSERT, SIGKILL the browser as soon as it resolved -> new browser on the same profile -> reopen (C)
 * and look for the row.
 */
async function mainRun(backend, round) {
  const cfg = ALL_BACKENDS[backend];
  const profileDir = mkdtempSync(join(tmpdir(), 'pgl-storage-'));
  const dbName = `bench_${round}`;
  const dataDir = cfg.dataDir(dbName);
  const out = { backend, round, dataDir };
  let context;
  try {
    const l = await launch(profileDir);
    context = l.context;
    out.launch_ms = l.launch_ms;
    const page = await openPage(context, true);

    // 1. create on empty storage
    await spawn(page, 'A');
    const a = await must(
      page,
      'A',
      'open',
      { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: true },
      T_OPEN,
    );
    out.create_ms = a.create_ms;
    out.create_phases = a.phases;
    out.create_ran_initdb = a.ran_initdb;
    const unhandled = {};
    out.worker_unhandled_rejections = unhandled;
    await must(page, 'A', 'setup');

    // 3. statements
    const ins = await must(page, 'A', 'insertBench', { n: N, tag: 'bench' });
    const sel = await must(page, 'A', 'select1Bench', { n: N });
    out.insert_ms = r1(median(ins));
    out.insert_all = ins;
    out.select1_ms = r1(median(sel));
    out.select1_all = sel;

    // 2. reopen in a new worker after A was terminated (no close(): like a tab going away)
    await drainUnhandled(page, 'A', unhandled, 'A');
    out.fs_syncs_A = (await call(page, 'A', 'fsSyncs', {}, 10_000)).result;
    out.storage_usage_bytes = (await call(page, 'A', 'estimate', {}, 10_000)).result?.usage ?? null;
    if (backend.startsWith('idb')) out.idb_before_terminate = (await call(page, 'A', 'idbInfo', {}, 30_000)).result;
    await terminate(page, 'A');
    await sleep(REOPEN_WAIT_MS);
    let attempt = 0;
    const errors = [];
    for (;;) {
      attempt++;
      await spawn(page, 'B');
      if (backend.startsWith('idb')) out.idb_before_reopen = (await call(page, 'B', 'idbInfo', {}, 30_000)).result;
      const res = await call(
        page,
        'B',
        'open',
        { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: !cfg.persistent },
        T_OPEN,
      );
      if (res.ok) {
        out.reopen_ms = res.result.create_ms;
        out.reopen_phases = res.result.phases;
        out.reopen_found_table = res.result.had_table;
        out.reopen_ran_initdb = res.result.ran_initdb;
        break;
      }
      errors.push(`${res.error.name}: ${res.error.message}`);
      await terminate(page, 'B');
      if (attempt >= 5) break;
      await sleep(1000);
    }
    out.reopen_attempts = attempt;
    if (errors.length) out.reopen_errors = errors;
    if (out.reopen_ms == null) throw new Error(`reopen failed: ${errors.join(' | ')}`);
    await must(page, 'B', 'setup');
    const counts = await must(page, 'B', 'count');
    out.reopen_rows = { expected: cfg.persistent ? N : 0, seen: counts.bench ?? 0 };

    // 5. durability: INSERT, then SIGKILL right after it resolved
    await drainUnhandled(page, 'B', unhandled, 'B');
    const pid = findBrowserPid(profileDir);
    const ins1 = await must(page, 'B', 'insert', { tag: 'durable', v: 'written just before the kill' });
    const tResolved = now();
    const { tSignal, ...kill } = await killBrowser(context, pid);
    context = undefined;
    // signal_after_ms: from page.evaluate resolving in Node to SIGKILL sent (the worker resolved a bit earlier)
    out.durability = { insert_ms: ins1.ms, signal_after_ms: r1(tSignal - tResolved), ...kill };

    const l2 = await launch(profileDir);
    context = l2.context;
    const page2 = await openPage(context, true);
    await spawn(page2, 'C');
    const c = await call(
      page2,
      'C',
      'open',
      { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: !cfg.persistent },
      T_OPEN,
    );
    if (!c.ok) {
      out.durability.reopen_error = `${c.error.name}: ${c.error.message}`;
    } else {
      out.reopen_after_crash_ms = c.result.create_ms;
      out.reopen_after_crash_ran_initdb = c.result.ran_initdb;
      out.reopen_after_crash_phases = c.result.phases;
      if (c.result.had_table) {
        const cc = await must(page2, 'C', 'count');
        out.durability.bench_rows = cc.bench ?? 0;
        out.durability.marker_present = (cc.durable ?? 0) > 0;
      } else {
        out.durability.bench_rows = 0;
        out.durability.marker_present = false;
        out.durability.note = 'table t missing after crash (database empty)';
      }
      await drainUnhandled(page2, 'C', unhandled, 'C');
    }
  } catch (e) {
    out.error = String(e?.message ?? e);
    log(`  ${backend} round ${round} error: ${out.error}`);
  } finally {
    if (context) await withTimeout(context.close(), 30_000, 'context close').catch(() => {});
    out.profile_bytes = profileBytes(profileDir);
    rmSync(profileDir, { recursive: true, force: true });
  }
  return out;
}

/** Bytes on disk of the profile's OPFS and IndexedDB folders (after the browser closed). */
function profileBytes(profileDir) {
  const res = {};
  for (const [k, sub] of [
    ['opfs', 'Default/File System'],
    ['indexeddb', 'Default/IndexedDB'],
  ]) {
    try {
      res[k] = Number(
        execFileSync('du', ['-sb', join(profileDir, sub)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).split(/\s/)[0],
      );
    } catch {
      res[k] = 0;
    }
  }
  return res;
}

/** B in pageB keeps trying to open dataDir (a new worker per attempt) until it works or the deadline passes. */
async function openWithRetry(pageB, dataDir, relaxed, tKill, prefix) {
  const errors = {};
  let attempt = 0;
  for (;;) {
    attempt++;
    const name = `${prefix}${attempt}`;
    await spawn(pageB, name);
    const res = await call(
      pageB,
      name,
      'open',
      { dataDir, relaxedDurability: relaxed, instrument: INSTRUMENT, fresh: false },
      T_OPEN,
    );
    if (res.ok)
      return {
        ok: true,
        name,
        attempts: attempt,
        ms_to_success: r1(now() - tKill),
        open_ms: res.result.create_ms,
        had_table: res.result.had_table,
        ran_initdb: res.result.ran_initdb,
        errors,
      };
    const key = `${res.error.name}: ${res.error.message}`.slice(0, 300);
    errors[key] = (errors[key] ?? 0) + 1;
    await terminate(pageB, name);
    if (now() - tKill > HANDOVER_DEADLINE)
      return { ok: false, attempts: attempt, gave_up_after_ms: r1(now() - tKill), errors };
    await sleep(100);
  }
}

const K_ROWS = 10;

/**
 * Handover: worker A (page A) opens a fresh database and writes K_ROWS rows; then A goes away
 * (variant terminate-worker: worker.terminate(); close-page: page A is closed) and page B opens it.
 * mode immediate: B opens right away, retrying in a new worker on failure.
 * mode probe (OPFS only): a worker in page B loops on createSyncAccessHandle for a file A keeps open
 *   (opfs-ahp: state.txt, memfs2opfs: newest WAL segment), started before A goes away, to time the lock
 *   release; B opens once the probe got the handle.
 */
async function handoverRun(context, backend, variant, mode, i) {
  const cfg = ALL_BACKENDS[backend];
  const dataDir = cfg.dataDir(`ho_${backend.replace(/\W/g, '')}_${variant.replace(/\W/g, '')}_${mode}_${i}`);
  const out = { backend, variant, mode, run: i, dataDir };
  let pageA, pageB;
  try {
    pageA = await openPage(context);
    pageB = await openPage(context);
    await spawn(pageA, 'A');
    const a = await must(
      pageA,
      'A',
      'open',
      { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: true },
      T_OPEN,
    );
    out.a_create_ms = a.create_ms;
    await must(pageA, 'A', 'setup');
    for (let k = 0; k < K_ROWS; k++) await must(pageA, 'A', 'insert', { tag: 'a', v: `row ${k}` });
    const unhandled = {};
    await drainUnhandled(pageA, 'A', unhandled, 'A');
    out.worker_unhandled_rejections = unhandled;

    let probePromise;
    if (mode === 'probe') {
      const name = dataDir.slice(dataDir.indexOf('://') + 3);
      const probe =
        backend === 'opfs-ahp'
          ? { dirs: name.split('/'), file: 'state.txt' }
          : { dirs: [...name.split('/'), 'pg_wal'] };
      await spawn(pageB, 'P');
      probePromise = call(pageB, 'P', 'probeLock', { ...probe, timeoutMs: 60_000 }, 70_000);
      await sleep(300); // the probe is now failing against A's handle
    }

    // A goes away
    const killStartEpoch = Date.now();
    const tKill = now();
    if (variant === 'terminate-worker') await terminate(pageA, 'A');
    else {
      await pageA.close({ runBeforeUnload: false });
      pageA = undefined;
    }
    const killDoneEpoch = Date.now();
    out.kill_call_ms = r1(now() - tKill);

    if (probePromise) {
      const p = await probePromise;
      if (!p.ok) out.lock_probe = { error: `${p.error.name}: ${p.error.message}` };
      else {
        const { okEpoch, ...rest } = p.result;
        out.lock_probe = {
          ...rest,
          // when the probe got the handle, relative to the kill call's start and its return
          released_after_kill_start_ms: okEpoch ? okEpoch - killStartEpoch : null,
          released_after_kill_return_ms: okEpoch ? okEpoch - killDoneEpoch : null,
          failed_before_kill: rest.attempts > 1,
        };
      }
      await terminate(pageB, 'P');
    }

    const b = await openWithRetry(pageB, dataDir, cfg.relaxed, tKill, 'B');
    Object.assign(out, {
      b_ok: b.ok,
      b_first_attempt_ok: b.ok && b.attempts === 1,
      b_attempts: b.attempts,
      b_ms_to_success: b.ms_to_success ?? null,
      b_open_ms: b.open_ms ?? null,
      b_errors: b.errors,
    });
    if (b.ok) {
      out.b_ran_initdb = b.ran_initdb;
      if (!b.had_table) out.rows = { expected: K_ROWS, seen: 0, note: 'table missing' };
      else {
        const c = await must(pageB, b.name, 'count');
        out.rows = { expected: K_ROWS, seen: c.a ?? 0 };
      }
      const w = await call(pageB, b.name, 'insert', { tag: 'b' });
      out.b_write_ok = w.ok;
      if (!w.ok) out.b_write_error = `${w.error.name}: ${w.error.message}`;
      await sleep(300);
      await drainUnhandled(pageB, b.name, unhandled, 'B');
    }
  } catch (e) {
    out.error = String(e?.message ?? e);
    log(`  handover ${backend}/${variant}/${mode} error: ${out.error}`);
  } finally {
    if (pageA) await pageA.close().catch(() => {});
    if (pageB) await pageB.close().catch(() => {});
  }
  return out;
}

/** A keeps the database open while B opens it too: is there any exclusion, and what happens to writes? */
async function concurrentRun(context, backend) {
  const cfg = ALL_BACKENDS[backend];
  const dataDir = cfg.dataDir(`cc_${backend.replace(/\W/g, '')}`);
  const out = { backend, dataDir };
  let pageA, pageB;
  try {
    pageA = await openPage(context);
    pageB = await openPage(context);
    await spawn(pageA, 'A');
    await must(
      pageA,
      'A',
      'open',
      { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: true },
      T_OPEN,
    );
    await must(pageA, 'A', 'setup');
    for (let k = 0; k < 5; k++) await must(pageA, 'A', 'insert', { tag: 'a' });
    await spawn(pageB, 'B');
    const b = await call(
      pageB,
      'B',
      'open',
      { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: false },
      T_OPEN,
    );
    out.b_open_ok = b.ok;
    if (!b.ok) out.b_open_error = `${b.error.name}: ${b.error.message}`.slice(0, 300);
    else {
      out.b_sees_a_rows = (await must(pageB, 'B', 'count')).a ?? 0;
      const bw = await call(pageB, 'B', 'insert', { tag: 'b' });
      out.b_write_ok = bw.ok;
      if (!bw.ok) out.b_write_error = `${bw.error.name}: ${bw.error.message}`.slice(0, 300);
    }
    const aw = await call(pageA, 'A', 'insert', { tag: 'a2' });
    out.a_write_after_b_ok = aw.ok;
    if (!aw.ok) out.a_write_after_b_error = `${aw.error.name}: ${aw.error.message}`.slice(0, 300);
    const ac = await call(pageA, 'A', 'count');
    out.a_counts = ac.ok ? ac.result : ac.error.message;
    // Then both go away; does a third opener see a consistent database?
    await terminate(pageA, 'A');
    await terminate(pageB, 'B');
    await sleep(1500);
    await spawn(pageB, 'C');
    const c = await call(
      pageB,
      'C',
      'open',
      { dataDir, relaxedDurability: cfg.relaxed, instrument: INSTRUMENT, fresh: false },
      T_OPEN,
    );
    out.c_open_ok = c.ok;
    if (!c.ok) out.c_open_error = `${c.error.name}: ${c.error.message}`.slice(0, 300);
    else {
      const cc = await call(pageB, 'C', 'count');
      out.c_counts = cc.ok ? cc.result : `${cc.error.name}: ${cc.error.message}`;
    }
  } catch (e) {
    out.error = String(e?.message ?? e);
    log(`  concurrent ${backend} error: ${out.error}`);
  } finally {
    if (pageA) await pageA.close().catch(() => {});
    if (pageB) await pageB.close().catch(() => {});
  }
  return out;
}

// ---------- summary ----------

function summarize(results) {
  const byBackend = {};
  for (const b of BACKENDS) {
    const runs = results.main.filter((r) => r.backend === b && !r.error);
    if (!runs.length) continue;
    const phaseStats = (key) => {
      const names = new Set(runs.flatMap((r) => Object.keys(r[key] ?? {})));
      return Object.fromEntries([...names].map((n) => [n, stats(runs.map((r) => r[key]?.[n]))]));
    };
    byBackend[b] = {
      runs_ok: runs.length,
      runs_failed: results.main.filter((r) => r.backend === b && r.error).length,
      create_ms: stats(runs.map((r) => r.create_ms)),
      create_phases: phaseStats('create_phases'),
      reopen_ms: stats(runs.map((r) => r.reopen_ms)),
      reopen_phases: phaseStats('reopen_phases'),
      insert_ms: stats(runs.map((r) => r.insert_ms)),
      select1_ms: stats(runs.map((r) => r.select1_ms)),
      reopen_after_crash_ms: stats(runs.map((r) => r.reopen_after_crash_ms)),
      reopen_rows_ok: runs.filter((r) => r.reopen_rows && r.reopen_rows.seen === r.reopen_rows.expected).length,
      durability_marker_present: `${runs.filter((r) => r.durability?.marker_present).length}/${runs.length}`,
      durability_bench_rows_intact: `${runs.filter((r) => r.durability?.bench_rows === N).length}/${runs.length}`,
    };
  }
  return byBackend;
}

function summarizeHandover(results) {
  const groups = {};
  for (const r of results.handover) {
    const key = `${r.backend} / ${r.variant} / ${r.mode}`;
    (groups[key] ??= []).push(r);
  }
  return Object.fromEntries(
    Object.entries(groups).map(([key, rs]) => [
      key,
      {
        runs: rs.length,
        errors: rs.filter((r) => r.error).map((r) => r.error),
        b_opened: rs.filter((r) => r.b_ok).length,
        b_first_attempt_ok: rs.filter((r) => r.b_first_attempt_ok).length,
        b_attempts_max: Math.max(0, ...rs.map((r) => r.b_attempts ?? 0)),
        b_ms_to_success: stats(rs.map((r) => r.b_ms_to_success)),
        rows_intact: rs.filter((r) => r.rows && r.rows.seen === r.rows.expected).length,
        rows_seen: rs.map((r) => (r.rows ? `${r.rows.seen}/${r.rows.expected}` : 'n/a')),
        b_write_ok: rs.filter((r) => r.b_write_ok).length,
        b_errors: Object.assign({}, ...rs.map((r) => r.b_errors ?? {})),
        lock_held_before_kill: rs.filter((r) => r.lock_probe?.failed_before_kill).length,
        lock_released_after_kill_return_ms: stats(rs.map((r) => r.lock_probe?.released_after_kill_return_ms)),
      },
    ]),
  );
}

function fmt(s) {
  return s ? `${s.median} (${s.min}–${s.max})` : 'n/a';
}

function markdown(results) {
  const m = results.meta;
  const S = results.summary;
  const L = [];
  L.push('# PGlite storage backends: measurements', '');
  L.push(
    'Generated by `node bench/storage/measure-storage.mjs` (this part is rewritten on every run; notes below the marker are kept).',
    '',
  );
  L.push(`- date: ${m.date}`);
  L.push(
    `- machine: nproc ${m.nproc}; ${m.chromium}; headless; PGlite ${m.pglite}; playwright-core ${m.playwright_core}; node ${m.node}`,
  );
  L.push(`- disk: profile in ${m.tmpdir} (${m.tmpdir_fs}); write(8 KiB)+fsync from Node: median ${m.fsync_8k_ms} ms`);
  L.push(
    `- runs: ${m.runs} per backend (rounds interleave the backends), ${m.statements_per_series} statements per series; total ${m.total_s} s`,
    '',
  );
  if (Object.keys(S).length) {
    L.push('## Timings: median (min–max) over runs, ms', '');
    L.push(
      "create = PGlite.create on empty storage in a fresh profile; reopen = PGlite.create in a new worker (same page) 1 s after the first worker was terminated; insert / select1 = median of one run's series, measured inside the worker; reopen after crash = first open in a new browser after SIGKILL.",
      '',
    );
    L.push(
      '| backend | create | reopen | insert | SELECT 1 | reopen after crash | row written just before SIGKILL found | earlier rows intact after SIGKILL | storage.estimate() usage with A open / OPFS+IndexedDB bytes on disk at the end |',
    );
    L.push('|---|---|---|---|---|---|---|---|---|');
    for (const [b, s] of Object.entries(S)) {
      const usage = median(results.main.filter((r) => r.backend === b).map((r) => r.storage_usage_bytes));
      const mib = (x) => (x == null ? 'n/a' : (x / 1048576).toFixed(1) + ' MiB');
      const disk = median(
        results.main
          .filter((r) => r.backend === b)
          .map((r) => (r.profile_bytes ? r.profile_bytes.opfs + r.profile_bytes.indexeddb : null)),
      );
      L.push(
        `| ${b} | ${fmt(s.create_ms)} | ${fmt(s.reopen_ms)} | ${fmt(s.insert_ms)} | ${fmt(s.select1_ms)} | ${fmt(s.reopen_after_crash_ms)} | ${s.durability_marker_present} | ${s.durability_bench_rows_intact} | ${mib(usage)} / ${mib(disk)} |`,
      );
    }
    L.push('', '### Phases (median ms)', '');
    const names = [
      'pre_fs_init',
      'fs_init',
      'wasm_module',
      'load_from_storage',
      'initdb',
      'persist_initdb',
      'pg_start',
    ];
    L.push(`| backend | open | ${names.join(' | ')} |`);
    L.push(`|---|---|${names.map(() => '---').join('|')}|`);
    for (const [b, s] of Object.entries(S)) {
      for (const [label, key] of [
        ['create', 'create_phases'],
        ['reopen', 'reopen_phases'],
      ]) {
        L.push(`| ${b} | ${label} | ${names.map((n) => s[key]?.[n]?.median ?? '–').join(' | ')} |`);
      }
    }
    L.push(
      '',
      "pre_fs_init: PGlite set-up before fs.init; fs_init: the filesystem's init (opfs-ahp opens/creates its pool of sync access handles); wasm_module: fetch/compile/instantiate postgres; load_from_storage: initialSyncFs (memfs2opfs reads every file into memory, idb reads IndexedDB); initdb: nested in-memory PGlite runs initdb (empty storage only); persist_initdb: first syncToFs writing the new cluster (not awaited by PGlite with relaxedDurability, so absent there); pg_start: the rest (postgres start-up, crash recovery, first query and its sync).",
      '',
    );
  }
  const H = results.handover_summary ?? {};
  if (Object.keys(H).length) {
    L.push('## Handover', '');
    L.push(
      'A (page A) creates the database and writes 10 rows; A goes away (terminate-worker: `worker.terminate()`; close-page: page A closed); B (page B, same context) opens it. immediate: B starts at once (new worker per retry); probe: a worker in page B loops on `createSyncAccessHandle` for a file A holds (opfs-ahp: state.txt, memfs2opfs: newest WAL segment) from before A goes away, timing the lock release; then B opens.',
      '',
    );
    L.push(
      '| backend / variant / mode | runs | B opened | B first attempt ok | B ms after kill | rows intact | B could write | lock held by A (probe) | lock released after kill returned, ms | B errors |',
    );
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const [k, h] of Object.entries(H)) {
      const isProbe = k.endsWith('probe');
      L.push(
        `| ${k} | ${h.runs} | ${h.b_opened} | ${h.b_first_attempt_ok} | ${fmt(h.b_ms_to_success)} | ${h.rows_intact} (${h.rows_seen.join(', ')}) | ${h.b_write_ok} | ${isProbe ? h.lock_held_before_kill : '–'} | ${isProbe ? fmt(h.lock_released_after_kill_return_ms) : '–'} | ${Object.keys(h.b_errors).length ? Object.keys(h.b_errors).join('; ').slice(0, 200) : 'none'}${h.errors.length ? ' / run errors: ' + h.errors.join('; ') : ''} |`,
      );
    }
    L.push('');
  }
  if (results.concurrent.length) {
    L.push('## Two openers at once (A still open when B opens)', '');
    L.push('| backend | B opened | B error | A can still write | third opener later sees |');
    L.push('|---|---|---|---|---|');
    for (const c of results.concurrent) {
      L.push(
        `| ${c.backend} | ${c.b_open_ok} | ${(c.b_open_error ?? '').slice(0, 150) || '–'} | ${c.a_write_after_b_ok} | ${JSON.stringify(c.c_counts ?? c.c_open_error ?? c.error ?? null)} |`,
      );
    }
    L.push('');
  }
  return L.join('\n');
}

function printTable(summary) {
  const f = (s) => (s ? `${s.median} (${s.min}–${s.max})` : 'n/a');
  const rows = [
    ['backend', 'create_ms', 'reopen_ms', 'insert_ms', 'select1_ms', 'reopen_after_crash_ms', 'row survives SIGKILL'],
  ];
  for (const [b, s] of Object.entries(summary)) {
    rows.push([
      b,
      f(s.create_ms),
      f(s.reopen_ms),
      f(s.insert_ms),
      f(s.select1_ms),
      f(s.reopen_after_crash_ms),
      s.durability_marker_present,
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log('\nmedian (min–max) over runs; insert/select1 = per-run median of ' + N + ' statements');
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(w[i])).join('  '));
}

// ---------- main ----------

/** write(8 KiB) + fsync on the disk that holds the profiles, to put durable-write costs in context. */
function fsyncLatency() {
  const dir = mkdtempSync(join(tmpdir(), 'pgl-fsync-'));
  try {
    const fd = openSync(join(dir, 'f'), 'w');
    const buf = Buffer.alloc(8192, 1);
    const times = [];
    for (let i = 0; i < 50; i++) {
      const t = now();
      writeSync(fd, buf, 0, buf.length, i * 8192);
      fsyncSync(fd);
      times.push(now() - t);
    }
    closeSync(fd);
    return r1(median(times));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function chromiumVersion() {
  try {
    return execFileSync(CHROME, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const tStart = now();
  const cacheDir = mkdtempSync(join(tmpdir(), 'pgl-storage-vite-'));
  const port = await freePort();
  // configFile: false so nothing is written next to vite.config.ts; the relevant settings are repeated here.
  const server = await createServer({
    configFile: false,
    root,
    cacheDir,
    logLevel: 'warn',
    clearScreen: false,
    optimizeDeps: { noDiscovery: true, include: [], exclude: ['@electric-sql/pglite'] },
    worker: { format: 'es' },
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null, fs: { strict: false } },
  });
  await server.listen();
  BASE_URL = `http://127.0.0.1:${port}`;
  const results = {
    meta: {
      date: new Date().toISOString(),
      nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
      chromium: chromiumVersion(),
      chrome_path: CHROME,
      flags: FLAGS,
      headless: true,
      pglite: JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version,
      playwright_core: JSON.parse(readFileSync(join(root, 'node_modules/playwright-core/package.json'), 'utf8'))
        .version,
      node: process.version,
      runs: RUNS,
      instrumented: INSTRUMENT,
      statements_per_series: N,
      backends: BACKENDS,
      tmpdir: tmpdir(),
      tmpdir_fs: (() => {
        try {
          return execFileSync('df', ['-T', tmpdir()], { encoding: 'utf8' }).trim().split('\n').pop().split(/\s+/)[1];
        } catch {
          return 'unknown';
        }
      })(),
      fsync_8k_ms: fsyncLatency(),
    },
    main: [],
    handover: [],
    concurrent: [],
  };
  const mdPath = join(dirname(OUT), 'RESULTS.md');
  const MARKER = '<!-- notes: hand-written below this line, kept across runs -->';
  const save = () => {
    results.summary = summarize(results);
    results.handover_summary = summarizeHandover(results);
    results.meta.total_s = r1((now() - tStart) / 1000);
    writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
    let notes = '';
    try {
      const old = readFileSync(mdPath, 'utf8');
      const at = old.indexOf(MARKER);
      if (at >= 0) notes = old.slice(at + MARKER.length);
    } catch {}
    writeFileSync(mdPath, markdown(results) + '\n' + MARKER + (notes || '\n'));
  };
  log(`vite on ${BASE_URL}; ${results.meta.chromium}; nproc ${results.meta.nproc}`);

  try {
    if (SCENARIOS.includes('main')) {
      for (let round = 1; round <= RUNS; round++) {
        for (const b of BACKENDS) {
          const t = now();
          const r = await mainRun(b, round);
          results.main.push(r);
          save();
          log(
            `main ${b} #${round}: create ${r.create_ms} reopen ${r.reopen_ms} insert ${r.insert_ms} select1 ${r.select1_ms} ` +
              `crash-reopen ${r.reopen_after_crash_ms} marker ${r.durability?.marker_present} (${r1((now() - t) / 1000)} s)`,
          );
        }
      }
    }

    if (SCENARIOS.includes('handover') || SCENARIOS.includes('concurrent')) {
      const profileDir = mkdtempSync(join(tmpdir(), 'pgl-storage-ho-'));
      const { context } = await launch(profileDir);
      try {
        if (SCENARIOS.includes('handover')) {
          for (const b of BACKENDS.filter((x) => ALL_BACKENDS[x].persistent)) {
            const opfs = !b.startsWith('idb');
            const runs = opfs ? HANDOVER_RUNS : 1;
            for (const mode of opfs ? ['immediate', 'probe'] : ['immediate']) {
              for (const variant of ['terminate-worker', 'close-page']) {
                for (let i = 1; i <= runs; i++) {
                  const t = now();
                  const r = await handoverRun(context, b, variant, mode, i);
                  results.handover.push(r);
                  save();
                  log(
                    `handover ${b}/${variant}/${mode} #${i}: lock ${JSON.stringify(r.lock_probe ?? null).slice(0, 260)} B ok ${r.b_ok} ` +
                      `first ${r.b_first_attempt_ok} attempts ${r.b_attempts} ms_to_success ${r.b_ms_to_success} rows ${r.rows?.seen}/${r.rows?.expected} ` +
                      `write ${r.b_write_ok} errors ${JSON.stringify(r.b_errors ?? {}).slice(0, 200)} (${r1((now() - t) / 1000)} s)`,
                  );
                }
              }
            }
          }
        }
        if (SCENARIOS.includes('concurrent')) {
          for (const b of BACKENDS.filter((x) => ALL_BACKENDS[x].persistent && x !== 'idb-relaxed')) {
            const r = await concurrentRun(context, b);
            results.concurrent.push(r);
            save();
            log(`concurrent ${b}: ${JSON.stringify(r)}`);
          }
        }
      } finally {
        await withTimeout(context.close(), 30_000, 'context close').catch(() => {});
        rmSync(profileDir, { recursive: true, force: true });
      }
    }
  } finally {
    save();
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
  printTable(results.summary);
  log(`total ${results.meta.total_s} s; wrote ${OUT}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
