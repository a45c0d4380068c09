// The widget in every engine (issue 18): each scenario is written once, over the browser-neutral
// layer (test/e2e/support/engines.mjs), and `browserSuite(name)` runs them all in one engine.
// Everything runs against the production build (dist/), embedded as README.md says: one script
// tag on a page of another origin that sends the README's strict Content-Security-Policy.
// Storage and timings are printed (lines starting with `[engine]`), never asserted as speeds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_NAMES, engineMissing, launchEngine, webkitPersistentProfile } from '../e2e/support/engines.mjs';
import { startEmbedSite } from '../e2e/support/embed-site.mjs';
import { assertSameEverything, buildEngine05Fixture } from '../e2e/support/engine-0-5-fixture.mjs';
import { rmSync } from 'node:fs';

/** How long anything waits for the database; a first visit took 18–89 s here under heavy load. */
const DB_TIMEOUT = 120_000;
/** A first visit creates the database: up to the widget's own start budget (90 s) and a margin. */
const FIRST_VISIT_TIMEOUT = 240_000;

/**
 * The storage each engine's leader opens, asserted so that the "Browser support" table in docs/browsers.md
 * (which quotes it) cannot go stale. WebKitGTK 2.50 exposes no `navigator.storage` (no OPFS).
 */
export const EXPECTED_STORAGE = { chromium: 'opfs', firefox: 'opfs', webkit: 'idb' };

/** What each engine's page offers (docs/browsers.md, "known differences"): WebKitGTK has no StorageManager at all. */
export const EXPECTED_PAGE_FEATURES = {
  chromium: { storageManager: true, persist: true },
  firefox: { storageManager: true, persist: true },
  webkit: { storageManager: false, persist: false },
};

const log = (engine, text) => console.log(`[${engine}] ${text}`);

// Locators (see engines.mjs): elements by CSS, through the widget's shadow roots.
const NEW_TODO = { css: 'input.new-todo' };
const row = (title) => ({ css: 'todo-item', text: title });
const rowToggle = (title) => [row(title), { css: 'input.toggle' }];
const rowTitle = (title) => [row(title), { css: '[data-testid="todo-title"]' }];
const EDIT_FIELD = [{ css: 'todo-item' }, { css: 'input.edit' }];
const TOGGLE_ALL = { css: 'input.toggle-all' };
const filterLink = (label) => [{ css: 'todo-footer' }, { css: 'a', text: label }];
const CLEAR_COMPLETED = { css: 'button.clear-completed' };

/** What the widget shows, read in the page: rows, counter (null when the footer is hidden), status. */
function widgetView() {
  const app = document.querySelector('todo-app');
  const list = app?.shadowRoot?.querySelector('todo-list');
  const rows = [...(list?.shadowRoot?.querySelectorAll('todo-item') ?? [])].map((item) => ({
    title:
      item.shadowRoot.querySelector('[data-testid="todo-title"]')?.textContent ??
      item.shadowRoot.querySelector('input.edit')?.value ??
      null,
    completed: item.shadowRoot.querySelector('input.toggle')?.checked ?? null,
    pending: item.hasAttribute('pending'),
  }));
  const footer = app?.shadowRoot?.querySelector('todo-footer');
  const counter =
    footer && getComputedStyle(footer).display !== 'none'
      ? (footer.shadowRoot.querySelector('[data-testid="todo-count"]')?.textContent.replace(/\s+/g, ' ').trim() ?? null)
      : null;
  const status = app?.shadowRoot?.querySelector('[data-testid="db-status"]');
  return {
    loaded: list?.shadowRoot?.querySelector('section.main')?.getAttribute('aria-busy') === 'false',
    rows,
    counter,
    role: status?.dataset.role,
    status: status?.textContent.replace(/\s+/g, ' ').trim(),
  };
}

/** Polls `read()` until `done(value)`; fails after `timeout` with `message` and the last value. */
async function until(read, done, message, timeout = DB_TIMEOUT) {
  const started = Date.now();
  let last;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return { value: last, ms: Date.now() - started };
    } catch (error) {
      last = `read failed: ${error.message.split('\n')[0]}`;
    }
    if (Date.now() - started > timeout)
      assert.fail(`${message} (within ${timeout} ms); last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rowsKey = (rows) =>
  rows
    .map((row) => `${row.title}${row.completed ? ' ✓' : ''}`)
    .sort()
    .join(' | ');

/** Waits until the page shows exactly `todos` (title, or [title, completed]), all saved, and `counter`. */
const waitForRows = (page, todos, counter, message) => {
  const expected = rowsKey(
    todos.map((todo) =>
      Array.isArray(todo) ? { title: todo[0], completed: todo[1] } : { title: todo, completed: false },
    ),
  );
  return until(
    () => page.evaluate(widgetView),
    (view) =>
      view.loaded &&
      view.rows.every((row) => !row.pending) &&
      rowsKey(view.rows) === expected &&
      (counter === undefined || view.counter === counter),
    `${message}: rows ${expected}${counter === undefined ? '' : `, counter ${JSON.stringify(counter)}`}`,
  );
};

/** Waits until the status line says this tab leads or follows (a working database). */
const waitForWorking = (page, message, timeout = DB_TIMEOUT) =>
  until(
    () => page.evaluate(widgetView),
    (view) => view.role === 'leader' || view.role === 'follower',
    message,
    timeout,
  );

/** What the page recorded (support/embed-site.mjs): problems, todo-* events, Enter times. */
const recorded = (page) => page.evaluate(() => window.__record);

/** Fails if the page recorded an error, a CSP violation or a todo-error event. */
async function assertClean(page, what) {
  const record = await recorded(page);
  assert.deepEqual(record.problems, [], `${what}: errors or CSP violations in the page`);
  assert.deepEqual(
    record.events.filter((event) => event.type === 'todo-error'),
    [],
    `${what}: todo-error events`,
  );
}

/** Waits for the page's todo-`type` event (for `title`, if given) after `index` events; returns it. */
const waitForEvent = (page, type, title, from = 0) =>
  until(
    () =>
      recorded(page).then((record) =>
        record.events
          .slice(from)
          .find((event) => event.type === type && (title === undefined || event.title === title)),
      ),
    Boolean,
    `a ${type} event${title ? ` for "${title}"` : ''}`,
  ).then(({ value }) => value);

const eventCount = (page) => recorded(page).then((record) => record.events.length);

/**
 * Types `title` + Enter in the new-todo field and waits for its todo-add event. Returns the
 * add-to-saved time measured in the page: from the Enter keydown to the event (fired once saved).
 */
async function addTodo(page, title) {
  const from = await eventCount(page);
  await page.type(NEW_TODO, title, { enter: true });
  const event = await waitForEvent(page, 'todo-add', title, from);
  const { enters } = await recorded(page);
  const enter = enters.filter((at) => at <= event.at).at(-1);
  return enter === undefined ? undefined : Math.round(event.at - enter);
}

/** The database client's view of this tab, through the widget's own module (same instance as the page's). */
const clientState = (page, widgetUrl) =>
  page.evaluate(async (url) => {
    const client = (await import(url)).getDatabaseClient();
    await client.init();
    return { info: client.info, isLeader: client.isLeader };
  }, widgetUrl);

/** What the engine offers the widget's storage choice, asked in the page and in a worker. */
const storageFeatures = (page) =>
  page.evaluate(async () => {
    const source = `postMessage({
      opfs: typeof navigator.storage?.getDirectory === 'function',
      syncAccessHandle: typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype,
      locks: typeof navigator.locks?.request === 'function',
      broadcastChannel: typeof BroadcastChannel === 'function',
      indexedDB: typeof indexedDB !== 'undefined',
    })`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    const inWorker = await new Promise((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => resolve({ error: String(event.message) });
    });
    worker.terminate();
    URL.revokeObjectURL(url);
    return {
      page: {
        storageManager: typeof navigator.storage !== 'undefined',
        persist: typeof navigator.storage?.persist === 'function',
      },
      worker: inWorker,
    };
  });

const phases = (startup) =>
  Object.entries(startup ?? {})
    .map(([phase, ms]) => `${phase} ${Math.round(ms)}`)
    .join(', ');

/** Defines the whole suite for engine `name` ('chromium', 'firefox' or 'webkit'). */
export function browserSuite(name) {
  assert.ok(ENGINE_NAMES.includes(name), `unknown engine ${name}`);
  const missing = engineMissing(name);

  describe(`${name}: the embedded widget`, { timeout: 1_200_000, skip: missing }, () => {
    let site;
    let fixtureDir;
    let browser;
    /** The tab every scenario but the multi-tab one works in. */
    let page;

    before(async () => {
      fixtureDir = await buildEngine05Fixture();
      site = await startEmbedSite({
        csp: true,
        lists: ['mvc', 'tabs', 'history'],
        databases: ['carried'],
        mounts: { fixture: fixtureDir },
      });
      const started = Date.now();
      browser = await launchEngine(name);
      log(name, `${name} ${browser.version} started in ${Date.now() - started} ms (profile ${browser.profileDir})`);
    });

    after(async () => {
      await browser?.dispose();
      await site?.close();
      if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
    });

    it('cold start on a strict-CSP page of another origin: which storage, how long, add-to-saved', async () => {
      page = await browser.newPage();
      const started = Date.now();
      await page.goto(site.url());
      const { value: view } = await waitForWorking(
        page,
        'the widget opened its database on a first visit',
        FIRST_VISIT_TIMEOUT,
      );
      const coldStartMs = Date.now() - started;
      const { info, isLeader } = await clientState(page, site.widgetUrl);
      const features = await storageFeatures(page);
      log(name, `cold start (navigation to a working database): ${coldStartMs} ms; status "${view.status}"`);
      log(
        name,
        `storage: ${info.storage} (durable ${info.durable}); leader startup phases (ms): ${phases(info.startup)}`,
      );
      log(name, `why: page ${JSON.stringify(features.page)}; worker ${JSON.stringify(features.worker)}`);
      assert.equal(isLeader, true, 'the only tab leads');
      assert.equal(view.role, 'leader');
      assert.equal(
        info.storage,
        EXPECTED_STORAGE[name],
        `${name} stores in ${EXPECTED_STORAGE[name]} (docs/browsers.md's support table)`,
      );
      assert.equal(info.durable, true);
      // The status line says where the todos are kept (the fallback included).
      assert.match(
        view.status,
        info.storage === 'opfs' ? /\(OPFS\)/ : /\(IndexedDB/,
        'the status line names the storage',
      );
      assert.deepEqual(
        features.page,
        EXPECTED_PAGE_FEATURES[name],
        `${name}'s StorageManager (docs/browsers.md's support table)`,
      );
      // The widget picks OPFS exactly where workers have sync access handles, IndexedDB elsewhere.
      assert.equal(
        info.storage === 'opfs',
        features.worker.syncAccessHandle === true,
        'OPFS exactly where workers have createSyncAccessHandle',
      );

      const timings = [];
      for (const title of ['Cold one', 'Cold two', 'Cold three']) timings.push(await addTodo(page, title));
      log(name, `add-to-saved (Enter to todo-add, in the page): ${timings.join(', ')} ms`);
      await waitForRows(page, ['Cold one', 'Cold two', 'Cold three'], '3 items left', 'three adds');
      await assertClean(page, 'cold start');
    });

    it('TodoMVC behaviour through the DOM: add, edit, toggle, filters, toggle all, clear completed, counter', async () => {
      await page.goto(site.url('mvc'));
      await waitForWorking(page, 'the widget is working after navigating to another list');
      for (const title of ['Alpha task', 'Bravo task', 'Charlie task']) await addTodo(page, title);
      await waitForRows(page, ['Alpha task', 'Bravo task', 'Charlie task'], '3 items left', 'three adds');

      // Edit: double-click the title, replace the text, Enter.
      let from = await eventCount(page);
      await page.find(rowTitle('Bravo task'));
      await page.evaluate(() => {
        const items = [
          ...document
            .querySelector('todo-app')
            .shadowRoot.querySelector('todo-list')
            .shadowRoot.querySelectorAll('todo-item'),
        ];
        const label = items
          .map((item) => item.shadowRoot.querySelector('[data-testid="todo-title"]'))
          .find((title) => title?.textContent === 'Bravo task');
        label.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
      });
      await page.find(EDIT_FIELD);
      await page.evaluate(() => {
        const items = [
          ...document
            .querySelector('todo-app')
            .shadowRoot.querySelector('todo-list')
            .shadowRoot.querySelectorAll('todo-item'),
        ];
        const field = items.map((item) => item.shadowRoot.querySelector('input.edit')).find(Boolean);
        field.value = '';
      });
      await page.type(EDIT_FIELD, 'Bravo renamed', { enter: true });
      const renamed = await waitForEvent(page, 'todo-rename', 'Bravo renamed', from);
      assert.equal(renamed.title, 'Bravo renamed');
      await waitForRows(page, ['Alpha task', 'Bravo renamed', 'Charlie task'], '3 items left', 'after the edit');

      // Toggle one.
      from = await eventCount(page);
      await page.click(rowToggle('Alpha task'));
      const toggled = await waitForEvent(page, 'todo-toggle', 'Alpha task', from);
      assert.equal(toggled.completed, true);
      await waitForRows(
        page,
        [['Alpha task', true], 'Bravo renamed', 'Charlie task'],
        '2 items left',
        'after toggling one',
      );

      // Filters.
      await page.click(filterLink('Active'));
      await waitForRows(page, ['Bravo renamed', 'Charlie task'], '2 items left', 'filter Active');
      await page.click(filterLink('Completed'));
      await waitForRows(page, [['Alpha task', true]], '2 items left', 'filter Completed');
      await page.click(filterLink('All'));
      await waitForRows(page, [['Alpha task', true], 'Bravo renamed', 'Charlie task'], '2 items left', 'filter All');

      // Clear completed.
      await page.click(CLEAR_COMPLETED);
      await waitForRows(page, ['Bravo renamed', 'Charlie task'], '2 items left', 'after Clear completed');

      // Toggle all: everything done, then everything active again.
      await page.click(TOGGLE_ALL);
      await waitForRows(
        page,
        [
          ['Bravo renamed', true],
          ['Charlie task', true],
        ],
        '0 items left',
        'after toggle all',
      );
      await page.click(TOGGLE_ALL);
      await waitForRows(page, ['Bravo renamed', 'Charlie task'], '2 items left', 'after toggle all again');
      assert.equal(await page.property(TOGGLE_ALL, 'checked'), false);

      // All done and cleared: no rows, and the footer (with its counter) hides.
      await page.click(TOGGLE_ALL);
      await waitForRows(
        page,
        [
          ['Bravo renamed', true],
          ['Charlie task', true],
        ],
        '0 items left',
        'all done',
      );
      await page.click(CLEAR_COMPLETED);
      await waitForRows(page, [], null, 'all cleared: the footer hides');
      await assertClean(page, 'TodoMVC behaviour');
    });

    it('persistence: a reload, then closing and reopening the browser on the same profile, keep every todo', async () => {
      await page.goto(site.url());
      await waitForRows(
        page,
        ['Cold one', 'Cold two', 'Cold three'],
        '3 items left',
        'the first visit’s todos after navigating back',
      );
      await page.click(rowToggle('Cold two'));
      await waitForEvent(page, 'todo-toggle', 'Cold two');
      const expected = ['Cold one', ['Cold two', true], 'Cold three'];
      await waitForRows(page, expected, '2 items left', 'after the toggle');

      let started = Date.now();
      await page.reload();
      await waitForRows(page, expected, '2 items left', 'after a reload');
      log(name, `reload to the saved list on screen: ${Date.now() - started} ms`);
      await assertClean(page, 'after the reload');

      if (name === 'webkit' && !webkitPersistentProfile()) {
        log(name, 'SKIPPED close + reopen: WEBKIT_BROWSER is set, and MiniBrowser keeps no profile in automation mode');
        return;
      }
      started = Date.now();
      await browser.restart();
      log(name, `browser closed and started again on the same profile in ${Date.now() - started} ms`);
      page = await browser.newPage();
      started = Date.now();
      await page.goto(site.url());
      const { value: view } = await waitForRows(
        page,
        expected,
        '2 items left',
        'after closing and reopening the browser',
      );
      const { info } = await clientState(page, site.widgetUrl);
      log(
        name,
        `reopen (navigation to the saved list on screen, new browser): ${Date.now() - started} ms on ${info.storage}; leader startup phases (ms): ${phases(info.startup)}`,
      );
      assert.equal(view.role, 'leader');
      assert.equal(info.storage, EXPECTED_STORAGE[name]);
      await assertClean(page, 'after reopening the browser');
    });

    it('two tabs: an add in either shows in the other; the leader tab closes and the other keeps working', async () => {
      const first = page;
      await first.goto(site.url('tabs'));
      await waitForWorking(first, 'tab 1 working');
      const engineFiles = () => site.cdn.requests.filter((path) => /\.(wasm|data)$/.test(path)).length;
      const engineFilesBefore = engineFiles();
      const second = await browser.newPage();
      await second.goto(site.url('tabs'));
      const { value: secondView } = await waitForWorking(second, 'tab 2 working');
      const [one, two] = [await clientState(first, site.widgetUrl), await clientState(second, site.widgetUrl)];
      assert.equal(one.isLeader, true, 'tab 1 (opened first) leads');
      assert.equal(two.isLeader, false, 'tab 2 follows');
      assert.equal(secondView.role, 'follower');
      log(name, `second tab: ${secondView.status}`);
      assert.equal(engineFiles(), engineFilesBefore, 'the follower tab fetched no .wasm or .data file');

      const fromSecond = await addTodo(second, 'Added in tab two');
      let { ms } = await waitForRows(first, ['Added in tab two'], '1 item left', 'tab 1 shows the add from tab 2');
      log(name, `add in the follower tab: saved after ${fromSecond} ms, on screen in the leader tab ${ms} ms later`);
      const fromFirst = await addTodo(first, 'Added in tab one');
      ({ ms } = await waitForRows(
        second,
        ['Added in tab two', 'Added in tab one'],
        '2 items left',
        'tab 2 shows the add from tab 1',
      ));
      log(name, `add in the leader tab: saved after ${fromFirst} ms, on screen in the follower tab ${ms} ms later`);
      await assertClean(first, 'tab 1');

      // The leader's tab closes: tab 2 takes over and keeps working.
      const closed = Date.now();
      await first.close();
      const { value: takeover } = await until(
        () => second.evaluate(widgetView),
        (view) => view.role === 'leader',
        'tab 2 leads after the leader tab closed',
      );
      log(name, `leader tab closed → the other tab leads after ${Date.now() - closed} ms: "${takeover.status}"`);
      const afterMs = await addTodo(second, 'After the hand-over');
      log(name, `add after the hand-over saved in ${afterMs} ms (${Date.now() - closed} ms after the close)`);
      await waitForRows(
        second,
        ['Added in tab two', 'Added in tab one', 'After the hand-over'],
        '3 items left',
        'tab 2 after the hand-over',
      );
      const state = await clientState(second, site.widgetUrl);
      assert.equal(state.isLeader, true);
      assert.equal(state.info.storage, EXPECTED_STORAGE[name]);
      await assertClean(second, 'tab 2');

      // And a new tab opened now follows tab 2 and sees everything.
      const third = await browser.newPage();
      await third.goto(site.url('tabs'));
      await waitForRows(
        third,
        ['Added in tab two', 'Added in tab one', 'After the hand-over'],
        '3 items left',
        'a new tab after the hand-over',
      );
      assert.equal((await clientState(third, site.widgetUrl)).isLeader, false);
      await assertClean(third, 'tab 3');
      await second.close();
      page = third;
    });

    it('back/forward: the leader tab leaves and comes back; the other tab leads meanwhile, and the returning tab shows its adds and works', async () => {
      const first = page;
      await first.goto(site.url('history'));
      await waitForWorking(first, 'tab 1 working');
      const second = await browser.newPage();
      await second.goto(site.url('history'));
      await waitForWorking(second, 'tab 2 working');
      await addTodo(first, 'Before leaving');
      await waitForRows(second, ['Before leaving'], '1 item left', 'tab 2 shows the first add');
      assert.equal(
        (await clientState(first, site.widgetUrl)).isLeader,
        true,
        'tab 1, the only tab when it opened, leads',
      );

      // Tab 1 goes to another page of the site (kept in the back/forward cache where the engine does).
      const left = Date.now();
      await first.goto(`${site.site.origin}/elsewhere.html`);
      const { value: leading } = await until(
        () => second.evaluate(widgetView),
        (view) => view.role === 'leader',
        'tab 2 leads while tab 1 is away',
      );
      log(name, `the leader tab navigated away → tab 2 leads after ${Date.now() - left} ms: "${leading.status}"`);
      await addTodo(second, 'While away');

      // Back: restored from the cache (same document) or loaded again, tab 1 follows tab 2.
      const back = Date.now();
      await first.back();
      await waitForRows(
        first,
        ['Before leaving', 'While away'],
        '2 items left',
        'tab 1 back shows what was added meanwhile',
      );
      const restored = await until(
        () => recorded(first),
        (record) => Boolean(record),
        'tab 1 has its record',
      ).then(({ value }) => value.restoredFromCache ?? 0);
      log(
        name,
        `back in tab 1: ${restored ? 'restored from the back/forward cache' : 'loaded again (not from the back/forward cache)'}; the add from tab 2 on screen ${Date.now() - back} ms after going back`,
      );
      await waitForWorking(first, 'tab 1 working after going back');
      await addTodo(first, 'After coming back');
      await waitForRows(
        second,
        ['Before leaving', 'While away', 'After coming back'],
        '3 items left',
        'tab 2 shows the add made after coming back',
      );
      assert.equal((await clientState(second, site.widgetUrl)).isLeader, true, 'tab 2 still leads');
      await assertClean(first, 'tab 1 after going back');
      await assertClean(second, 'tab 2');
      await second.close();
    });

    it('carry-over: a database the previous engine (PGlite 0.5) wrote opens with everything in it, and the old engine is fenced out', async () => {
      const storage = EXPECTED_STORAGE[name];
      const fixtureUrl = `${site.site.origin}/fixture/index.html?database=carried&storage=${storage}`;
      // The suite's tab when the earlier scenarios ran: WebKit's driver opens no window from a closed one.
      const old = page ?? (await browser.newPage());
      await old.goto(fixtureUrl);
      const written = await old.evaluate(() => window.fixture);
      assert.ok(written.ok, `PGlite 0.5 could not write the fixture: ${written.error}`);
      assert.equal(written.everything.todos.length, 1000);
      const everythingSql = await old.evaluate(() => window.everythingSql);

      // A second tab, the first kept open: WebKit's driver ends the session when its last window closes.
      const carried = await browser.newPage();
      const started = Date.now();
      await carried.goto(site.databaseUrl('carried'));
      await waitForWorking(carried, 'the widget carried the 0.5 database over', FIRST_VISIT_TIMEOUT);
      const info = await carried.evaluate(async (url) => {
        const client = (await import(url)).getDatabaseClient('carried');
        await client.init();
        return client.info;
      }, site.widgetUrl);
      log(
        name,
        `carry-over of 1,000 todos on ${info.storage}: navigation to a working database ${Date.now() - started} ms; phases (ms): ${phases(info.startup)}`,
      );
      assert.equal(typeof info.startup.carry_over_ms, 'number', 'the start carried the database over');
      const now = await carried.evaluate(
        async (url, sql) =>
          (await (await import(url)).getDatabaseClient('carried').query(sql, [], { idempotent: true }))[0].everything,
        site.widgetUrl,
        everythingSql,
      );
      assertSameEverything(assert, now, written.everything, `${name}: after the carry-over`);
      await addTodo(carried, 'After the carry-over');
      await assertClean(carried, 'after the carry-over');
      await carried.close();

      // A tab of the previous release opened now finds the fence: its engine does not start there.
      await old.goto(fixtureUrl);
      const refused = await old.evaluate(() => window.fixture);
      assert.equal(refused.ok, false, 'PGlite 0.5 started on the fenced location');
    });
  });
}
