// Issue 17, "TodoMVC's DOM, to the letter": Playwright's own TodoMVC demo suite (what
// `npm init playwright` generates as tests-examples/demo-todo-app.spec.ts, in
// test/todomvc/ with only its URL and its three localStorage helpers adapted) passes 24 of 24
// against the built demo page, demo/todomvc.html. Runs @playwright/test on Debian's Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveStatic } from './support/static-server.mjs';

const demo = resolve('dist-demo');

describe("Playwright's TodoMVC demo suite against the demo page", { timeout: 1_800_000 }, () => {
  let server;

  before(async () => {
    assert.ok(
      existsSync(resolve(demo, 'demo/todomvc.html')),
      'dist-demo/demo/todomvc.html is missing: run `npm run build && npm run build:demo` first',
    );
    server = await serveStatic({ root: demo });
  });

  after(async () => {
    await server?.close();
  });

  it('passes 24 of 24', async () => {
    const child = spawn(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', '-c', 'test/todomvc/playwright.config.mjs'],
      {
        env: { ...process.env, TODOMVC_URL: `${server.origin}/demo/todomvc.html` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    console.log(output.replace(/^/gm, '# '));
    assert.match(output, /\b24 passed\b/, 'all 24 tests passed');
    assert.equal(code, 0, 'playwright test exited cleanly');
  });
});
