// Warm start (issue 16, goal 1): a page paints the rows of its list from the window snapshot the
// leader keeps (src/db/window-snapshot.ts) before its worker and PGlite run, then goes live.
// Real tabs of one Chromium on an on-disk profile, production build. What is checked:
//   - the rows a new tab paints first, after changes in another tab and every tab closed, are
//     the database's real rows (never a deleted todo, an old title or state), in every frame
//     until the live rows are in, for two databases and titles with markup;
//   - the same after the browser is killed (SIGKILL) between a commit and the snapshot's update
//     (the leader is told to hold that update back), and after a kill right after a change;
//   - the list is usable during the warm start: a toggle, a rename, a delete and an add made
//     on the snapshot's rows before the database runs show as pending and are applied once it runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchCrashableBrowser } from '../support/crashable-browser.mjs';
import { hostPage } from '../support/host-page.mjs';
import { useSite, writeHostSite } from '../support/site.mjs';
import { serveStatic } from '../support/static-server.mjs';
import {
  DB_TIMEOUT,
  addTodo,
  deleteTodo,
  recordTodoEvents,
  todoItem,
  toggleTodo,
  waitForTodoEvent,
} from '../support/todo-page.mjs';
import { openTab, waitForWorking } from '../support/tabs.mjs';
import { counterFor, framesOf, problemsOf, recordFrames, storedRows } from '../support/frames.mjs';

const LIST = 'warm';
const OTHER_DATABASE = 'warm-b';
const MARKUP_TITLE = '<img src=x onerror="window.__xss = true"> & <b>not bold</b>';

/** Two widgets side by side (both in view): the default database and another, each with a list named LIST. */
const twoDatabasesPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>warm start, two databases</title>
    <link rel="icon" href="data:," />
    <style>body { display: flex; gap: 1rem; margin: 0 } todo-app { flex: 1 }</style>
    <script type="module">
      window.todoWidget = await import('/dist/todo-widget.js');
      window.todoWidgetLoaded = true;
    </script>
  </head>
  <body>
    <todo-app list="${LIST}" show-status></todo-app>
    <todo-app list="${LIST}" database="${OTHER_DATABASE}"></todo-app>
  </body>
</html>
`;

/** A page of the site that holds the default database's election lock until told to let go: no leader can open it meanwhile. */
const holdLockPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>holds the election lock</title>
    <link rel="icon" href="data:," />
    <script type="module">
      navigator.locks.request('pglite-election-lock:todo-widget:todo-widget', () => {
        window.held = true;
        return new Promise((resolve) => (window.release = resolve));
      });
    </script>
  </head>
  <body></body>
</html>
`;

/** Double-clicks the title of the row titled `title` in `scope`, types `renamed` and presses Enter. */
async function renameTodo(scope, title, renamed) {
  await todoItem(scope, title).getByTestId('todo-title').dblclick();
  const field = scope.getByRole('textbox', { name: 'Edit' });
  await field.fill(renamed);
  await field.press('Enter');
}

/** Waits until every <todo-app> of `page` shows its live rows (the frame recorder saw it), and a moment more for later frames. */
async function waitForLive(page, apps) {
  await page.waitForFunction(
    (apps) => {
      const last = window.__frames?.at(-1);
      return last && last.apps.length === apps && last.apps.every((app) => app.live);
    },
    apps,
    { timeout: DB_TIMEOUT },
  );
  await page.waitForTimeout(500);
}

/** Waits until `page` shows exactly `todos` live in app `index`, nothing pending. */
async function waitForExactly(page, index, todos, message) {
  const started = Date.now();
  for (;;) {
    const last = (await framesOf(page)).at(-1)?.apps[index];
    if (
      last?.live &&
      last.rows.length > 0 === todos.length > 0 &&
      problemsOf(last, todos).length === 0 &&
      last.counter === counterFor(todos)
    )
      return;
    if (Date.now() - started > DB_TIMEOUT)
      assert.fail(
        `${message}; last seen: ${JSON.stringify(last)}; the database: ${JSON.stringify(todos.map(({ title, completed }) => ({ title, completed })))}`,
      );
    await page.waitForTimeout(100);
  }
}

/**
 * Every frame `page` painted for app `index` checked against `todos`: what went wrong (empty when
 * every frame showed only real rows), and the first frame that drew rows.
 */
function checkFrames(frames, index, todos) {
  const problems = [];
  for (const frame of frames) {
    const app = frame.apps[index];
    if (!app) continue;
    for (const problem of problemsOf(app, todos))
      problems.push(`at ${frame.at} ms (${app.live ? 'live' : 'before live'}): ${problem}`);
  }
  const first = frames.find((frame) => (frame.apps[index]?.rows.length ?? 0) > 0);
  // No flicker: once drawn, the same rows stay drawn (nothing changes the list meanwhile).
  const drawn = (app) =>
    JSON.stringify(app.rows.map(({ position, title, completed }) => ({ position, title, completed })));
  for (const frame of frames.slice(frames.indexOf(first) + 1)) {
    const app = frame.apps[index];
    if (first && app && drawn(app) !== drawn(first.apps[index]))
      problems.push(
        `at ${frame.at} ms (${app.live ? 'live' : 'before live'}): other rows drawn than first: ${drawn(app)}`,
      );
  }
  return { problems, first: first && { at: first.at, ...first.apps[index] } };
}

describe('warm start: the first rows painted are the real rows', { timeout: 600_000 }, () => {
  const site = useSite({ files: { 'index.html': twoDatabasesPage } });

  before(async () => {
    await recordTodoEvents(site.context);
    await recordFrames(site.context);
  });

  it('after a delete, a toggle, a rename and an add in one tab and every tab closed, a new tab paints the real rows before its database runs', async () => {
    const url = `${site.origin}/index.html`;
    const first = await openTab(site.context, url);
    await waitForWorking(first, 'the first tab opens the database');
    const titlesA = [...Array.from({ length: 10 }, (_, i) => `alpha ${i}`), MARKUP_TITLE];
    const titlesB = ['beta 0', 'beta 1', '<b>beta</b> 2'];
    await first.evaluate(
      async ([list, other, a, b]) => {
        await window.todoWidget.getTodoRepository().addMany(a, list);
        await window.todoWidget.getTodoRepository(other).addMany(b, list);
      },
      [LIST, OTHER_DATABASE, titlesA, titlesB],
    );
    await waitForLive(first, 2);

    // Changes in a second tab, through the UI of both widgets, and one more through the first tab's API.
    const second = await openTab(site.context, url);
    await waitForWorking(second, 'the second tab joins');
    await waitForLive(second, 2);
    const [appA, appB] = [second.locator('todo-app').nth(0), second.locator('todo-app').nth(1)];
    await deleteTodo(appA, 'alpha 3');
    await waitForTodoEvent(second, 'todo-remove');
    await toggleTodo(appA, 'alpha 5');
    await waitForTodoEvent(second, 'todo-toggle', 'alpha 5');
    await renameTodo(appA, 'alpha 7', 'alpha 7 renamed');
    await waitForTodoEvent(second, 'todo-rename', 'alpha 7 renamed');
    await addTodo(appA, 'added in the second tab');
    await waitForTodoEvent(second, 'todo-add', 'added in the second tab');
    await toggleTodo(appB, 'beta 1');
    await waitForTodoEvent(second, 'todo-toggle', 'beta 1');
    await first.evaluate(async (list) => {
      const repository = window.todoWidget.getTodoRepository();
      const [todo] = (await repository.getAll(list)).filter((todo) => todo.title === 'alpha 9');
      await repository.delete(todo.id);
    }, LIST);

    const realA = await storedRows(first, LIST);
    const realB = await storedRows(first, LIST, OTHER_DATABASE);
    assert.ok(
      !realA.some((todo) => ['alpha 3', 'alpha 7', 'alpha 9'].includes(todo.title)),
      'the deletes and the rename are in the database',
    );
    // As a user would: the tabs show the changes (and the leader has had its moment to update the snapshots) before closing.
    await waitForExactly(first, 0, realA, 'the first tab shows the changes');
    await waitForExactly(first, 1, realB, 'the first tab shows the change of the other database');
    await first.close();
    await second.close();

    const third = await openTab(site.context, url);
    await waitForLive(third, 2);
    const frames = await framesOf(third);
    assert.equal(await third.evaluate(() => window.__xss), undefined, 'a title with markup ran no script');
    for (const [index, real, name] of [
      [0, realA, 'default database'],
      [1, realB, OTHER_DATABASE],
    ]) {
      const { problems, first: firstRows } = checkFrames(frames, index, real);
      console.log(
        `# ${name}: first rows at ${firstRows?.at} ms (${firstRows?.live ? 'live' : 'from the snapshot'}), ${firstRows?.rows.length} rows, counter ${JSON.stringify(firstRows?.counter)}; live at ${frames.find((frame) => frame.apps[index]?.live)?.at} ms`,
      );
      assert.deepEqual(problems, [], `${name}: every frame shows only the real rows`);
      assert.ok(firstRows, `${name}: rows were painted`);
      assert.equal(
        firstRows.live,
        false,
        `${name}: the first rows were painted before the database ran (from the snapshot)`,
      );
      assert.equal(
        firstRows.rows.length,
        real.length,
        `${name}: the first frame with rows draws every row of the list`,
      );
      assert.equal(
        firstRows.counter,
        counterFor(real),
        `${name}: the footer counts them from the first frame with rows`,
      );
    }
    assert.ok(
      frames.some((frame) => frame.apps[0]?.rows.some((row) => row.title === MARKUP_TITLE)),
      'the title with markup is shown as text',
    );
    await third.close();
  });
});

describe('warm start after a crash between a commit and the snapshot update', { timeout: 900_000 }, () => {
  let server;
  let browser;
  const crashList = 'crash';

  before(async () => {
    // A crashable browser (SIGKILL, restart on the same profile): served by hand, not useSite.
    server = await serveStatic({
      root: writeHostSite({ 'index.html': hostPage({ title: 'warm start after a crash', list: crashList }) }),
    });
    browser = await launchCrashableBrowser({
      onStart: async (context) => {
        await recordTodoEvents(context);
        await recordFrames(context);
      },
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The snapshot state the leader stored for the default database, read from the page. */
  const storedState = (page) =>
    page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('todo-widget-snapshots');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        return await new Promise((resolve, reject) => {
          const get = db.transaction('states').objectStore('states').get('todo-widget');
          get.onsuccess = () => resolve(get.result ?? null);
          get.onerror = () => reject(get.error);
        });
      } finally {
        db.close();
      }
    });

  /** Opens the page on the (restarted) browser, waits until it is live, checks every frame; resolves the first frame with rows. */
  async function openAndCheck(what) {
    const page = await openTab(browser.context, `${server.origin}/index.html`);
    await waitForLive(page, 1);
    const real = await storedRows(page, crashList);
    const { problems, first } = checkFrames(await framesOf(page), 0, real);
    console.log(
      `# ${what}: ${first ? `first rows at ${first.at} ms (${first.live ? 'live' : 'from the snapshot'})` : 'no rows'}, ${real.length} rows stored`,
    );
    assert.deepEqual(problems, [], `${what}: every frame shows only the real rows`);
    return { page, first, real };
  }

  it('a kill after the commit and before the snapshot is updated: the next page shows no out-of-date row', async () => {
    let { page } = await openAndCheck('a new profile');
    await page.evaluate(
      (list) =>
        window.todoWidget.getTodoRepository().addMany(
          Array.from({ length: 8 }, (_, i) => `crash ${i}`),
          list,
        ),
      crashList,
    );
    await waitForExactly(page, 0, await storedRows(page, crashList), 'the page shows the rows');
    // Let the leader list the snapshot, then hold its next updates back.
    const listed = Date.now();
    while (!((await storedState(page))?.valid ?? []).length) {
      if (Date.now() - listed > 10_000)
        assert.fail(`the leader listed no snapshot: ${JSON.stringify(await storedState(page))}`);
      await page.waitForTimeout(100);
    }
    const [worker] = page.workers();
    await worker.evaluate(() => globalThis.todoWidgetDiagnostics.holdSnapshots(true));

    await deleteTodo(page, 'crash 2');
    await waitForTodoEvent(page, 'todo-remove');
    await toggleTodo(page, 'crash 4');
    await waitForTodoEvent(page, 'todo-toggle', 'crash 4');
    const state = await storedState(page);
    assert.deepEqual(
      state?.valid,
      [],
      'the committed writes left no snapshot listed as current (held: no new one listed)',
    );
    await browser.crash();
    await browser.restart();

    let first;
    let real;
    ({ page, first, real } = await openAndCheck('after the kill'));
    assert.ok(
      !real.some((todo) => todo.title === 'crash 2') && real.find((todo) => todo.title === 'crash 4')?.completed,
      'the acknowledged writes survived the kill',
    );
    assert.equal(first?.live, true, 'no snapshot was shown: the one stored was out of date');

    // The leader lists the snapshot again once it has read the rows: a normal close and reopen paint it.
    await page.waitForTimeout(1_000);
    await page.close();
    ({ page, first } = await openAndCheck('reopened after a normal close'));
    assert.equal(first?.live, false, 'the snapshot written after the crash is painted before the database runs');

    // A kill right after a change is acknowledged, with no hold: whichever side of the update it lands, nothing out of date shows.
    await toggleTodo(page, 'crash 6');
    await waitForTodoEvent(page, 'todo-toggle', 'crash 6');
    await browser.crash();
    await browser.restart();
    ({ page } = await openAndCheck('after a kill right after a toggle'));
    await page.close();
  });
});

describe('warm start: the list is usable before the database runs', { timeout: 600_000 }, () => {
  const useList = 'use';
  const site = useSite({
    files: {
      'index.html': hostPage({ title: 'usable during a warm start', list: useList }),
      'hold.html': holdLockPage,
    },
  });

  before(async () => {
    await recordTodoEvents(site.context);
    await recordFrames(site.context);
  });

  it('a toggle, a rename, a delete and an add on the snapshot rows show as pending and are applied once the database runs', async () => {
    const url = `${site.origin}/index.html`;
    const seeding = await openTab(site.context, url);
    await waitForWorking(seeding, 'the database opens');
    await seeding.evaluate(
      (list) =>
        window.todoWidget.getTodoRepository().addMany(
          Array.from({ length: 8 }, (_, i) => `use ${i}`),
          list,
        ),
      useList,
    );
    await waitForExactly(seeding, 0, await storedRows(seeding, useList), 'the rows are shown');
    await seeding.waitForTimeout(1_000);
    await seeding.close();

    // No leader can open the database until the holder lets go: the page lives on its snapshot meanwhile.
    const holder = await site.context.newPage();
    await holder.goto(`${site.origin}/hold.html`);
    await holder.waitForFunction(() => window.held === true);
    const page = await openTab(site.context, url);
    await todoItem(page, 'use 0')
      .waitFor({ timeout: 10_000 })
      .catch(() => assert.fail('the snapshot rows were not painted while the database could not start'));
    const busy = () =>
      page
        .locator('todo-list')
        .evaluate((list) => list.shadowRoot.querySelector('section.main').getAttribute('aria-busy'));
    assert.equal(await busy(), 'true', 'the list is not live yet');

    await toggleTodo(page, 'use 1');
    await renameTodo(page, 'use 2', 'use 2 renamed');
    await deleteTodo(page, 'use 3');
    await addTodo(page, 'typed before the database ran');
    for (const title of ['use 1', 'use 2 renamed', 'use 3', 'typed before the database ran']) {
      // The row's host (<todo-item>, the listitem) says it is busy; the li inside is TodoMVC's shape.
      await page
        .locator('todo-item[aria-busy="true"]')
        .filter({ has: todoItem(page, title) })
        .waitFor({ timeout: 5_000 })
        .catch(() => assert.fail(`"${title}" does not show as pending`));
    }
    assert.equal(
      await todoItem(page, 'use 1').getByRole('checkbox').isChecked(),
      true,
      'the toggled row shows its new state',
    );
    assert.equal(
      await page
        .getByTestId('todo-count')
        .textContent()
        .then((text) => text.trim()),
      '7 items left',
      'the counter counts the pending changes',
    );
    assert.equal(await busy(), 'true', 'still not live: every change waits');

    await holder.evaluate(() => window.release());
    await holder.close();
    await waitForLive(page, 1);
    for (const [type, title] of [
      ['todo-toggle', 'use 1'],
      ['todo-rename', 'use 2 renamed'],
      ['todo-remove', undefined],
      ['todo-add', 'typed before the database ran'],
    ]) {
      await waitForTodoEvent(page, type, title);
    }
    const real = await storedRows(page, useList);
    assert.deepEqual(
      real.map(({ title, completed }) => `${title}${completed ? ' (done)' : ''}`),
      ['use 0', 'use 1 (done)', 'use 2 renamed', 'use 4', 'use 5', 'use 6', 'use 7', 'typed before the database ran'],
      'every change made before the database ran is in it, once',
    );
    await waitForExactly(page, 0, real, 'the list shows the database, nothing pending');
    await page.close();
  });
});
