// Adds in one tab seen in the other, the far jump in a long list, and goal 5: the same figures
// again after many toggle-alls (no slow decay).
import { DECAY, DECAY_IDLE_MS, IDLE_MS, RUNS, log, r1, sleep, withTimeout } from './config.mjs';
import { record, step } from './results.mjs';
import { workerEval } from './workers.mjs';

/**
 * One add, timed: Enter in A → the row in A's DOM (`screen`, `frame`), acknowledged in A (`ack`),
 * and in B's DOM (`other`, on the epoch clock of one browser). Also the tail's sample (tail.mjs).
 */
export async function timedAdd(A, B, title) {
  await B.evaluate((t) => window.bench.watchRemote(t), title);
  await A.evaluate((t) => window.bench.prepareAdd(t), title);
  await A.keyboard.press('Enter');
  const r = await withTimeout(
    A.evaluate(() => window.bench.addResult()),
    150_000,
    'add result',
  );
  const seenInB = await withTimeout(
    B.evaluate(() => window.bench.remoteResult()),
    150_000,
    'row in the other tab',
  );
  return { ...r, other: seenInB - r.enterAbs };
}

/**
 * Adds: Enter in A; the row in A's DOM, acknowledged in A, in B's DOM. One warm-up add first.
 * Then the far jump: the top of the list drawn, then a scroll to its end, to the last row drawn.
 * The figures go under `suffix` (after the toggle-alls of the decay check).
 */
export async function measureAdds({ impl, size, at, addIds, A, B }, suffix = '') {
  for (let run = 0; run <= RUNS; run++) {
    await step(
      'add',
      addIds.map((id) => id + suffix),
      impl,
      async () => {
        const title = `added ${impl} ${size} ${run}${suffix}`;
        const r = await timedAdd(A, B, title);
        const { other } = r;
        if (run > 0) {
          record(at('add_to_screen_ms') + suffix, impl, r.screen);
          record(at('add_to_frame_ms') + suffix, impl, r.frame);
          record(at('add_ack_ms') + suffix, impl, r.ack);
          record(at('add_to_other_tab_ms') + suffix, impl, other);
        }
        log(
          `  ${impl} add @${size}${suffix}${run ? ` #${run}` : ' (warm-up)'}: screen ${r.screen} ms (frame ${r.frame}), ack ${r.ack} ms, other tab ${r1(other)} ms, rows ${r.rows}`,
        );
        await sleep(IDLE_MS);
      },
    );
  }
  // Far jump: the top of the list drawn, then a scroll to its end, to the last row drawn.
  for (let run = 1; run <= RUNS; run++) {
    await step('window move', [at('window_move_ms') + suffix], impl, async () => {
      const r = await withTimeout(
        A.evaluate(() => window.bench.windowMove()),
        150_000,
        'window move',
      );
      record(at('window_move_ms') + suffix, impl, r.ms);
      log(`  ${impl} window move @${size}${suffix} #${run}: ${r.ms} ms (${r.rows} rows drawn)`);
      await sleep(IDLE_MS);
    });
  }
}

/**
 * Goal 5 (no slow decay): DECAY toggle-alls at the largest size, then the same figures again.
 * Not for Dexie: its toggle-all writes row by row (25 s at 10,000), so 20 at 100,000 would take hours.
 */
export async function decay(tabs) {
  const { impl, size, at, A } = tabs;
  const suffix = `_after${DECAY}toggles`;
  const toggled = await step('toggle-alls', [at('window_move_ms') + suffix], impl, async () => {
    const started = Date.now();
    for (let i = 1; i <= DECAY; i++) {
      const r = await withTimeout(
        A.evaluate(() => window.bench.toggleAll()),
        600_000,
        'toggle all',
      );
      log(`  ${impl} toggle all @${size} ${i}/${DECAY}: ${r.ms} ms`);
      await sleep(IDLE_MS);
    }
    return Date.now() - started;
  });
  if (toggled !== undefined) {
    // Idle time, as a user reading the list would leave: the widget's leader cleans up then.
    await sleep(DECAY_IDLE_MS);
    const health = await A.evaluate(() => window.bench.tableHealth()).catch(() => null);
    if (health) {
      record(at('todos_dead_rows') + suffix, impl, health.dead_rows);
      record(at('todos_table_mb') + suffix, impl, health.table_mb);
      log(
        `  ${impl} after ${DECAY} toggle-alls (${r1(toggled / 1000)} s) and ${DECAY_IDLE_MS / 1000} s idle: ${health.dead_rows} dead rows, todos ${r1(health.table_mb)} MB`,
      );
    }
    if (impl === 'widget') {
      const runs = await workerEval(A, 'globalThis.todoWidgetDiagnostics?.vacuumRuns?.() ?? null').catch(() => null);
      const all = (runs ?? []).filter(Boolean).flat();
      if (all.length) {
        record(at('vacuum_piece_max_ms') + suffix, impl, Math.max(...all.map((run) => run.ms)), { runs: all });
        log(`  ${impl} vacuum policy ran: ${all.map((run) => `${run.statement} ${run.ms} ms`).join(', ')}`);
      }
    }
    await measureAdds(tabs, suffix);
  }
}
