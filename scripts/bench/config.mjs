// The bench's settings (from the environment: see the list at the top of scripts/bench.mjs) and
// the small helpers every part of it uses.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const env = process.env;
export const RUNS = Math.max(1, Number(env.BENCH_RUNS ?? 5));
export const SIZES = (env.BENCH_SIZES ?? '100,10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter(Boolean);
export const IMPLS = (env.BENCH_IMPLS ?? 'widget,baseline,dexie').split(',').map((s) => s.trim());
export const SCENARIOS = (env.BENCH_SCENARIOS ?? 'cold,sizes,tail').split(',').map((s) => s.trim());
export const SMOKE = env.BENCH_SMOKE === '1';
export const OUT = resolve(root, env.BENCH_OUT ?? 'bench/results/latest.json');
/** warm start, follower join, toggles are "at 10,000": that size, or the largest one run below it (smoke). */
export const MID = env.BENCH_MID
  ? Number(env.BENCH_MID)
  : SIZES.includes(10000)
    ? 10000
    : Math.max(...SIZES.filter((n) => n <= 10000), Math.min(...SIZES));
/** Warm start (warm_*_ms): at MID, and at 100,000 when that size runs (issue 16 asks for both). */
export const WARM_SIZES = new Set([MID, ...SIZES.filter((n) => n === 100000)]);
export const STATEMENTS = 10; // INSERT + SELECT 1 pairs per write run (5 on idb: ~0.1–1.3 s each)
export const IDLE_MS = 300; // between measured operations, so one's tail (sync, other tab) does not bleed into the next
/** Goal 5: toggle-alls at the largest size before its figures are taken again (0 = skip). */
export const DECAY = Number(env.BENCH_DECAY ?? 20);
export const DECAY_IDLE_MS = 5000;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
export const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
export const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timeout: ${what} (${ms / 1000} s)`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
