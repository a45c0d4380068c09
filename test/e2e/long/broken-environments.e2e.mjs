// The widget in browsers and pages that get in its way, against the production build:
// site data blocked by the user, a Content-Security-Policy that forbids the worker or WASM,
// a missing WASM file, and a storage quota that runs out mid-write. Each is made to happen
// for real (browser settings, response headers, CDP quota override), never simulated in code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchPage } from '../support/browser.mjs';
import { distDir, openSite, useSite } from '../support/site.mjs';
import {
  DB_TIMEOUT,
  addTodo,
  recordTodoEvents,
  todoItem,
  toggleTodo,
  waitForTodoEvent,
  writeSite,
} from '../support/todo-page.mjs';

/**
 * A host page that configures the widget from `?config=<json>` before adding `<todo-app>`
 * (configure() must run before the first element connects). The script is a file, not
 * inline, so a strict `script-src 'self'` lets it run.
 */
const hostPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>broken environments host</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/host.js"></script>
  </head>
  <body></body>
</html>
`;
const hostScript = `
const widget = await import('/dist/todo-widget.js');
const config = JSON.parse(new URLSearchParams(location.search).get('config') ?? '{}');
widget.configure(config);
window.todoWidget = widget;
const app = document.createElement('todo-app');
app.setAttribute('list', 'env');
app.setAttribute('show-status', '');
document.body.append(app);
window.todoWidgetLoaded = true;
`;

/**
 * A folder holding the host page and `dist` (minus `omit`ted asset files; `replace` returns other
 * bytes for a file, or undefined to keep it).
 */
function hostSite({ omit = () => false, replace = () => undefined } = {}) {
  const dist = distDir();
  const root = writeSite({ 'index.html': hostPage, 'host.js': hostScript });
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  for (const name of readdirSync(dist)) if (name !== 'assets') symlinkSync(join(dist, name), join(root, 'dist', name));
  for (const name of readdirSync(join(dist, 'assets'))) {
    if (omit(name)) continue;
    const replacement = replace(name);
    if (replacement) writeFileSync(join(root, 'dist', 'assets', name), replacement);
    else symlinkSync(join(dist, 'assets', name), join(root, 'dist', 'assets', name));
  }
  return root;
}

/**
 * For tests that each need a site of their own (other files, other headers): returns `open`,
 * which serves one (`hostSite` options and `headers`) with a browser of its own that records the
 * widget's events; each is closed after the describe.
 */
function useSitePerTest() {
  const sites = [];
  after(async () => {
    for (const site of sites) await site.close();
  });
  return async ({ headers = {}, ...files } = {}) => {
    const site = await openSite({ root: hostSite(files), serve: { headers } });
    sites.push(site);
    await recordTodoEvents(site.context);
    return site;
  };
}

const url = (site, config = {}) => `${site.origin}/index.html?config=${encodeURIComponent(JSON.stringify(config))}`;

const statusText = async (page) => (await page.getByTestId('db-status').textContent())?.trim() ?? '';
const todoErrors = (page) =>
  page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error').map((event) => event.error));

/**
 * Waits for the first `todo-error` and checks that the widget shows it: the list's alert names
 * the cause, and nothing is left spinning.
 */
async function expectStartFailure(page, pattern) {
  const started = Date.now();
  const event = await waitForTodoEvent(page, 'todo-error', undefined, 60_000);
  assert.match(event.error, pattern);
  const alert = page.locator('todo-list').getByRole('alert');
  await alert.waitFor({ timeout: 10_000 });
  assert.match(await alert.textContent(), /could not be loaded/);
  await page.getByTestId('db-status').filter({ hasText: 'could not start' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByText('Loading todos…').count(), 0, 'no spinner left');
  return { event, elapsedMs: Date.now() - started };
}

describe('site data blocked by the user', { timeout: 600_000 }, () => {
  // Chromium's "Don't allow sites to save data on your device": IndexedDB, OPFS and Web Locks
  // all throw SecurityError (or "user denied permission") for every site.
  const profileDir = mkdtempSync(join(tmpdir(), 'todo-e2e-blocked-'));
  mkdirSync(join(profileDir, 'Default'));
  writeFileSync(
    join(profileDir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }),
  );
  const site = useSite({ root: () => hostSite(), launch: { profileDir } });
  before(() => recordTodoEvents(site.context));

  it('storage really is blocked in this browser', async () => {
    const page = await site.context.newPage();
    await page.goto(`${site.origin}/index.html?config=${encodeURIComponent('{"storage":"memory"}')}`);
    const blocked = await page.evaluate(async () => {
      const fails = (promise) =>
        promise.then(
          () => false,
          () => true,
        );
      return {
        opfs: await fails(navigator.storage.getDirectory()),
        locks: await fails(navigator.locks.query()),
        idb: await fails(
          new Promise((resolve, reject) => {
            const request = indexedDB.open('probe');
            request.onsuccess = resolve;
            request.onerror = () => reject(request.error);
          }),
        ),
      };
    });
    assert.deepEqual(blocked, { opfs: true, locks: true, idb: true });
    await page.close();
  });

  it('by default falls back to memory: the widget works and says visibly that nothing is saved', async () => {
    const page = await site.context.newPage();
    const problems = watchPage(page);
    await page.goto(url(site));
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor({ timeout: DB_TIMEOUT });
    assert.match(await notice.textContent(), /Not saved: This browser blocks both OPFS and IndexedDB for this site/);
    assert.match(await statusText(page), /not saved: storage is blocked, in-memory only/);

    await addTodo(page, 'kept in memory');
    await waitForTodoEvent(page, 'todo-add', 'kept in memory');
    await toggleTodo(page, 'kept in memory');
    await waitForTodoEvent(page, 'todo-toggle', 'kept in memory');
    const info = await page.evaluate(() => window.todoWidget.getDatabaseClient().info);
    assert.equal(info.storage, 'memory');
    assert.equal(info.durable, false);

    // Without Web Locks no tab can coordinate with another: a second tab runs its own
    // database (and says so) instead of hanging or fighting over one.
    const second = await site.context.newPage();
    watchPage(second, problems);
    await second.goto(url(site));
    await second.getByTestId('storage-notice').waitFor({ timeout: DB_TIMEOUT });
    await addTodo(second, 'second tab');
    await waitForTodoEvent(second, 'todo-add', 'second tab');
    assert.equal(await todoItem(page, 'kept in memory').count(), 1, 'the first tab still has its todo');
    await second.close();

    // "Not saved" is the truth: a reload starts empty.
    await page.reload();
    await page.getByTestId('storage-notice').waitFor({ timeout: DB_TIMEOUT });
    await page.getByTestId('db-status').filter({ hasText: 'leader' }).waitFor({ timeout: DB_TIMEOUT });
    assert.equal(await page.getByTestId('todo-item').count(), 0);
    assert.deepEqual(await todoErrors(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('with memoryFallback: false shows a clear error at once instead of an unsaved list', async () => {
    const page = await site.context.newPage();
    await page.goto(url(site, { memoryFallback: false }));
    const { elapsedMs } = await expectStartFailure(
      page,
      /^StorageUnavailableError: This browser blocks storage for this site/,
    );
    console.log(`# blocked storage without fallback: error shown after ${elapsedMs} ms`);
    assert.match(await page.locator('todo-app').getByRole('alert').first().textContent(), /blocks storage/);
    assert.equal(await page.getByTestId('storage-notice').count(), 0);
    // The field still takes text; nothing pretends to have saved it.
    await addTodo(page, 'cannot be saved');
    await page.waitForFunction(
      () => window.__todoEvents.filter((event) => event.type === 'todo-error').length >= 2,
      null,
      { timeout: DB_TIMEOUT },
    );
    assert.equal(await page.evaluate(() => window.__todoEvents.some((event) => event.type === 'todo-add')), false);
    await page.close();
  });
});

describe('a host page served over plain HTTP (not a secure context)', { timeout: 600_000 }, () => {
  // A name other than localhost, resolved to this machine: Chromium treats http:// on it as
  // insecure (no Web Locks, no crypto.randomUUID, no OPFS), as on any plain-HTTP intranet host.
  const site = useSite({
    root: () => hostSite(),
    launch: { extraArgs: ['--host-resolver-rules=MAP plain-http.test 127.0.0.1'] },
  });
  before(() => recordTodoEvents(site.context));

  it('says a secure context (HTTPS) is needed, in the widget and as todo-error, and starts no worker', async () => {
    const page = await site.context.newPage();
    const { port } = new URL(site.origin);
    await page.goto(`http://plain-http.test:${port}/index.html`);
    await page.waitForFunction(() => window.todoWidgetLoaded === true);
    assert.deepEqual(
      await page.evaluate(() => ({
        secure: isSecureContext,
        locks: 'locks' in navigator,
        randomUUID: typeof crypto.randomUUID,
      })),
      { secure: false, locks: false, randomUUID: 'undefined' },
      'really not a secure context',
    );
    const event = await waitForTodoEvent(page, 'todo-error', undefined, 60_000);
    assert.match(event.error, /^InsecureContextError: .*secure context/);
    const alert = page.locator('todo-list').getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    assert.match(await alert.textContent(), /HTTPS/);
    // Every attempt to start fails the same way, and none leaves a worker behind.
    const attempts = await page.evaluate(async () => {
      const names = [];
      for (let i = 0; i < 3; i++) {
        await window.todoWidget
          .getDatabaseClient()
          .init()
          .then(
            () => names.push('started'),
            (error) => names.push(error.name),
          );
      }
      return names;
    });
    assert.deepEqual(attempts, ['InsecureContextError', 'InsecureContextError', 'InsecureContextError']);
    assert.deepEqual(
      page.workers().map((worker) => worker.url()),
      [],
      'no worker was started (or each was ended)',
    );
    // In the page's language too.
    await page.evaluate(() => document.documentElement.setAttribute('lang', 'de'));
    await page.locator('todo-list').getByRole('alert').filter({ hasText: 'HTTPS' }).waitFor({ timeout: 10_000 });
    assert.match(await alert.textContent(), /sicheren Kontext|HTTPS/);
    await page.close();
  });
});

describe('the worker or its WASM cannot load', { timeout: 600_000 }, () => {
  const siteFor = useSitePerTest();
  let opened = 0;
  /** The site the last `open` served. */
  let site;

  async function open(options) {
    site = await siteFor(options);
    const page = await site.context.newPage();
    await page.goto(url(site, { database: `env-${++opened}`, startTimeoutMs: 60_000 }));
    return page;
  }

  it('a CSP that forbids workers: todo-error with the cause, shown, no hang', async () => {
    const page = await open({ headers: { 'Content-Security-Policy': "worker-src 'none'" } });
    const { event, elapsedMs } = await expectStartFailure(page, /^WorkerStartError: /);
    console.log(`# worker-src 'none': ${event.error} (after ${elapsedMs} ms)`);
    await page.close();
  });

  it('a CSP without wasm-unsafe-eval: todo-error names WebAssembly, shown, no hang', async () => {
    // Sent with every response, the worker script's too, as a site-wide header would be.
    const page = await open({ headers: { 'Content-Security-Policy': "script-src 'self'; worker-src 'self'" } });
    const { event, elapsedMs } = await expectStartFailure(page, /^DatabaseStartError: .*WebAssembly/);
    console.log(`# no 'wasm-unsafe-eval': ${event.error} (after ${elapsedMs} ms)`);
    await page.close();
  });

  /** The widget starts on PGlite's own files (initdb in the browser), and a todo survives a reload. */
  async function expectStartOnPGlitesOwnFiles(site, page, what) {
    const title = `kept without ${what}`;
    await page.getByTestId('db-status').filter({ hasText: 'OPFS' }).waitFor({ timeout: 120_000 });
    await addTodo(page, title);
    await waitForTodoEvent(page, 'todo-add', title);
    await page.reload();
    await page.locator('todo-item').filter({ hasText: title }).waitFor({ timeout: 120_000 });
    const fetched = site.requests.map((path) => path.split('/').pop());
    assert.ok(
      fetched.some((name) => /^initdb-.*\.wasm$/.test(name)) && fetched.some((name) => /^pglite-.*\.data$/.test(name)),
      `PGlite's own initdb.wasm and pglite.data were fetched: ${fetched.join(', ')}`,
    );
    assert.deepEqual(await todoErrors(page), [], 'no todo-error');
    // The widget's settings were recorded on the first start and apply from the second.
    const setting = await page.evaluate(() => window.todoWidget.getDatabaseClient().queryOne('show shared_buffers'));
    assert.deepEqual(setting, { shared_buffers: '32MB' });
  }

  it("the prepared database and runtime files are missing (404): PGlite's own files and initdb, nothing lost", async () => {
    const page = await open({ omit: (name) => /^(data-dir\.tar|fs-bundle)-/.test(name) });
    await expectStartOnPGlitesOwnFiles(site, page, 'prepared files');
    await page.close();
  });

  it("the prepared database arrives damaged (a proxy rewrote it): PGlite's own files and initdb, nothing lost", async () => {
    const page = await open({
      replace: (name) => (/^data-dir\.tar-/.test(name) ? Buffer.from('<html>Access denied</html>') : undefined),
    });
    await expectStartOnPGlitesOwnFiles(site, page, 'a good prepared database');
    await page.close();
  });

  it("PGlite's WASM file is missing (404): todo-error with the cause, shown, no hang", async () => {
    const page = await open({ omit: (name) => name.endsWith('.wasm') });
    const { event, elapsedMs } = await expectStartFailure(page, /^DatabaseStartError: /);
    console.log(`# WASM 404: ${event.error} (after ${elapsedMs} ms)`);
    await page.close();
  });
});

describe('the storage quota runs out during a write', { timeout: 600_000 }, () => {
  const site = useSite({ root: () => hostSite() });
  before(() => recordTodoEvents(site.context));

  const addedTitles = (page) =>
    page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-add').map((event) => event.title));
  const storedTitles = (page) =>
    page.evaluate(async () =>
      (await window.todoWidget.getDatabaseClient().query("select title from todos where list = 'env' order by id")).map(
        (row) => row.title,
      ),
    );

  it('the write rejects with StorageFullError, the widget shows it, and earlier todos survive a reload', async () => {
    const page = await site.context.newPage();
    await page.goto(url(site));
    await page.getByTestId('db-status').filter({ hasText: 'OPFS' }).waitFor({ timeout: DB_TIMEOUT });
    const before = ['before one', 'before two', 'before three'];
    for (const title of before) {
      await addTodo(page, title);
      await waitForTodoEvent(page, 'todo-add', title);
    }

    // A real quota, enforced by the browser's storage layer: a little above what is used now.
    const cdp = await site.context.newCDPSession(page);
    const { usage } = await page.evaluate(() => navigator.storage.estimate());
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: site.origin, quotaSize: usage + 64 * 1024 });

    let failure;
    let attempts = 0;
    for (; attempts < 200 && !failure; attempts++) {
      const title = `filler ${attempts} ${'x'.repeat(900)}`;
      await addTodo(page, title);
      const outcome = await page.waitForFunction(
        (title) =>
          window.__todoEvents.find(
            (event) => (event.type === 'todo-add' && event.title === title) || event.type === 'todo-error',
          ),
        title,
        { timeout: DB_TIMEOUT },
      );
      const event = await outcome.jsonValue();
      if (event.type === 'todo-error') failure = { ...event, title };
    }
    assert.ok(failure, `no write failed after ${attempts} adds over a quota of usage + 64 KiB`);
    console.log(`# quota full after ${attempts} adds of ~1 KB: ${failure.error.slice(0, 160)}`);
    assert.match(failure.error, /^StorageFullError: The browser's storage for this site is full/);
    const shown = page.locator('todo-app').getByRole('alert').filter({ hasText: 'storage for this site is full' });
    await shown.first().waitFor({ timeout: 10_000 });
    const acknowledged = await addedTitles(page);

    // Space again, and a fresh start from what is on disk.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: site.origin });
    await page.reload();
    await page.getByTestId('db-status').filter({ hasText: 'OPFS' }).waitFor({ timeout: DB_TIMEOUT });
    const stored = await storedTitles(page);
    // Every todo whose add was acknowledged is there, once, in order; the failed one may or
    // may not be (the error says so), and nothing else is.
    assert.deepEqual(stored.slice(0, before.length), before, 'the todos from before the quota');
    assert.deepEqual(
      stored.filter((title) => title !== failure.title),
      acknowledged,
      'acknowledged todos after reload',
    );
    console.log(
      `# after reload: ${stored.length} todos; the refused one ${stored.includes(failure.title) ? 'was' : 'was not'} saved after all`,
    );
    // The list's own subscription may deliver a moment after the direct read above.
    let shownTitles = [];
    for (const started = Date.now(); Date.now() - started < 15_000; await page.waitForTimeout(200)) {
      shownTitles = await page.getByTestId('todo-title').allTextContents();
      if (shownTitles.length >= stored.length) break;
    }
    assert.deepEqual(shownTitles, stored, 'the widget shows what is stored');
    // And the database works normally again.
    await addTodo(page, 'after the quota');
    await waitForTodoEvent(page, 'todo-add', 'after the quota');
    await page.close();
  });
});

describe('a host page that enforces Trusted Types', { timeout: 600_000 }, () => {
  const siteFor = useSitePerTest();

  it("works where the page allows the widget's policy (trusted-types todo-widget lit-html)", async () => {
    const site = await siteFor({
      headers: { 'Content-Security-Policy': "require-trusted-types-for 'script'; trusted-types todo-widget lit-html" },
    });
    const page = await site.context.newPage();
    const problems = watchPage(page);
    await page.goto(url(site));
    await page
      .getByTestId('db-status')
      .filter({ hasText: /leader|follower/ })
      .waitFor({ timeout: DB_TIMEOUT });
    await addTodo(page, 'typed under Trusted Types');
    await waitForTodoEvent(page, 'todo-add', 'typed under Trusted Types');
    await todoItem(page, 'typed under Trusted Types').waitFor();
    assert.deepEqual(
      problems.filter((problem) => /Trusted|TrustedScriptURL|violat/i.test(problem)),
      [],
      'no Trusted Types violation',
    );
    await page.close();
  });

  it('says why where the page does not allow it: todo-error with the cause, shown, no hang', async () => {
    const site = await siteFor({
      headers: { 'Content-Security-Policy': "require-trusted-types-for 'script'; trusted-types lit-html" },
    });
    const page = await site.context.newPage();
    await page.goto(url(site));
    const event = await waitForTodoEvent(page, 'todo-error', undefined, 60_000);
    assert.match(event.error, /^WorkerStartError: .*TrustedScriptURL/);
    await page.getByTestId('db-status').filter({ hasText: 'could not start' }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
