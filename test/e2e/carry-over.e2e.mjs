// The production build opening databases the previous release's engine wrote (issue 24): PGlite
// 0.5.16 writes 1,000 todos and a host's tables in this browser profile (the fixture page,
// test/e2e/fixtures/engine-0-5, built here with Vite), then the new build carries them over on
// its first start. On a crashable Chromium:
//   - SIGKILL at points of the carry-over (while the new engine restores, once it compared, right
//     after the switch): the next start ends with everything there exactly once, old files gone;
//   - the old engine's chunk answering 404: a clear error, the old files byte for byte as they were;
//   - two tabs during the carry-over: the second waits, then shows the list; its add is kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { assertSameEverything, buildEngine05Fixture } from './support/engine-0-5-fixture.mjs';
import { launchCrashableBrowser } from './support/crashable-browser.mjs';
import { serveStatic } from './support/static-server.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, waitForLiveList, writeSite } from './support/todo-page.mjs';
import { openHostPage } from './support/todo-view.mjs';

/** The host page: the widget on `?database=` and `?storage=`, recording the carry-over's progress. */
const HOST_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>carry-over host</title>
    <link rel="icon" href="data:," />
    <script type="module">
      const params = new URLSearchParams(location.search);
      const database = params.get('database');
      window.carryOver = [];
      new BroadcastChannel('todo-widget:' + database + ':leader:carry-over').onmessage = (event) =>
        window.carryOver.push(event.data);
      window.todoWidget = await import('/dist/todo-widget.js');
      window.todoWidget.configure({ database, storage: params.get('storage') });
      document.body.insertAdjacentHTML('beforeend', '<todo-app list="home" show-status></todo-app>');
      window.todoWidgetLoaded = true;
    </script>
  </head>
  <body></body>
</html>
`;

/** Writes the database with the old engine in a tab of `context`; resolves everything it holds. */
async function writeWithOldEngine(context, origin, database, storage) {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/fixture/index.html?database=${database}&storage=${storage}`);
    const reply = await page.evaluate(() => window.fixture);
    assert.ok(reply.ok, `the old engine could not write the fixture: ${reply.error}`);
    assert.equal(reply.everything.todos.length, 1000);
    return reply.everything;
  } finally {
    await page.close();
  }
}

/** What the new engine leaves where the old files were: a PG_VERSION of its own major, nothing else. */
const FENCE_SHA256 = createHash('sha256').update('19\n').digest('hex');

/** SHA-256 of every file under the OPFS directory `name`, or null when there is none. */
const opfsFiles = (page, name) =>
  page.evaluate(async (name) => {
    const hex = async (blob) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
    let dir;
    try {
      dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    } catch {
      return null;
    }
    const files = {};
    const walk = async (dir, path) => {
      for await (const [entry, handle] of dir.entries()) {
        if (handle.kind === 'directory') await walk(handle, `${path}/${entry}`);
        else files[`${path}/${entry}`] = await hex(await handle.getFile());
      }
    };
    await walk(dir, '');
    return files;
  }, name);

/** What the database holds, read by the new engine through the page's client (same query as the fixture's). */
async function everythingNow(page, sql) {
  const rows = await page.evaluate(
    (sql) => window.todoWidget.getDatabaseClient().query(sql, [], { idempotent: true }),
    sql,
  );
  return rows[0].everything;
}

const assertSame = (now, old, what) => assertSameEverything(assert, now, old, what);

describe('carrying a 0.5 database over to the new engine, in the production build', () => {
  let fixtureDir;
  let site;
  let server;
  let refusing = false;
  /** The query both engines answer with everything (support/everything.ts; Node reads it from the fixture page). */
  let sql;

  before(async () => {
    fixtureDir = await buildEngine05Fixture();
    site = writeSite({ 'index.html': HOST_PAGE });
    symlinkSync(resolve(process.env.E2E_DIST ?? 'dist'), join(site, 'dist'));
    symlinkSync(fixtureDir, join(site, 'fixture'));
    server = await serveStatic({
      root: site,
      refuse: (pathname) => refusing && /\/from-pglite-0-5-[^/]+\.js$/.test(pathname),
    });
  });

  after(async () => {
    await server?.close();
    if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
  });

  async function everythingQuery(context) {
    if (sql) return sql;
    const page = await context.newPage();
    await page.goto(`${server.origin}/fixture/index.html?database=unused-${Date.now()}&storage=opfs`);
    sql = await page.evaluate(() => window.everythingSql);
    await page.close();
    return sql;
  }

  for (const [storage, step] of [
    ['opfs', 'copying'],
    ['opfs', 'verifying'],
    ['opfs', 'switched'],
    ['idb', 'copying'],
  ]) {
    it(`SIGKILL at "${step}" on ${storage}: the next start has everything exactly once, and the old files go (fenced)`, async () => {
      const browser = await launchCrashableBrowser({ onStart: recordTodoEvents });
      try {
        const database = `carry-${storage}-${step}`;
        const old = await writeWithOldEngine(browser.context, server.origin, database, storage);
        const query = await everythingQuery(browser.context);
        const url = `${server.origin}/index.html?database=${database}&storage=${storage}`;
        const page = await openHostPage(browser.context, url, []);
        await page.waitForFunction((step) => window.carryOver.some((message) => message.step === step), step, {
          timeout: DB_TIMEOUT,
          polling: 20,
        });
        const seen = await page.evaluate(() => window.carryOver.map((message) => message.step));
        await browser.crash();
        console.log(`killed at "${step}" on ${storage}, after ${seen.join(' → ')}`);

        await browser.restart();
        const problems = [];
        browser.context.on('console', (message) => {
          if (message.type() === 'warning') problems.push(message.text());
        });
        const again = await openHostPage(browser.context, url, problems);
        await waitForLiveList(again);
        const startup = await again.evaluate(() => window.todoWidget.getDatabaseClient().info?.startup);
        console.log(`the start after the SIGKILL: ${JSON.stringify(startup)}; ${problems.join('; ')}`);
        assertSame(await everythingNow(again, query), old, `after a SIGKILL at "${step}"`);
        await again.locator('todo-item').first().waitFor({ timeout: DB_TIMEOUT });
        if (storage === 'opfs') {
          // Gone, and fenced: a tab of the previous release cannot start a database there (previous-engine-fence.ts).
          assert.deepEqual(await opfsFiles(again, database), { '/PG_VERSION': FENCE_SHA256 }, 'the old files are gone');
          assert.notEqual(await opfsFiles(again, `${database}~pg19`), null, 'the new files are there');
        }
        // Usable: an add is saved and shows.
        await addTodo(again, 'after the carry-over');
        await again.locator('todo-item', { hasText: 'after the carry-over' }).first().waitFor({ timeout: DB_TIMEOUT });
      } finally {
        await browser.close();
      }
    });
  }

  it('the old engine cannot be downloaded (404): a clear error, the old files byte for byte', async () => {
    const browser = await launchCrashableBrowser({ onStart: recordTodoEvents });
    try {
      const database = 'carry-404';
      await writeWithOldEngine(browser.context, server.origin, database, 'opfs');
      const probe = await browser.context.newPage();
      await probe.goto(`${server.origin}/fixture/index.html?database=probe-${Date.now()}&storage=opfs`);
      const before = await opfsFiles(probe, database);
      assert.ok(before && Object.keys(before).length > 10);
      refusing = true;
      const page = await openHostPage(
        browser.context,
        `${server.origin}/index.html?database=${database}&storage=opfs`,
        [],
      );
      const error = page.locator('todo-app [data-testid="start-failed"]');
      await error.waitFor({ timeout: DB_TIMEOUT });
      assert.match(await error.innerText(), /could not be carried over.*could not be downloaded.*kept as they were/s);
      await page.close();
      assert.deepEqual(await opfsFiles(probe, database), before);
      assert.equal(await opfsFiles(probe, `${database}~pg19`), null, 'no new files were kept');
    } finally {
      refusing = false;
      await browser.close();
    }
  });

  it('two tabs during the carry-over: both end with every todo, and an add typed meanwhile is kept once', async () => {
    const browser = await launchCrashableBrowser({ onStart: recordTodoEvents });
    try {
      const database = 'carry-two-tabs';
      const old = await writeWithOldEngine(browser.context, server.origin, database, 'opfs');
      const query = await everythingQuery(browser.context);
      const url = `${server.origin}/index.html?database=${database}&storage=opfs`;
      const first = await openHostPage(browser.context, url, []);
      await first.waitForFunction(() => window.carryOver.length > 0, undefined, { timeout: DB_TIMEOUT });
      const second = await openHostPage(browser.context, url, []);
      // A tab that joins meanwhile says what is going on, with how far it is (a progress bar).
      const notice = second.locator('todo-app [data-testid="upgrade-notice"]');
      await notice.waitFor({ timeout: DB_TIMEOUT });
      assert.match(await notice.innerText(), /Upgrading your todos/);
      assert.ok(Number(await notice.locator('progress').getAttribute('value')) > 0, 'the progress bar has a value');
      await addTodo(second, 'typed during the carry-over');
      // The add goes to the end of a list of 334: it is not drawn, so the database is asked.
      for (const page of [first, second]) {
        await waitForLiveList(page);
        await page.waitForFunction(
          async () =>
            (
              await window.todoWidget
                .getDatabaseClient()
                .query(`select id from todos where title = 'typed during the carry-over'`, [], { idempotent: true })
            ).length === 1,
          undefined,
          { timeout: DB_TIMEOUT, polling: 500 },
        );
      }
      const now = await everythingNow(second, query);
      const added = now.todos.filter((row) => row.includes('typed during the carry-over'));
      assert.equal(added.length, 1, 'the add is there exactly once');
      assertSame(
        { ...now, todos: now.todos.filter((row) => !added.includes(row)), counts: old.counts },
        old,
        'two tabs',
      );
    } finally {
      await browser.close();
    }
  });
});
