// The script-tag embed, end to end, against the production build (`npm run build`):
// dist/ on one origin (the "CDN", with CORS), the host page on another, as on a real site.
// The host page is exactly the snippet in README.md ("Quick start").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { watchPage } from './support/browser.mjs';
import { embedPage as hostPage, strictCsp } from './support/embed-site.mjs';
import { distDir, useSite } from './support/site.mjs';
import { serveStatic } from './support/static-server.mjs';
import {
  DB_TIMEOUT,
  addTodo,
  deleteTodo,
  recordTodoEvents,
  todoItem,
  toggleTodo,
  waitForLiveList,
  waitForTodoEvent,
  writeSite,
} from './support/todo-page.mjs';

const distDemo = resolve('dist-demo');

describe('script-tag embed from another origin', { timeout: 600_000 }, () => {
  const servers = [];
  // The asset host (the site useSite serves) holds dist/ under /todo-widget/, as a CDN path would.
  const cdn = useSite({
    root: () => {
      const dist = distDir();
      assert.ok(
        existsSync(join(dist, 'todo-widget.js')),
        `${dist}/todo-widget.js is missing: run \`npm run build\` first`,
      );
      const dir = mkdtempSync(join(tmpdir(), 'todo-cdn-'));
      symlinkSync(dist, join(dir, 'todo-widget'), 'dir');
      return dir;
    },
    serve: { host: '127.0.0.1', cors: true },
  });

  before(async () => {
    await recordTodoEvents(cdn.context);
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    if (cdn.dir) rmSync(cdn.dir, { recursive: true, force: true });
  });

  /** A host site on its own origin (localhost:port, never 127.0.0.1, so always cross-origin to the CDN). */
  async function hostSite(headers = {}) {
    const root = writeSite({ 'index.html': hostPage(`${cdn.origin}/todo-widget/todo-widget.js`) });
    const server = await serveStatic({ root, host: 'localhost', headers });
    servers.push(server);
    return server;
  }

  const cdnRequests = (pattern) => cdn.requests.filter((path) => pattern.test(path)).length;

  it('renders, adds, toggles and deletes; after a reload the remaining todos are there; a second tab downloads no WASM', async () => {
    const site = await hostSite();
    const page = await cdn.context.newPage();
    const problems = watchPage(page);

    await page.goto(`${site.origin}/`);
    await page.getByRole('textbox', { name: 'New todo' }).waitFor({ timeout: DB_TIMEOUT });

    await addTodo(page, 'Buy milk');
    await addTodo(page, 'Walk the dog');
    await waitForTodoEvent(page, 'todo-add', 'Buy milk');
    await waitForTodoEvent(page, 'todo-add', 'Walk the dog');

    await toggleTodo(page, 'Buy milk');
    const toggled = await waitForTodoEvent(page, 'todo-toggle', 'Buy milk');
    assert.equal(toggled.completed, true);

    await deleteTodo(page, 'Walk the dog');
    await waitForTodoEvent(page, 'todo-remove');
    await todoItem(page, 'Walk the dog').waitFor({ state: 'detached', timeout: DB_TIMEOUT });

    // One worker, started from a same-origin blob: that imports the CDN's worker script.
    assert.equal(page.workers().length, 1, 'one worker');
    assert.match(page.workers()[0].url(), /^blob:/);
    assert.equal(cdnRequests(/\/assets\/pglite\.worker-[^/]+\.js$/), 1, 'worker script fetched once');
    assert.equal(cdnRequests(/\/assets\/pglite-[^/]+\.wasm$/), 1, 'the leader fetched the WASM from the CDN');

    await page.reload();
    const milk = todoItem(page, 'Buy milk');
    await milk.waitFor({ timeout: DB_TIMEOUT });
    // Its database running again (the rows above may be the snapshot's): the WASM it fetched is the leader's.
    await waitForLiveList(page);
    assert.equal(
      await milk.getByRole('checkbox', { name: 'Toggle Todo' }).isChecked(),
      true,
      'still done after reload',
    );
    assert.equal(await todoItem(page, 'Walk the dog').count(), 0, 'deleted stays deleted');

    // A second tab of the same site is a follower: it reads through the leader and never
    // downloads PGlite's WASM or data.
    const wasmBefore = cdnRequests(/\.(wasm|data)$/);
    const second = await cdn.context.newPage();
    watchPage(second, problems);
    await second.goto(`${site.origin}/`);
    await todoItem(second, 'Buy milk').waitFor({ timeout: DB_TIMEOUT });
    await addTodo(second, 'Added in tab two');
    await todoItem(page, 'Added in tab two').waitFor({ timeout: DB_TIMEOUT });
    assert.equal(cdnRequests(/\.(wasm|data)$/), wasmBefore, 'the follower tab downloaded no WASM or data');

    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await second.close();
    await page.close();
  });

  it('works on a host page with the strict Content-Security-Policy from the docs', async () => {
    const site = await hostSite({ 'Content-Security-Policy': strictCsp(cdn.origin) });
    const page = await cdn.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${site.origin}/`);

    await addTodo(page, 'Works under CSP');
    await waitForTodoEvent(page, 'todo-add', 'Works under CSP');
    await toggleTodo(page, 'Works under CSP');
    await waitForTodoEvent(page, 'todo-toggle', 'Works under CSP');

    await page.reload();
    await todoItem(page, 'Works under CSP').waitFor({ timeout: DB_TIMEOUT });
    assert.equal(page.workers().length, 1, 'one worker');
    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('same-origin hosting keeps working: demo/embed.html beside dist/', async () => {
    assert.ok(
      existsSync(join(distDemo, 'dist', 'todo-widget.js')),
      'dist-demo/ is missing: run `npm run build:demo` first',
    );
    const site = await serveStatic({ root: distDemo, host: '127.0.0.1' });
    servers.push(site);
    const page = await cdn.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${site.origin}/demo/embed.html`);

    await addTodo(page, 'Same origin');
    await waitForTodoEvent(page, 'todo-add', 'Same origin');
    assert.equal(page.workers().length, 1, 'one worker');
    assert.doesNotMatch(page.workers()[0].url(), /^blob:/, 'a same-origin script starts its worker directly');

    await page.reload();
    await todoItem(page, 'Same origin').waitFor({ timeout: DB_TIMEOUT });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
