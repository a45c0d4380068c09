// An app's own unit tests run in Node with a DOM emulation (jsdom, happy-dom), which has no Web
// Worker: the widget's database cannot start there. It fails with a typed WorkerStartError whose
// message says why and what to do instead (the npm build's worker starter says it, so the
// script-tag build's main-thread budget pays nothing). Node has no Worker either, so the npm
// build imported here in Node meets the same situation. Needs `npm run build`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

describe('without a Web Worker (Node, jsdom, happy-dom)', () => {
  it('a query fails with a WorkerStartError that says why and what to do instead', async () => {
    assert.equal(typeof globalThis.Worker, 'undefined', 'this Node has a Worker global');
    const widget = await import(pathToFileURL(resolve(process.env.E2E_DIST ?? 'dist', 'npm', 'index.js')).href);
    const client = widget.getDatabaseClient({ database: 'no-worker', storage: 'memory' });
    await assert.rejects(client.query('select 1'), (error) => {
      assert.equal(error.name, 'WorkerStartError');
      assert.match(
        error.message,
        /^The database worker could not be created: Error: This environment has no Web Worker/,
      );
      assert.match(error.message, /jsdom, happy-dom and Node have none/);
      assert.match(error.message, /Vitest browser mode, Web Test Runner, Playwright/);
      assert.match(error.message, /"Testing an app that embeds the widget" in docs\/embedding\.md/);
      return true;
    });
    await client.close();
  });
});
