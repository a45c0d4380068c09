// Toggles at the middle size: one row, the manual order moved in one tab and seen in the other
// (the widget only), and toggle all.
import { IDLE_MS, RUNS, log, r1, sleep, withTimeout } from './config.mjs';
import { record, step } from './results.mjs';

/** One move, timed: Alt+ArrowUp in A until B shows that todo first (the widget only). Also tail.mjs's. */
export async function timedMove(A, B) {
  const title = await A.evaluate(() => window.benchMove.prepare());
  await B.evaluate((t) => window.benchMove.watchFirst(t), title);
  await A.keyboard.press('Alt+ArrowUp');
  const seen = await withTimeout(
    B.evaluate(() => window.benchMove.seen),
    150_000,
    'move in the other tab',
  );
  return seen - (await A.evaluate(() => window.benchMove.pressedAt));
}

export async function toggles({ impl, size, at, A, B }) {
  for (let run = 1; run <= RUNS; run++) {
    await step('toggle', [at('toggle_to_screen_ms')], impl, async () => {
      const r = await withTimeout(
        A.evaluate((i) => window.bench.toggle(i), Math.floor(size / 2)),
        150_000,
        'toggle',
      );
      record(at('toggle_to_screen_ms'), impl, r.ms);
      log(`  ${impl} toggle @${size} #${run}: ${r.ms} ms`);
      await sleep(IDLE_MS);
    });
  }
  // Manual order (issue 19), the widget only: Alt+ArrowUp on the second row's "Move" handle in
  // A, until B shows that todo first. Key press and sight both on the epoch clock of one browser.
  if (impl === 'widget') {
    for (let run = 1; run <= RUNS; run++) {
      await step('move', [at('move_to_other_tab_ms')], impl, async () => {
        const ms = await timedMove(A, B);
        record(at('move_to_other_tab_ms'), impl, ms);
        log(`  ${impl} move @${size} #${run}: other tab ${r1(ms)} ms`);
        await sleep(IDLE_MS);
      });
    }
  }
  for (let run = 1; run <= RUNS; run++) {
    await step('toggle all', [at('toggle_all_ms')], impl, async () => {
      const r = await withTimeout(
        A.evaluate(() => window.bench.toggleAll()),
        320_000,
        'toggle all',
      );
      record(at('toggle_all_ms'), impl, r.ms, { to: r.to, rows: r.rows, settled: r.settled });
      log(`  ${impl} toggle all @${size} #${run}: ${r.ms} ms (to ${r.to}, ${r.rows} rows)`);
      await sleep(IDLE_MS * 2);
    });
  }
}
