/**
 * The tail (issue 27): p50 / p95 / p99 over many samples, where `npm run bench`'s other figures
 * are medians of a few. BENCH_SCENARIOS `tail`, at every size of BENCH_SIZES, each implementation
 * in one fresh profile: seeded like the size runs, then
 *
 * - warm starts: the longest main-thread task (and how many over 50 ms) from navigation to the
 *   list shown;
 * - add → on screen / saved / other tab (Enter in tab A, a follower tab B watching), quiet and
 *   "while busy" (widget): toggle-alls in a third tab C and the vacuum policy after them, an
 *   import of 10,000 todos in C, a search typed in a fourth tab D;
 * - toggle → saved (a trusted click on a checkbox → `todo-toggle`), rename → saved (Enter in
 *   the edit field → `todo-rename`), move → other tab (Alt+ArrowUp in A → first in B);
 * - interaction → next paint (Event Timing, `durationThreshold` 16: what it reports is the
 *   interaction's input delay + handlers + the frame after) for typing in the new-todo field,
 *   typing a search, Enter (the adds') and clicking a checkbox, and the long tasks meanwhile.
 *   Event Timing reports nothing under 16 ms: an interaction it did not report counts as 16.
 *
 * Env: BENCH_TAIL_SAMPLES [200] per figure and condition (the widget's); BENCH_TAIL_PEER_SAMPLES
 * [= BENCH_TAIL_SAMPLES] for bare PGlite and Dexie (their adds take seconds at 100,000);
 * BENCH_TAIL_BUSY [upkeep,import,search]; BENCH_TAIL_GAP_MS [0,400]: the pause between samples,
 * at random in that range (a write arriving after 250 ms of quiet is the one that meets a vacuum).
 */
import { timedAdd } from './adds.mjs';
import { timedMove } from './toggles.mjs';
import {
  armRename,
  armToggle,
  focusNewTodo,
  focusSearch,
  importReplacing,
  pageNow,
  renameResult,
  setSearch,
  tailInit,
  tailSince,
  toggleResult,
} from './tail-page.mjs';

const env = process.env;
const SAMPLES = Math.max(1, Number(env.BENCH_TAIL_SAMPLES ?? 200));
const PEER_SAMPLES = Math.max(1, Number(env.BENCH_TAIL_PEER_SAMPLES ?? SAMPLES));
const BUSY = (env.BENCH_TAIL_BUSY ?? 'upkeep,import,search')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const [GAP_MIN, GAP_MAX] = (env.BENCH_TAIL_GAP_MS ?? '0,400').split(',').map(Number);
const WARM_RUNS = 3;
/** Event Timing's floor: an interaction it did not report took less than this. */
const EVENT_FLOOR_MS = 16;

/** The q-th quantile, nearest rank (p99 of 200 samples is the second largest). */
export function quantile(values, q) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const gap = () => GAP_MIN + Math.random() * (GAP_MAX - GAP_MIN);

/**
 * @param bench what bench.mjs shares: launch, openPage, startup, closeSettled, step, record, na,
 *   log, withTimeout, sleep
 */
export function createTail(bench) {
  const { launch, openPage, startup, closeSettled, step, record, na, log, withTimeout, sleep } = bench;

  /** Records p50/p95/p99 of `samples` as `<figure>_p50@N<cond>` …, and logs them. */
  function recordTail(figure, size, cond, impl, samples) {
    const id = (q) => `${figure}_${q}@${size}${cond ? `[${cond}]` : ''}`;
    if (!samples.length) {
      for (const q of ['p50', 'p95', 'p99']) na(id(q), impl, 'no samples');
      return;
    }
    const p = { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99) };
    record(id('p50'), impl, p.p50, { n: samples.length, max: Math.max(...samples), samples: samples.map(r1) });
    record(id('p95'), impl, p.p95);
    record(id('p99'), impl, p.p99);
    log(
      `  ${impl} ${figure}@${size}${cond ? ` [${cond}]` : ''}: p50 ${r1(p.p50)}, p95 ${r1(p.p95)}, p99 ${r1(p.p99)}, max ${r1(Math.max(...samples))} ms (n ${samples.length})`,
    );
  }

  /** Interactions (Event Timing) and long tasks of a phase that began at `since` on `page`'s clock. */
  async function recordInteractions(page, since, count, what, size, impl) {
    const seen = await page.evaluate(tailSince, since);
    if (!seen.supported.event) na(`inp_${what}_p99@${size}`, impl, 'no Event Timing in this browser');
    else {
      // One value per interaction made: those Event Timing left out took under its 16 ms floor.
      const values = [...seen.interactions].sort((a, b) => b - a).slice(0, count);
      while (values.length < count) values.push(EVENT_FLOOR_MS);
      recordTail(`inp_${what}`, size, '', impl, values);
    }
    if (seen.supported.longtask) {
      record(`longest_task_ms@${size}[${what}]`, impl, seen.longtasks.length ? Math.max(...seen.longtasks) : 0, {
        long_tasks: seen.longtasks.map(r1),
      });
    }
  }

  /** One add: Enter in A → on screen, saved (A), in B. */
  async function oneAdd(A, B, title) {
    const r = await timedAdd(A, B, title);
    return { screen: r.screen, saved: r.ack, other: r.other };
  }

  async function addSamples(A, B, impl, size, cond, n) {
    const out = { screen: [], saved: [], other: [] };
    await A.bringToFront();
    for (let i = 0; i < n; i++) {
      const r = await oneAdd(A, B, `tail ${impl} ${size} ${cond || 'quiet'} ${i}`);
      out.screen.push(r.screen);
      out.saved.push(r.saved);
      out.other.push(r.other);
      await sleep(gap());
    }
    recordTail('add_to_screen_ms', size, cond, impl, out.screen);
    recordTail('add_ack_ms', size, cond, impl, out.saved);
    recordTail('add_to_other_tab_ms', size, cond, impl, out.other);
  }

  /** Keeps a busy tab busy until `stop()`; what it does depends on `kind`. */
  function busyLoop(page, kind) {
    let running = true;
    let rounds = 0;
    const loop = (async () => {
      let flip = true;
      const words = [
        't',
        'to',
        'tod',
        'todo',
        'todo ',
        'todo 1',
        'todo 12',
        'todo 123',
        'todo 12',
        'todo 1',
        'todo',
        '',
      ];
      while (running) {
        if (kind === 'upkeep') {
          // Mark all, then the quiet the vacuum policy waits for; the adds in A break it up at random.
          await page.evaluate((f) => window.todoWidget.getTodoRepository().toggleAll('bench', f), flip);
          flip = !flip;
          await sleep(1000 + Math.random() * 1000);
        } else if (kind === 'import') {
          // Three lists replaced in turn: each import deletes 10,000 todos and adds 10,000, so the
          // database stays the size it was seeded to however long the adds take.
          const added = await page.evaluate(importReplacing, `tail-import-${rounds % 3}`);
          if (added !== 10000) throw new Error(`import added ${added}`);
          await sleep(200);
        } else if (kind === 'search') {
          await page.evaluate(setSearch, words[rounds % words.length]);
          await sleep(120);
        }
        rounds++;
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return rounds;
      },
    };
  }

  async function tailRun(impl, size) {
    const browser = await launch();
    const { context } = browser;
    await context.addInitScript(tailInit);
    const query = { db: `tail-${size}`, list: 'bench' };
    const widget = impl === 'widget';
    const n = widget ? SAMPLES : PEER_SAMPLES;
    try {
      const seedPage = await openPage(context, impl, { ...query, seed: '' }, { reuse: true });
      const seeded = await step('tail seed', [`add_to_screen_ms_p99@${size}`], impl, async () => {
        await startup(seedPage);
        const batch = size >= 100000 ? 5000 : 1000;
        await withTimeout(
          seedPage.evaluate(([k, b]) => window.bench.seed('bench', k, b), [size, batch]),
          1_800_000,
          'seeding',
        );
        return true;
      });
      await closeSettled(seedPage);
      if (!seeded) return;

      // Warm starts: one visit not counted (it leaves the window snapshot), then the long tasks.
      for (let run = 0; run <= WARM_RUNS; run++) {
        await step('tail warm start', [`warm_longest_task_ms@${size}`], impl, async () => {
          const page = await openPage(context, impl, query);
          const s = await startup(page);
          const seen = await page.evaluate(tailSince, 0);
          if (run > 0 && seen.supported.longtask) {
            const before = seen.longtasks; // the whole start: the page measures nothing else meanwhile
            record(`warm_longest_task_ms@${size}`, impl, before.length ? Math.max(...before) : 0, {
              long_tasks: before.map(r1),
              ready_ms: s.ready_ms,
            });
            record(`warm_long_tasks@${size}`, impl, before.length);
            log(
              `  ${impl} warm start @${size} #${run}: long tasks ${JSON.stringify(before.map(r1))} ms before ready at ${s.ready_ms} ms`,
            );
          }
          await closeSettled(page);
          await sleep(300);
        });
      }

      const A = await openPage(context, impl, query);
      await startup(A);
      const B = await openPage(context, impl, query);
      await startup(B);
      await B.waitForFunction((k) => window.bench.rowCount() >= k, size, { timeout: 300_000 });
      await A.bringToFront();

      // Quiet adds; Enter's interaction → next paint comes from their key presses.
      await step('tail adds', [`add_to_screen_ms_p99@${size}`], impl, async () => {
        const since = await A.evaluate(pageNow);
        await addSamples(A, B, impl, size, '', n);
        await recordInteractions(A, since, n, 'enter', size, impl);
      });

      // Typing in the new-todo field (trusted keys), n keystrokes in words of 20.
      await step('tail typing', [`inp_type_new_todo_p99@${size}`], impl, async () => {
        await A.evaluate(focusNewTodo);
        const since = await A.evaluate(pageNow);
        for (let typed = 0; typed < n; typed += 20) {
          await A.keyboard.type('typing a todo title.'.slice(0, Math.min(20, n - typed)), { delay: 40 });
          await A.evaluate(focusNewTodo);
        }
        await recordInteractions(A, since, n, 'type_new_todo', size, impl);
      });

      // Checkbox clicks (trusted): toggle → saved, and the click's interaction → next paint.
      await step('tail toggles', [`toggle_ack_ms_p99@${size}`], impl, async () => {
        const since = await A.evaluate(pageNow);
        const saved = [];
        for (let i = 0; i < n; i++) {
          const { x, y } = await A.evaluate(armToggle, i % 5);
          await A.mouse.click(x, y);
          const r = await withTimeout(A.evaluate(toggleResult, 60_000), 90_000, 'toggle saved');
          if (r.saved != null) saved.push(r.saved);
          await sleep(gap());
        }
        if (widget) recordTail('toggle_ack_ms', size, '', impl, saved);
        await recordInteractions(A, since, n, 'click_checkbox', size, impl);
      });

      if (widget) {
        // Before the renames: after them the top of the list was not drawn again (smoke, 100 todos).
        await step('tail moves', [`move_to_other_tab_ms_p99@${size}`], impl, async () => {
          const other = [];
          for (let i = 0; i < n; i++) {
            other.push(await timedMove(A, B));
            await sleep(gap());
          }
          recordTail('move_to_other_tab_ms', size, '', impl, other);
        });
      }
      // Renames, search and the busy tabs need the widget's elements and repository: the bare PGlite
      // and Dexie pages have neither (their quiet adds, typing and checkbox clicks are above).
      if (widget) {
        await step('tail renames', [`rename_ack_ms_p99@${size}`], impl, async () => {
          const saved = [];
          for (let i = 0; i < n; i++) {
            await A.evaluate(armRename, [i % 5, `renamed ${size} ${i}`]);
            await A.keyboard.press('Enter');
            saved.push((await withTimeout(A.evaluate(renameResult, 60_000), 90_000, 'rename saved')).saved);
            await sleep(gap());
          }
          recordTail('rename_ack_ms', size, '', impl, saved);
        });

        await step('tail search typing', [`inp_type_search_p99@${size}`], impl, async () => {
          await A.evaluate(focusSearch);
          const since = await A.evaluate(pageNow);
          for (let typed = 0; typed < n; typed += 8) {
            await A.keyboard.type('todo 123'.slice(0, Math.min(8, n - typed)), { delay: 60 });
            await A.evaluate(setSearch, '');
            await sleep(200);
          }
          await recordInteractions(A, since, n, 'type_search', size, impl);
          await A.evaluate(async () => {
            const app = document.querySelector('todo-app');
            app.searchable = false;
            await app.updateComplete;
          });
        });

        // While busy: a third (and fourth) tab, opened for it, keeps the leader busy.
        for (const kind of BUSY) {
          await step(`tail adds while ${kind}`, [`add_to_screen_ms_p99@${size}[${kind}]`], impl, async () => {
            const C = await openPage(context, impl, query);
            await startup(C);
            await A.bringToFront();
            const busy = busyLoop(C, kind);
            try {
              await sleep(500);
              await addSamples(A, B, impl, size, kind, n);
            } finally {
              const rounds = await busy.stop();
              log(`  ${impl} busy tab (${kind}): ${rounds} rounds`);
              await closeSettled(C);
            }
          });
        }
      }

      await closeSettled(B);
      await closeSettled(A);
    } finally {
      await browser.close();
    }
  }

  return { tailRun };
}

/** Issue 27's goals for the tail figures, as bench.mjs's targets (name, value, limit). */
export function tailTargets(summary, sizes, check) {
  const m = (id, impl = 'widget') => summary[id]?.[impl]?.median ?? null;
  for (const n of sizes) {
    for (const cond of ['', ...BUSY.map((b) => `[${b}]`)]) {
      if (m(`add_to_screen_ms_p99@${n}${cond}`) == null && m(`add_ack_ms_p99@${n}${cond}`) == null) continue;
      check(`add_to_screen_ms_p99@${n}${cond} <= 16`, m(`add_to_screen_ms_p99@${n}${cond}`), 16);
      check(`add_ack_ms_p99@${n}${cond} <= 50`, m(`add_ack_ms_p99@${n}${cond}`), 50);
    }
    for (const id of ['toggle_ack_ms', 'rename_ack_ms'])
      if (m(`${id}_p99@${n}`) != null) check(`${id}_p99@${n} <= 50`, m(`${id}_p99@${n}`), 50);
    for (const what of ['type_new_todo', 'type_search', 'enter', 'click_checkbox']) {
      if (m(`inp_${what}_p99@${n}`) != null) check(`inp_${what}_p99@${n} <= 50`, m(`inp_${what}_p99@${n}`), 50);
      if (m(`longest_task_ms@${n}[${what}]`) != null)
        check(
          `longest_task_ms@${n}[${what}] <= 50`,
          m(`longest_task_ms@${n}[${what}]`),
          50,
          m(`longest_task_ms@${n}[${what}]`) === 0,
        );
    }
    if (m(`warm_longest_task_ms@${n}`) != null)
      check(
        `warm_longest_task_ms@${n}: no long task`,
        m(`warm_longest_task_ms@${n}`),
        50,
        m(`warm_longest_task_ms@${n}`) === 0,
      );
  }
}
