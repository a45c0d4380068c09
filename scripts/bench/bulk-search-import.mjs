// Work on many todos at once: 1,000 added in one bulk call, search as the user types, an import of
// 10,000 from JSON.
import { IDLE_MS, RUNS, SIZES, log, sleep, withTimeout } from './config.mjs';
import { record, step } from './results.mjs';

export async function bulkSearchImport({ impl, size, at, A }) {
  // 1,000 todos in one bulk call, to a new list shown in A, until all are rendered.
  if (size === Math.min(...SIZES) && size <= 10000) {
    for (let run = 1; run <= RUNS; run++) {
      await step('bulk add', ['bulk_add_1000_ms'], impl, async () => {
        const r = await withTimeout(
          A.evaluate((l) => window.bench.bulkAdd(l, 1000), `bulk-${run}`),
          320_000,
          'bulk add',
        );
        record('bulk_add_1000_ms', impl, r.ms, { committed_ms: r.committed_ms });
        log(`  ${impl} bulk 1000 #${run}: ${r.ms} ms on screen (committed after ${r.committed_ms} ms)`);
        await sleep(IDLE_MS);
      });
    }
  }

  // Search (widget only, issue 19 §1): "todo 1" typed, then the keystroke "2" -> the ranked
  // matches of "todo 12" on screen (the todos numbered 12, 120-129, 1200-1299, ...).
  if (impl === 'widget') {
    const matches = Array.from({ length: size }, (_, i) => String(i)).filter((n) => n.startsWith('12')).length;
    const countText = matches === 1 ? '1 match' : `${matches.toLocaleString('en')} matches`;
    await A.bringToFront();
    for (let run = 0; run <= RUNS; run++) {
      await step('search', [at('search_ms')], impl, async () => {
        await withTimeout(
          A.evaluate(([c, t]) => window.benchSearch.prepare('todo 1', c, t), [countText, 'todo 12']),
          150_000,
          'search prepared',
        );
        await A.keyboard.press('2');
        const r = await withTimeout(
          A.evaluate(() => window.benchSearch.result()),
          150_000,
          'search result',
        );
        if (run > 0) record(at('search_ms'), impl, r.ms, { dom: r.dom });
        log(
          `  ${impl} search @${size}${run ? ` #${run}` : ' (warm-up)'}: ${r.ms} ms to the frame (DOM ${r.dom} ms), ${countText}`,
        );
        await withTimeout(
          A.evaluate(() => window.benchSearch.clear()),
          150_000,
          'search cleared',
        );
        await sleep(IDLE_MS);
      });
    }
  }

  // Import (widget only, issue 19 §4): 10,000 todos from JSON text to committed, in a new list.
  // After search: its writes (and the refreshes and syncs they cause) must not slow the searches.
  if (impl === 'widget' && size === Math.min(...SIZES)) {
    for (let run = 1; run <= RUNS; run++) {
      await step('import', ['import_10000_ms'], impl, async () => {
        const r = await withTimeout(
          A.evaluate((l) => window.benchImport(l, 10000), `import-${run}`),
          320_000,
          'import',
        );
        if (r.added !== 10000) throw new Error(`import added ${r.added} todos, not 10000`);
        record('import_10000_ms', impl, r.ms);
        log(`  ${impl} import 10000 #${run}: ${r.ms} ms to committed`);
        await sleep(IDLE_MS);
      });
    }
  }
}
