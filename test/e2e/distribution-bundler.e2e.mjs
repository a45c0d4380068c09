// npm consumers: an app that does `import 'todo-widget'` and is built with Vite, the way the
// package.json `exports` promise. Marked `todo` (reported, not failing) until the worker is
// referenced in a form bundlers re-bundle: a prebuilt `new URL('assets/pglite.worker-….js',
// import.meta.url)` is copied alone, without the chunks it imports, so the worker 404s.
// The fix needs src/workers/create-worker.ts and an unbundled npm build; see README.md, "Use it on your site".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { launchBrowser, watchPage } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, waitForTodoEvent, writeSite } from './support/todo-page.mjs';

const repo = resolve('.');

describe('an app that imports the npm package and builds with Vite', { timeout: 600_000 }, () => {
  let app;
  let browser;
  let site;

  before(async () => {
    assert.ok(existsSync(join(repo, 'dist', 'todo-widget.js')), 'dist/ is missing: run `npm run build` first');
    app = mkdtempSync(join(tmpdir(), 'todo-consumer-'));
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(repo, join(app, 'node_modules', 'todo-widget'), 'dir');
    writeSite(
      {
        'index.html': `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>npm consumer</title>
<link rel="icon" href="data:," /><script type="module" src="./main.js"></script></head>
<body><todo-app list="npm"></todo-app></body></html>`,
        'main.js': `import 'todo-widget';\n`,
      },
      app,
    );
    await build({ root: app, configFile: false, logLevel: 'silent', build: { outDir: join(app, 'out') } });
    site = await serveStatic({ root: join(app, 'out') });
    browser = await launchBrowser();
    await recordTodoEvents(browser.context);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('the worker starts and a todo is saved', { todo: 'needs a bundler-visible worker reference (see file header)' }, async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${site.origin}/`);
    await addTodo(page, 'From the npm package');
    await waitForTodoEvent(page, 'todo-add', 'From the npm package', DB_TIMEOUT / 3);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
