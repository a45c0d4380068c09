// Everything at `size` todos in one list: seeded through each implementation's bulk API, then
// the figures of each group (warm.mjs, adds.mjs, toggles.mjs, memory.mjs, bulk-search-import.mjs)
// in one profile, with a leader tab A and a follower tab B.
import { DECAY, MID, SIZES, WARM_SIZES, log, r1, sleep, withTimeout } from './config.mjs';
import { closeSettled, launch, openPage, startup } from './browser.mjs';
import { step } from './results.mjs';
import { warmStart, followerJoin } from './warm.mjs';
import { decay, measureAdds } from './adds.mjs';
import { toggles } from './toggles.mjs';
import { memory } from './memory.mjs';
import { bulkSearchImport } from './bulk-search-import.mjs';

/** Everything at `size` todos in the list, for one implementation, in one profile. */
export async function sizeRun(impl, size) {
  const browser = await launch();
  const { context } = browser;
  const db = `size-${size}`;
  const query = { db, list: 'bench' };
  const at = (id) => `${id}@${size}`;
  const addIds = ['add_to_screen_ms', 'add_ack_ms', 'add_to_other_tab_ms'].map(at);
  try {
    // Seed through each implementation's public bulk API, in batches (one statement/transaction each).
    const seedPage = await openPage(context, impl, { ...query, seed: '' }, { reuse: true });
    const seeded = await step(
      'seed',
      [...addIds, at('warm_start_ms'), at('warm_first_rows_ms'), at('warm_live_ms'), at('follower_join_ms')],
      impl,
      async () => {
        await startup(seedPage);
        const batch = size >= 100000 ? 5000 : 1000;
        const ms = await withTimeout(
          seedPage.evaluate(([n, b]) => window.bench.seed('bench', n, b), [size, batch]),
          1_800_000,
          'seeding',
        );
        log(`  ${impl} @${size}: seeded in ${r1(ms / 1000)} s`);
        return true;
      },
    );
    await closeSettled(seedPage);
    if (!seeded) return;
    await sleep(500);

    if (WARM_SIZES.has(size)) await warmStart({ impl, size, context, query, at });

    // The leader tab A and a follower tab B.
    const A = await step('open leader tab', addIds, impl, async () => {
      const page = await openPage(context, impl, query);
      const s = await startup(page);
      log(`  ${impl} @${size}: leader tab ready in ${s.ready_ms} ms with ${s.rows_at_ready} rows`);
      return page;
    });
    if (!A) return;
    const B = await step('open follower tab', addIds, impl, async () => {
      const page = await openPage(context, impl, query);
      await startup(page);
      await page.waitForFunction((n) => window.bench.rowCount() >= n, size, { timeout: 300_000 });
      return page;
    });
    if (!B) return;
    const tabs = { impl, size, context, query, at, addIds, A, B };

    if (size === MID) await followerJoin(tabs);

    // A in front, as a user typing sees it: hidden tabs get no animation frames (add_to_frame_ms).
    await A.bringToFront();
    await measureAdds(tabs);
    if (DECAY > 0 && size === Math.max(...SIZES) && impl !== 'dexie') await decay(tabs);
    if (size === MID) await toggles(tabs);
    await memory(tabs);
    await bulkSearchImport(tabs);
  } finally {
    await browser.close();
  }
}
