// Starts on a stored database: a new tab alone on it (warm start), and a third tab joining while
// the leader is warm (follower join).
import { IDLE_MS, RUNS, log, sleep } from './config.mjs';
import { closeSettled, openPage, server, startup } from './browser.mjs';
import { na, record, step } from './results.mjs';

/**
 * Warm start: a new tab on the stored database, nothing else open, to the first rows on screen
 * (warm_start_ms, and warm_first_rows_ms: the same, checked to be the real rows) and to the
 * live rows (warm_live_ms). One visit first, not counted, as a user's previous one: the seed
 * went through the API with no list shown, and the widget paints a warm start from what its
 * leader last showed (the window snapshot).
 */
export async function warmStart({ impl, size, context, query, at }) {
  const warmIds = ['warm_start_ms', 'warm_first_rows_ms', 'warm_live_ms'].map(at);
  await step('warm start (first visit, not counted)', warmIds, impl, async () => {
    const page = await openPage(context, impl, query);
    await startup(page);
    await sleep(1000);
    await closeSettled(page);
    await sleep(500);
  });
  for (let run = 1; run <= RUNS; run++) {
    await step('warm start', warmIds, impl, async () => {
      const page = await openPage(context, impl, query);
      const s = await startup(page);
      const extra = { ...s, phases: await page.evaluate(() => window.bench.phases()) };
      record(at('warm_start_ms'), impl, s.first_row_ms ?? s.ready_ms, extra);
      record(at('warm_live_ms'), impl, s.ready_ms);
      // Real rows: the first rows drawn are those the live list shows (the bench writes nothing meanwhile).
      const real = s.first_titles !== undefined && JSON.stringify(s.first_titles) === JSON.stringify(s.ready_titles);
      if (real)
        record(at('warm_first_rows_ms'), impl, s.first_row_ms, {
          ready_ms: s.ready_ms,
          rows: s.rows_at_first_row,
          before_live: s.first_row_ms < s.ready_ms,
        });
      else
        na(
          at('warm_first_rows_ms'),
          impl,
          `the first rows drawn ${JSON.stringify(s.first_titles)} are not the live rows ${JSON.stringify(s.ready_titles)}`,
        );
      log(
        `  ${impl} warm @${size} #${run}: first rows ${s.first_row_ms} ms (${s.rows_at_first_row} rows${real ? '' : ', NOT the live rows'}), live ${s.ready_ms} ms`,
      );
      await closeSettled(page);
      await sleep(500);
    });
  }
}

/** Follower join: a third tab opens while the leader is warm, to its rows on screen. */
export async function followerJoin({ impl, context, query, at }) {
  for (let run = 1; run <= RUNS; run++) {
    await step('follower join', [at('follower_join_ms')], impl, async () => {
      const before = server.requests.length;
      const page = await openPage(context, impl, query);
      const s = await startup(page);
      const phases = await page.evaluate(() => window.bench.phases());
      const wasm = server.requests.slice(before).filter((path) => /\.(wasm|data)$/.test(path));
      record(at('follower_join_ms'), impl, s.first_row_ms ?? s.ready_ms, { ...s, phases });
      if (impl !== 'dexie') record('follower_wasm_requests', impl, wasm.length);
      log(
        `  ${impl} follower #${run}: first rows ${s.first_row_ms} ms, leader=${phases.leader}, wasm/data requests ${wasm.length}`,
      );
      await closeSettled(page);
      await sleep(IDLE_MS);
    });
  }
}
