// A Next.js App Router app (Next and React from the registry; `next build` with its default
// bundler, Turbopack since Next 16) built from the `npm pack` tarball, served by `next start`,
// used in Chromium. The route that works, documented in docs/embedding.md ("Next.js"): a client
// component (`'use client'`) that does `import 'todo-widget'` and renders <todo-app>, used from a
// server page. The server render imports the package too (in Node, where Lit loads its DOM
// shim), so the build also proves that import does not throw; Turbopack builds the widget's
// `new Worker(new URL('./pglite.worker.js', import.meta.url))` and PGlite's assets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { launchBrowser, watchPage } from '../support/browser.mjs';
import { makeApp, packInto, run } from '../support/tarball.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, todoItem, waitForTodoEvent } from '../support/todo-page.mjs';

const fixture = resolve('test/e2e/fixtures/next-app');
const env = { NEXT_TELEMETRY_DISABLED: '1' };

/** A port no one listens on now. */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

describe('a Next.js App Router app built from the tarball (next build, next start)', () => {
  let packed;
  let server;
  let origin;
  let browser;

  before(async () => {
    packed = packInto('todo-next-');
    const app = makeApp(fixture, packed, {
      dependencies: { next: 'latest', react: 'latest', 'react-dom': 'latest' },
    });
    run('npx', ['next', 'build'], app, env);
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = spawn(join(app, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: app,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let said = '';
    await new Promise((ready, fail) => {
      server.stdout.on('data', (chunk) => {
        said += chunk;
        if (/Ready in|ready started|Local:/i.test(said)) ready();
      });
      server.once('exit', (code) => fail(new Error(`next start exited (${code}): ${said}`)));
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill();
      await once(server, 'exit');
    }
    packed?.remove();
  });

  it('adds a todo in Chromium, heard by a listener the client component adds, kept across a reload', async () => {
    await recordTodoEvents(browser.context);
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${origin}/`);
    await addTodo(page, 'From Next.js');
    await waitForTodoEvent(page, 'todo-add', 'From Next.js');
    await page.getByTestId('last-added').filter({ hasText: 'From Next.js' }).waitFor({ timeout: DB_TIMEOUT });
    // One worker, the one Turbopack built from the package's dist/npm/pglite.worker.js.
    assert.equal(page.workers().length, 1, 'one worker');
    assert.equal(await page.evaluate(() => document.querySelector('todo-app')?.list), 'next');

    await page.reload();
    await todoItem(page, 'From Next.js').waitFor({ timeout: DB_TIMEOUT });
    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
  });
});
