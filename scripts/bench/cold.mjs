// First visits on a fresh profile: to the input and the list ready (unthrottled and at 10 Mbit/s),
// then single writes on each storage backend.
import { STATEMENTS, log, median, r1, withTimeout } from './config.mjs';
import { closeSettled, launch, openPage, startup } from './browser.mjs';
import { record, step } from './results.mjs';
import { THROTTLED, throttleNetwork } from './workers.mjs';

/** A first visit over a slow network (fresh profile: nothing cached), counting every download. */
export async function throttledColdRun(impl, run) {
  const browser = await launch();
  try {
    const page = await openPage(
      browser.context,
      impl,
      { db: `cold-throttled-${run}`, list: 'bench' },
      { reuse: true, beforeGoto: (p) => throttleNetwork(p, THROTTLED.conditions) },
    );
    const s = await startup(page);
    record(`cold_start_ms[${THROTTLED.label}]`, impl, s.ready_ms, await page.evaluate(() => window.bench.phases()));
    log(`  ${impl} cold #${run} at ${THROTTLED.label}: input ${s.input_ready_ms} ms, ready ${s.ready_ms} ms`);
    await closeSettled(page);
  } finally {
    await browser.close();
  }
}

/** Fresh profile: navigation to the input accepting text, to the list ready; then writes per backend. */
export async function coldRun(impl, run) {
  const browser = await launch();
  try {
    const page = await openPage(browser.context, impl, { db: `cold-${run}`, list: 'bench' }, { reuse: true });
    const s = await step('cold start', ['cold_start_ms', 'input_ready_ms'], impl, () => startup(page));
    if (!s) return;
    record('cold_start_ms', impl, s.ready_ms, await page.evaluate(() => window.bench.phases()));
    record('input_ready_ms', impl, s.input_ready_ms);
    log(
      `  ${impl} cold #${run}: input ${s.input_ready_ms} ms, ready ${s.ready_ms} ms ${JSON.stringify(await page.evaluate(() => window.bench.phases()))}`,
    );
    const backends = impl === 'dexie' ? [['idb', page]] : [['opfs', page], ['idb'], ['memory']];
    for (const [backend, existing] of backends) {
      const ids = [`write_insert_ms[${backend}]`, `write_select1_ms[${backend}]`];
      await step(`writes on ${backend}`, ids, impl, async () => {
        let p = existing;
        if (!p) {
          p = await openPage(browser.context, impl, { db: `cold-${run}-${backend}`, list: 'bench', storage: backend });
          const started = await startup(p);
          record(`cold_start_ms[${backend}]`, impl, started.ready_ms);
        }
        const n = backend === 'idb' ? 5 : STATEMENTS;
        const w = await withTimeout(
          p.evaluate((count) => window.bench.statements(count), n),
          120_000,
          'statements',
        );
        record(ids[0], impl, median(w.insert));
        record(ids[1], impl, median(w.select1));
        log(`  ${impl} ${backend}: insert ${r1(median(w.insert))} ms, select 1 ${r1(median(w.select1))} ms`);
        if (!existing) await p.close();
      });
    }
  } finally {
    await browser.close();
  }
}
