// Two copies of the built bundle on one page (two micro-frontends each shipping it, or the
// script tag twice), loaded cross-origin from two different URLs: nothing throws, every
// element works, and the page has one database client and one worker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchPage } from '../support/browser.mjs';
import { distDir, useSite } from '../support/site.mjs';
import { serveStatic } from '../support/static-server.mjs';
import {
  DB_TIMEOUT,
  addTodo,
  recordTodoEvents,
  todoItem,
  toggleTodo,
  waitForTodoEvent,
  writeSite,
} from '../support/todo-page.mjs';

const twoCopiesPage = (first, second) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Two micro-frontends, each with its own copy of the widget</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${first}"></script>
    <script type="module" src="${second}"></script>
  </head>
  <body>
    <section id="shop"><todo-app list="shop"></todo-app></section>
    <section id="reviews"><todo-app list="reviews"></todo-app></section>
  </body>
</html>
`;

describe('the bundle loaded twice from two URLs', { timeout: 600_000 }, () => {
  let site;
  // The asset host (the site useSite serves): the build under two paths, one per app.
  const cdn = useSite({
    root: () => {
      const dist = distDir();
      assert.ok(
        existsSync(join(dist, 'todo-widget.js')),
        `${dist}/todo-widget.js is missing: run \`npm run build\` first`,
      );
      const dir = mkdtempSync(join(tmpdir(), 'todo-cdn-'));
      symlinkSync(dist, join(dir, 'shop-frontend'), 'dir');
      symlinkSync(dist, join(dir, 'reviews-frontend'), 'dir');
      return dir;
    },
    serve: { host: '127.0.0.1', cors: true },
  });

  before(async () => {
    const onePage = (url) => twoCopiesPage(url, url).replace(/(<script[^>]*><\/script>)\s*\1/, '$1');
    const root = writeSite({
      'index.html': twoCopiesPage(
        `${cdn.origin}/shop-frontend/todo-widget.js`,
        `${cdn.origin}/reviews-frontend/todo-widget.js`,
      ),
      // Two pages of one site, each with one copy from its own URL (say, before and after a deploy).
      'shop.html': onePage(`${cdn.origin}/shop-frontend/todo-widget.js`),
      'reviews.html': onePage(`${cdn.origin}/reviews-frontend/todo-widget.js`),
    });
    site = await serveStatic({ root, host: 'localhost' });
    await recordTodoEvents(cdn.context);
  });

  after(async () => {
    await site?.close();
    if (cdn.dir) rmSync(cdn.dir, { recursive: true, force: true });
  });

  it('defines every element once, works in both apps, with one worker and no console error', async () => {
    const page = await cdn.context.newPage();
    const problems = watchPage(page);
    const warnings = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.goto(`${site.origin}/`);

    const shop = page.locator('#shop todo-app');
    const reviews = page.locator('#reviews todo-app');
    await addTodo(shop, 'Restock shelves');
    await addTodo(reviews, 'Answer a review');
    await waitForTodoEvent(page, 'todo-add', 'Restock shelves');
    await waitForTodoEvent(page, 'todo-add', 'Answer a review');
    await toggleTodo(reviews, 'Answer a review');
    assert.equal((await waitForTodoEvent(page, 'todo-toggle', 'Answer a review')).completed, true);

    // Each list shows only its own todos.
    assert.equal(await todoItem(shop, 'Answer a review').count(), 0);
    assert.equal(await todoItem(reviews, 'Restock shelves').count(), 0);

    // Both copies really ran (two module URLs), yet only one worker was started.
    assert.ok(cdn.requests.includes('/shop-frontend/todo-widget.js'));
    assert.ok(cdn.requests.includes('/reviews-frontend/todo-widget.js'));
    assert.equal(page.workers().length, 1, 'one worker');
    assert.equal(
      cdn.requests.filter((path) => /\/assets\/pglite\.worker-[^/]+\.js$/.test(path)).length,
      1,
      'one worker script fetched',
    );

    await page.reload();
    await todoItem(shop, 'Restock shelves').waitFor({ timeout: DB_TIMEOUT });
    await todoItem(reviews, 'Answer a review').waitFor({ timeout: DB_TIMEOUT });
    assert.equal(page.workers().length, 1, 'one worker after reload');

    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    // The same version twice is not worth a warning (another version would be).
    assert.deepEqual(
      warnings.filter((text) => text.includes('todo-widget')),
      [],
    );
    await page.close();
  });

  it('tabs whose workers come from different URLs join one leader election', async () => {
    const problems = [];
    const shopTab = await cdn.context.newPage();
    watchPage(shopTab, problems);
    await shopTab.goto(`${site.origin}/shop.html`);
    await addTodo(shopTab.locator('#shop todo-app'), 'Leader tab todo');
    await waitForTodoEvent(shopTab, 'todo-add', 'Leader tab todo');

    const wasmBefore = cdn.requests.filter((path) => /\.(wasm|data)$/.test(path)).length;
    const reviewsTab = await cdn.context.newPage();
    watchPage(reviewsTab, problems);
    await reviewsTab.goto(`${site.origin}/reviews.html`);
    // Same list, other tab, other worker URL: it reads through the first tab's database...
    await addTodo(reviewsTab.locator('#reviews todo-app'), 'Follower tab todo');
    await waitForTodoEvent(reviewsTab, 'todo-add', 'Follower tab todo');
    await todoItem(shopTab.locator('#reviews todo-app'), 'Follower tab todo').waitFor({ timeout: DB_TIMEOUT });
    // ...instead of opening a second PGlite on the same storage.
    assert.equal(
      cdn.requests.filter((path) => /\.(wasm|data)$/.test(path)).length,
      wasmBefore,
      'the second tab loaded no WASM',
    );
    assert.ok(
      cdn.requests.some((path) => path.startsWith('/reviews-frontend/assets/pglite.worker-')),
      'its worker came from the other URL',
    );
    assert.deepEqual(problems, []);
    await reviewsTab.close();
    await shopTab.close();
  });
});
