// Randomized model check across real tabs, against the production build: a seeded random
// sequence of user actions (add, rename, toggle, mark all, delete, clear completed, open a
// tab, close a tab (the leader too), reload a tab, crash the browser) over up to three tabs,
// checked against a plain in-memory model. Issue 29 added the inputs its defects came from:
// bursts of actions with no wait between them (a toggle right after "mark all", adds and toggles
// while earlier ones are still being saved) and a reload right after them; arbitrary search
// text typed key by key; an import running in a tab while that tab adds and toggles; stale and
// forged "leader ready" announcements from another script of the origin; and a memory-only
// preview page of the same site opening, writing and closing beside the durable tabs. After every step each open tab must show exactly
// the model's todos: titles and done state, in order, nothing left "saving…", and the
// matching counter; and the database holds exactly them, so nothing acknowledged is missing.
//
// A crash is SIGKILL to every Chromium process, then Chromium again on the same profile with
// as many tabs as before. Every change the test saw acknowledged must survive it. Half of the
// crashes come while an add is in flight (Enter pressed, then killed 0–30 ms later): unless
// its `todo-add` was seen first, it may or may not have committed, so its outcome is read
// back from the database (there once, or not at all) and the model follows.
//
//   MODEL_STEPS (default 300) and MODEL_SEED (default: random, printed) set the run;
//   `npm run soak` runs 10,000 steps, `npm run soak -- --steps 2000 --seed 42` another run.
// A failure prints the seed, the step and the last operations, so it can be replayed.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { watchPage } from '../support/browser.mjs';
import { launchCrashableBrowser } from '../support/crashable-browser.mjs';
import { hostPage } from '../support/host-page.mjs';
import { useSite } from '../support/site.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents } from '../support/todo-page.mjs';
import { showsExactly, storedTodos, viewOf } from '../support/todo-view.mjs';

const { values: args } = parseArgs({
  options: { steps: { type: 'string' }, seed: { type: 'string' } },
  strict: false,
});
const STEPS = Number(args.steps ?? process.env.MODEL_STEPS ?? 300);
const SEED = Number(args.seed ?? process.env.MODEL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_TABS = 3;
/** How long every tab gets to show the model after a step; a leader hand-over is the slow case. */
const CONVERGE_MS = 60_000;

const LIST = 'model';
const modelCheckPage = hostPage({ title: 'model check host', list: LIST, attributes: 'searchable' });
/** A preview page on the same site whose widget keeps its todos in memory: it must never share the durable tabs' database. */
const memoryPage = hostPage({ title: 'memory preview', list: LIST, attributes: 'storage=memory' });
/**
 * Where the leader of the default database announces itself (protocol/channels.ts: the
 * election id `todo-widget:<database>` + `:leader`). Any script of the origin can post here.
 */
const ANNOUNCEMENTS = 'todo-widget:todo-widget:leader';

/** Keeps every leader announcement a page hears, so a step can replay an old one (a stale message). */
async function recordLeaderAnnouncements(context, channelName) {
  await context.addInitScript((name) => {
    window.__leaderAnnouncements = [];
    new BroadcastChannel(name).onmessage = (event) => window.__leaderAnnouncements.push(event.data);
  }, channelName);
}

/** The line of this file an error came from (which operation, and where in it), for the failure report. */
function whereIn(error) {
  const lines = String(error?.stack ?? '')
    .split('\n')
    .filter((frame) => frame.includes('model-check.e2e.mjs'))
    .map((frame) => frame.trim().replace(/^at /, ''));
  return lines.length > 0 ? `at ${lines.join(' <- ')}` : 'no line of the model check in its stack';
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words that have broken widgets before: quotes, markup, RTL, combining marks, ZWJ emoji. */
const WORDS = ['milk', "it's", '"quoted"', '<b>bold</b>', '${x}', 'שלום', 'e\u0301te\u0301', '👩‍👩‍👧', 'Ünïcödé', 'a;--'];

/**
 * Pieces of search text as people type or paste it: backslashes (a Windows path), quotes,
 * every tsquery and websearch operator, markup, SQL, accents, other scripts, lone spaces.
 */
const SEARCH_PIECES = [
  '\\',
  "'",
  '"',
  '-',
  '!',
  '&',
  '|',
  ':',
  '*',
  '(',
  ')',
  '<->',
  '<',
  '>',
  ' ',
  '  ',
  'or',
  'and',
  'not',
  'C:\\Users',
  "''",
  "E'x'",
  '\\x00',
  ';--',
  'milk',
  'é',
  'Ü',
  '日本',
  'שלום',
  '👩‍👩‍👧',
  '%',
  '_',
  '$1',
  '{}',
  '[',
  ']',
];

describe(
  `model check across tabs (seed ${SEED}, ${STEPS} steps)`,
  { timeout: Math.max(600_000, STEPS * 20_000) },
  () => {
    const site = useSite({
      files: { 'index.html': modelCheckPage, 'memory.html': memoryPage },
      launcher: launchCrashableBrowser,
      launch: {
        onStart: async (context) => {
          await recordTodoEvents(context);
          await recordLeaderAnnouncements(context, ANNOUNCEMENTS);
        },
      },
    });
    /** What the steps drive: the site (its `origin`) and its crashable browser (`context`, `crash()`, `restart()`). */
    const server = site;
    let browser;
    const problems = [];

    before(() => {
      browser = site.browser;
    });

    it('every tab shows exactly the model after every step', async () => {
      console.log(`# model check: seed ${SEED}, ${STEPS} steps (replay: MODEL_SEED=${SEED} MODEL_STEPS=${STEPS})`);
      const rng = random(SEED);
      const pick = (items) => items[Math.floor(rng() * items.length)];
      const model = [];
      const tabs = [];
      const history = [];
      const counts = {};
      /** What became of the adds in flight at a crash: acknowledged before it, or not and then kept or dropped. */
      const inFlightAdds = { acknowledged: 0, kept: 0, dropped: 0 };
      let nextTitle = 0;
      let nextImport = 0;
      let longest = 0;
      const started = Date.now();

      const newTitle = () => `${pick(WORDS)} ${nextTitle++}`;
      const searchText = () =>
        Array.from({ length: 1 + Math.floor(rng() * 6) }, () => pick(SEARCH_PIECES)).join(rng() < 0.5 ? '' : ' ');
      /** A page left while it may still be saving answers "Leave site?"; the user leaves. */
      const leaveWhenAsked = (page) => page.on('dialog', (dialog) => dialog.accept().catch(() => undefined));

      async function openTab() {
        const page = await browser.context.newPage();
        watchPage(page, problems);
        await page.goto(`${server.origin}/index.html`);
        tabs.push(page);
        return page;
      }

      const eventCount = (page) => page.evaluate(() => window.__todoEvents.length);

      /** Waits for the widget's own confirmation of the write (events fire once it resolved); a todo-error fails the step. */
      async function confirmed(page, since, type) {
        const handle = await page.waitForFunction(
          ([since, type]) =>
            window.__todoEvents.slice(since).find((event) => event.type === type || event.type === 'todo-error'),
          [since, type],
          { timeout: DB_TIMEOUT },
        );
        const event = await handle.jsonValue();
        if (event.type === 'todo-error') throw new Error(`the widget reported ${event.error}`);
      }

      /** The row at place `index` (0-based) of the list, when drawn. */
      const row = (page, index) => page.locator(`todo-item[aria-posinset="${index + 1}"]`);

      /**
       * A random todo among those wholly in the tab's viewport. The list draws only a window of
       * rows near the viewport, so on a long list the others are not there to click; and for
       * 600 ms after an add in this tab it keeps scrolling to the end, so a row that had to be
       * scrolled to would be undrawn again under the click. (So rows below the fold get picked
       * once an add here scrolled the list to its end.)
       */
      async function pickDrawn(page) {
        const { rows } = await viewOf(page);
        const inViewport = rows.filter((row) => row.inViewport);
        const candidates = inViewport.length > 0 ? inViewport : rows;
        return candidates.length === 0 ? undefined : pick(candidates).position - 1;
      }

      /** Operations with weights; each returns a description, or undefined when it does not apply now. */
      const operations = [
        [
          24,
          async (page) => {
            const title = newTitle();
            const since = await eventCount(page);
            await addTodo(page, title);
            await confirmed(page, since, 'todo-add');
            model.push({ title, completed: false });
            return `add ${JSON.stringify(title)}`;
          },
        ],
        [
          10,
          async (page) => {
            const index = await pickDrawn(page);
            if (index === undefined) return undefined;
            const title = newTitle();
            const since = await eventCount(page);
            await row(page, index).getByTestId('todo-title').dblclick();
            const field = row(page, index).getByRole('textbox', { name: 'Edit' });
            await field.fill(title);
            await field.press('Enter');
            await confirmed(page, since, 'todo-rename');
            const before = model[index].title;
            model[index].title = title;
            return `rename #${index} ${JSON.stringify(before)} -> ${JSON.stringify(title)}`;
          },
        ],
        [
          16,
          async (page) => {
            const index = await pickDrawn(page);
            if (index === undefined) return undefined;
            const since = await eventCount(page);
            await row(page, index).getByRole('checkbox', { name: 'Toggle Todo' }).click();
            await confirmed(page, since, 'todo-toggle');
            model[index].completed = !model[index].completed;
            return `toggle #${index} -> ${model[index].completed}`;
          },
        ],
        [
          6,
          async (page) => {
            if (model.length === 0) return undefined;
            const completed = !model.every((todo) => todo.completed);
            const since = await eventCount(page);
            await page.getByRole('checkbox', { name: 'Mark all as complete' }).click();
            await confirmed(page, since, 'todo-toggle');
            for (const todo of model) todo.completed = completed;
            return `mark all -> ${completed}`;
          },
        ],
        [
          12,
          async (page) => {
            const index = await pickDrawn(page);
            if (index === undefined) return undefined;
            const since = await eventCount(page);
            await row(page, index).hover();
            await row(page, index).getByRole('button', { name: 'Delete' }).click();
            await confirmed(page, since, 'todo-remove');
            const [removed] = model.splice(index, 1);
            return `delete #${index} ${JSON.stringify(removed.title)}`;
          },
        ],
        [
          6,
          async (page) => {
            if (!model.some((todo) => todo.completed)) return undefined;
            const since = await eventCount(page);
            await page.getByRole('button', { name: 'Clear completed' }).click();
            await confirmed(page, since, 'todo-remove');
            const removed = model.filter((todo) => todo.completed).length;
            model.splice(0, model.length, ...model.filter((todo) => !todo.completed));
            return `clear completed (${removed})`;
          },
        ],
        [
          5,
          async () => {
            if (tabs.length >= MAX_TABS) return undefined;
            await openTab();
            return `open tab -> ${tabs.length} tabs`;
          },
        ],
        [
          5,
          async (page) => {
            if (tabs.length <= 1) return undefined;
            const leader = await page.evaluate(() => window.todoWidget.getDatabaseClient().isLeader).catch(() => '?');
            const runBeforeUnload = rng() < 0.5;
            tabs.splice(tabs.indexOf(page), 1);
            await page.close({ runBeforeUnload });
            return `close tab${leader === true ? ' (the leader)' : ''}${runBeforeUnload ? ' with beforeunload' : ''} -> ${tabs.length} tabs`;
          },
        ],
        [
          4,
          async (page) => {
            const leader = await page.evaluate(() => window.todoWidget.getDatabaseClient().isLeader).catch(() => '?');
            await page.reload();
            return `reload tab${leader === true ? ' (the leader)' : ''}`;
          },
        ],
        [
          2,
          async (page) => {
            const count = tabs.length;
            if (rng() < 0.5) {
              await crashAndRestart(count);
              return `crash (nothing in flight) -> ${count} tabs`;
            }
            // An add in flight: its outcome is whatever the database says after the restart.
            // Enter is dispatched in the page (a Playwright key press waits for the key's whole
            // round trip, by when the add is mostly acknowledged already); half of the kills follow
            // at once, the others after up to 30 ms and a look at whether todo-add fired meanwhile.
            const title = newTitle();
            const delay = rng() < 0.5 ? 0 : 1 + Math.floor(rng() * 30);
            const since = await eventCount(page);
            const input = page.getByRole('textbox', { name: 'New todo' });
            await input.fill(title);
            await input.evaluate((field) =>
              field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true })),
            );
            let seen = false;
            if (delay > 0) {
              await new Promise((r) => setTimeout(r, delay));
              seen = await page.evaluate(
                ([since, title]) =>
                  window.__todoEvents.slice(since).some((event) => event.type === 'todo-add' && event.title === title),
                [since, title],
              );
            }
            await crashAndRestart(count);
            const stored = (await storedTodos(tabs[0], LIST)).filter((todo) => todo.title === title).length;
            if (stored > 1)
              throw new Error(`the add in flight at the crash, ${JSON.stringify(title)}, is stored ${stored} times`);
            if (seen && stored === 0)
              throw new Error(
                `the add of ${JSON.stringify(title)} was acknowledged (todo-add) before the crash and is gone after it`,
              );
            if (stored === 1) model.push({ title, completed: false });
            const outcome = seen ? 'acknowledged' : stored === 1 ? 'kept' : 'dropped';
            inFlightAdds[outcome]++;
            return `crash ${delay} ms after adding ${JSON.stringify(title)} (${outcome}) -> ${count} tabs`;
          },
        ],

        [
          // Actions with no wait between them, the way a keyboard user or a test tool acts, and
          // half the time a reload right after: whatever a row showed must be what is kept.
          8,
          async (page) => {
            const actions = [];
            if (model.length > 0 && rng() < 0.3) {
              const completed = !model.every((todo) => todo.completed);
              await page.getByRole('checkbox', { name: 'Mark all as complete' }).click();
              for (const todo of model) todo.completed = completed;
              actions.push(`mark all -> ${completed}`);
            }
            // Read after the click: reaching "Mark all" scrolls the list, which then draws other rows
            // (two frames: the scroll's redraw).
            await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
            const { rows } = await viewOf(page);
            const drawn = rows.filter((row) => row.inViewport).map((row) => row.position - 1);
            // Toggles before adds: for a moment after an add the list scrolls to its end.
            const toggles = drawn.length === 0 ? 0 : Math.floor(rng() * 3);
            for (let i = 0; i < toggles; i++) {
              const index = pick(drawn);
              await row(page, index).getByRole('checkbox', { name: 'Toggle Todo' }).click();
              model[index].completed = !model[index].completed;
              actions.push(`toggle #${index} -> ${model[index].completed}`);
            }
            const adds = actions.length === 0 ? 1 + Math.floor(rng() * 2) : Math.floor(rng() * 2);
            for (let i = 0; i < adds; i++) {
              const title = newTitle();
              await addTodo(page, title);
              model.push({ title, completed: false });
              actions.push(`add ${JSON.stringify(title)}`);
            }
            if (rng() < 0.5) {
              leaveWhenAsked(page);
              await page.reload();
              actions.push('reload at once');
            }
            return `burst: ${actions.join(', ')}`;
          },
        ],
        [
          // Arbitrary search text, typed key by key: never an error, only todos of the list, and a
          // todo's own number finds it. Escape then shows the whole list again.
          4,
          async (page) => {
            const known = model.length > 0 && rng() < 0.4 ? pick(model) : undefined;
            const text = known ? known.title.split(' ').at(-1) : searchText();
            const box = page.getByRole('searchbox', { name: 'Search todos' });
            await box.pressSequentially(text);
            await page.waitForFunction(
              (text) => {
                const app = document.querySelector('todo-app');
                const list = app?.shadowRoot?.querySelector('todo-list');
                return list?.query === text && list.shadowRoot?.querySelector('section.main[aria-busy="false"]');
              },
              text,
              { timeout: DB_TIMEOUT },
            );
            const shown = await page.evaluate(() => {
              const list = document.querySelector('todo-app').shadowRoot.querySelector('todo-list');
              return {
                error: list.shadowRoot.querySelector('.state.error')?.textContent.trim(),
                titles: [...list.shadowRoot.querySelectorAll('todo-item')].map(
                  (item) => item.shadowRoot.querySelector('[data-testid="todo-title"]')?.textContent ?? null,
                ),
              };
            });
            if (shown.error) throw new Error(`searching ${JSON.stringify(text)} showed an error: ${shown.error}`);
            const titles = new Set(model.map((todo) => todo.title));
            const strangers = shown.titles.filter((title) => !titles.has(title));
            if (strangers.length > 0)
              throw new Error(
                `searching ${JSON.stringify(text)} showed todos not in the list: ${JSON.stringify(strangers)}`,
              );
            // Every match is drawn when there are fewer than a window's worth of them.
            if (known && shown.titles.length < 20 && !shown.titles.includes(known.title))
              throw new Error(`searching ${JSON.stringify(text)} did not find ${JSON.stringify(known.title)}`);
            await box.press('Escape');
            return `search ${JSON.stringify(text)} (${shown.titles.length} shown)`;
          },
        ],
        [
          // An import into another list from this tab, and this tab's own toggle and add while it
          // runs (the add scrolls the list to its end: the row toggled may be undrawn before its
          // toggle is saved, and its todo-toggle must still come).
          2,
          async (page) => {
            const count = 300 + Math.floor(rng() * 1200);
            const target = `${LIST}-import-${nextImport++}`;
            await page.evaluate(
              ([list, count]) => {
                const now = new Date().toISOString();
                const todos = Array.from({ length: count }, (_, order) => ({
                  id: crypto.randomUUID(),
                  title: `imported ${order}`,
                  completed: order % 3 === 0,
                  createdAt: now,
                  updatedAt: now,
                  dueAt: null,
                  order,
                }));
                const document = { format: 'todo-widget', version: 1, list, exportedAt: now, todos };
                window.__import = window.todoWidget
                  .getTodoRepository()
                  .importTodos(list, document)
                  .then(
                    () => ({}),
                    (error) => ({ error: `${error.name}: ${error.message}` }),
                  );
              },
              [target, count],
            );
            const since = await eventCount(page);
            const index = await pickDrawn(page);
            if (index !== undefined) {
              await row(page, index).getByRole('checkbox', { name: 'Toggle Todo' }).click();
              model[index].completed = !model[index].completed;
            }
            const title = newTitle();
            await addTodo(page, title);
            model.push({ title, completed: false });
            await confirmed(page, since, 'todo-add');
            if (index !== undefined) await confirmed(page, since, 'todo-toggle');
            const outcome = await page.evaluate(() => window.__import);
            if (outcome.error) throw new Error(`the import of ${count} todos into ${target} failed: ${outcome.error}`);
            const [{ stored }] = await page.evaluate(
              (list) =>
                window.todoWidget
                  .getDatabaseClient()
                  .query('select count(*)::int as stored from todos where list = $1', [list], { idempotent: true }),
              target,
            );
            if (stored !== count) throw new Error(`the import into ${target} stored ${stored} of ${count} todos`);
            return `import ${count} into ${target} during ${index === undefined ? '' : `toggle #${index} and `}add ${JSON.stringify(title)}`;
          },
        ],
        [
          // A well-formed leader announcement from some other script of the origin: an old one
          // replayed, or one naming a leader that does not exist. The tabs must keep their leader.
          3,
          async (page) => {
            const wanted = rng() < 0.5 ? 'stale' : 'forged';
            const sent = await page.evaluate(
              ([name, wanted]) => {
                const ready = window.__leaderAnnouncements.filter((message) => message?.state === 'ready');
                const template = ready[0] ?? {
                  v: 1,
                  kind: 'leader',
                  leader: crypto.randomUUID(),
                  state: 'ready',
                  info: { storage: 'opfs', durable: true, instance: crypto.randomUUID(), startup: {} },
                };
                const stale = wanted === 'stale' && ready.length > 0;
                const message = stale
                  ? template
                  : {
                      ...template,
                      leader: crypto.randomUUID(),
                      info: { ...template.info, instance: crypto.randomUUID() },
                    };
                const channel = new BroadcastChannel(name);
                channel.postMessage(message);
                channel.close();
                return stale ? 'stale' : 'forged';
              },
              [ANNOUNCEMENTS, wanted],
            );
            const title = newTitle();
            const since = await eventCount(page);
            await addTodo(page, title);
            await confirmed(page, since, 'todo-add');
            model.push({ title, completed: false });
            return `${sent} leader announcement, then add ${JSON.stringify(title)}`;
          },
        ],
        [
          // A memory-only preview page of the same site opens, takes an add (or refuses it
          // visibly) and closes: the durable tabs never see that todo, and lose nothing.
          2,
          async () => {
            const preview = await browser.context.newPage();
            leaveWhenAsked(preview);
            const previewProblems = watchPage(preview, []);
            try {
              await preview.goto(`${server.origin}/memory.html`);
              const title = `memory-only ${nextTitle++}`;
              await addTodo(preview, title);
              const handle = await preview.waitForFunction(
                () => window.__todoEvents.find((event) => event.type === 'todo-add' || event.type === 'todo-error'),
                undefined,
                { timeout: DB_TIMEOUT },
              );
              const { type } = await handle.jsonValue();
              const crashes = previewProblems.filter((problem) => problem.startsWith('pageerror'));
              if (crashes.length > 0) throw new Error(`the memory page threw: ${crashes.join('; ')}`);
              return `memory page: add ${JSON.stringify(title)} -> ${type}`;
            } finally {
              await preview.close();
            }
          },
        ],
      ];

      /** SIGKILL to the whole browser, Chromium again on the same profile, and `count` tabs opened again. */
      async function crashAndRestart(count) {
        await browser.crash();
        tabs.length = 0;
        await browser.restart();
        for (let i = 0; i < count; i++) await openTab();
      }

      /** The database, as the first tab reads it, holds exactly the model: nothing acknowledged is missing. */
      async function checkStored(step, description) {
        const stored = await storedTodos(tabs[0], LIST);
        const rows = stored.map(({ title, completed }) => ({ title, completed }));
        if (JSON.stringify(rows) !== JSON.stringify(model)) {
          throw new Error(
            `model check failed: seed ${SEED}, step ${step} (${description}); the database does not hold the model\n` +
              `  model:  ${JSON.stringify(model)}\n  stored: ${JSON.stringify(rows)}\n  last operations:\n    ${history.slice(-15).join('\n    ')}\n` +
              `  replay: MODEL_SEED=${SEED} MODEL_STEPS=${step + 1} node --test test/e2e/long/model-check.e2e.mjs`,
          );
        }
      }

      async function converge(step, description) {
        const deadline = Date.now() + CONVERGE_MS;
        for (;;) {
          const views = await Promise.all(
            tabs.map((page) => viewOf(page).catch((error) => ({ error: String(error) }))),
          );
          if (views.every((view) => !view.error && showsExactly(view, model))) return;
          if (Date.now() > deadline) {
            const shown = views.map((view, i) => `  tab ${i}: ${JSON.stringify(view)}`).join('\n');
            throw new Error(
              `model check failed: seed ${SEED}, step ${step} (${description}); tabs did not show the model within ${CONVERGE_MS} ms\n` +
                `  model: ${JSON.stringify(model)}\n${shown}\n  last operations:\n    ${history.slice(-15).join('\n    ')}\n` +
                `  replay: MODEL_SEED=${SEED} MODEL_STEPS=${step + 1} node --test test/e2e/long/model-check.e2e.mjs`,
            );
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }

      await openTab();
      await converge(-1, 'first tab');
      for (let step = 0; step < STEPS; step++) {
        const page = pick(tabs);
        const tabIndex = tabs.indexOf(page);
        let description;
        const total = operations.reduce((sum, [weight]) => sum + weight, 0);
        // Draw until an operation applies (e.g. no delete on an empty list); the draws come from the seed too.
        while (description === undefined) {
          let roll = rng() * total;
          const operation = operations.find(([weight]) => (roll -= weight) < 0) ?? operations[0];
          try {
            description = await operation[1](page);
          } catch (error) {
            throw new Error(
              `model check failed: seed ${SEED}, step ${step} on tab ${tabIndex}: ${error.message} (${whereIn(error)})\n  model: ${JSON.stringify(model)}\n  last operations:\n    ${history.slice(-15).join('\n    ')}\n` +
                `  replay: MODEL_SEED=${SEED} MODEL_STEPS=${step + 1} node --test test/e2e/long/model-check.e2e.mjs`,
              { cause: error },
            );
          }
        }
        const kind = description.split(' ')[0];
        counts[kind] = (counts[kind] ?? 0) + 1;
        history.push(`${step}: tab ${tabIndex}: ${description}`);
        await converge(step, `tab ${tabIndex}: ${description}`);
        await checkStored(step, `tab ${tabIndex}: ${description}`);
        longest = Math.max(longest, model.length);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `# ${STEPS} steps in ${seconds} s; operations: ${JSON.stringify(counts)}; adds in flight at a crash: ${JSON.stringify(inFlightAdds)}; ${model.length} todos at the end (${longest} at most)`,
      );
      const crashes = problems.filter((problem) => problem.startsWith('pageerror'));
      if (problems.length > 0)
        console.log(`# console/network problems seen: ${problems.length}\n# ${problems.slice(0, 10).join('\n# ')}`);
      assert.deepEqual(crashes, [], 'uncaught errors in a tab');
    });
  },
);
