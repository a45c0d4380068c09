#!/usr/bin/env node
/**
 * `npm run bench`: the widget against bare PGlite (the floor) and Dexie (the peer), in real
 * headless Chromium, persistent on-disk profiles, production builds. See bench/README.md.
 *
 * Env (defaults in brackets):
 *   BENCH_RUNS [5]                 runs per figure (medians, min, max)
 *   BENCH_SIZES [100,10000,100000] todos in the list for the add/toggle/memory figures
 *   BENCH_IMPLS [widget,baseline,dexie]
 *   BENCH_SCENARIOS [cold,sizes,tail]   cold: input_ready/cold_start/write; sizes: everything at N todos;
 *                                  tail: p50/p95/p99 and long tasks at N todos (scripts/bench/tail.mjs, its own env)
 *   BENCH_MID [10000]              size for warm start, follower join, toggles (0 = skip them); warm start also runs at 100000 when it is in BENCH_SIZES
 *   BENCH_DECAY [20]               toggle-alls at the largest size, then its add/window figures again (0 = skip; not Dexie)
 *   BENCH_SKIP_BUILD [0]           1 = use the dist/ and bench/.build/ already there
 *   BENCH_SMOKE [0]                1 = exit 1 unless every expected figure was produced (CI)
 *   BENCH_OUT [bench/results/latest.json]
 *   CHROME_PATH [/usr/bin/chromium]
 */
// The parts, one concern each, are in scripts/bench/: config (settings, helpers), build (builds,
// sizes, run metadata), browser (server, launches, pages), workers (CDP into workers, the slow
// network), results (figures), cold (first visits), size-run (everything at N todos: warm,
// adds, toggles, memory, bulk-search-import), compare (widget / bare PGlite / Dexie),
// targets, report (printing, the smoke check).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { IMPLS, OUT, RUNS, SCENARIOS, SIZES, SMOKE, log, root, sleep, withTimeout } from './bench/config.mjs';
import { buildAll, buildSizes, runMeta } from './bench/build.mjs';
import { closeSettled, consoleProblems, launch, openPage, startServer, startup } from './bench/browser.mjs';
import { THROTTLED } from './bench/workers.mjs';
import { na, record, step, summarize } from './bench/results.mjs';
import { coldRun, throttledColdRun } from './bench/cold.mjs';
import { sizeRun } from './bench/size-run.mjs';
import { ratios } from './bench/compare.mjs';
import { targets } from './bench/targets.mjs';
import { missingFigures, printTable, printTargets } from './bench/report.mjs';
import { createTail } from './bench/tail.mjs';

async function main() {
  const started = Date.now();
  await buildAll();
  const sizes = buildSizes();
  const server = await startServer();
  const meta = runMeta();
  log(
    `serving ${root} at ${server.origin}; ${meta.chromium}; nproc ${meta.nproc}; runs ${RUNS}; sizes ${SIZES.join(', ')}`,
  );
  const save = () => {
    const summary = summarize();
    const ratioTable = ratios(summary);
    const result = {
      meta: { ...meta, total_s: Math.round((Date.now() - started) / 1000) },
      sizes,
      figures: summary,
      ratios: ratioTable,
      targets: targets(summary, sizes),
      console_errors: consoleProblems.slice(0, 50),
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
    return result;
  };

  try {
    if (SCENARIOS.includes('cold')) {
      for (let run = 1; run <= RUNS; run++) {
        for (const impl of IMPLS) {
          log(`cold #${run} ${impl}`);
          await step('cold run', ['cold_start_ms', 'input_ready_ms'], impl, () =>
            withTimeout(coldRun(impl, run), 600_000, 'cold run'),
          );
          await step('throttled cold run', [`cold_start_ms[${THROTTLED.label}]`], impl, () =>
            withTimeout(throttledColdRun(impl, run), 600_000, 'throttled cold run'),
          );
          save();
        }
      }
    }
    if (SCENARIOS.includes('sizes')) {
      for (const size of SIZES) {
        for (const impl of IMPLS) {
          log(`size ${size} ${impl}`);
          await step(`size ${size}`, [`add_to_screen_ms@${size}`], impl, () => sizeRun(impl, size));
          save();
        }
      }
    }
    if (SCENARIOS.includes('tail')) {
      const { tailRun } = createTail({
        launch,
        openPage,
        startup,
        closeSettled,
        step,
        record,
        na,
        log,
        withTimeout,
        sleep,
      });
      for (const size of SIZES) {
        for (const impl of IMPLS) {
          log(`tail ${size} ${impl}`);
          await step(`tail ${size}`, [`add_to_screen_ms_p99@${size}`], impl, () => tailRun(impl, size));
          save();
        }
      }
    }
  } finally {
    await server.close();
  }
  const result = save();
  printTable(result.figures, result.ratios, sizes, result.meta);
  printTargets(result.targets);
  log(`wrote ${OUT} in ${result.meta.total_s} s`);

  if (SMOKE) {
    const missing = missingFigures(result, sizes);
    if (missing.length) {
      console.error(`\nbench smoke FAILED: ${missing.length} figure(s) not produced:\n  ${missing.join('\n  ')}`);
      process.exit(1);
    }
    console.log('\nbench smoke: every figure was produced');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
