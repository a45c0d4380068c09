// An app's own unit tests run in Node with a DOM emulation (jsdom, happy-dom), which has no Web
// Worker: the widget's database cannot start there, and the error must say why and what to do
// (issue 28: it said only "Worker is not defined"). Node has no Worker either, so the npm build
// imported here in Node meets the same situation. Needs `npm run build`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

describe('without a Web Worker (Node, jsdom, happy-dom)', () => {
  it('a query fails with a WorkerStartError that names the cause and the way out', async () => {
    assert.equal(typeof globalThis.Worker, 'undefined', 'this Node has a Worker global');
    const widget = await import(pathToFileURL(resolve(process.env.E2E_DIST ?? 'dist', 'npm', 'index.js')).href);
    const client = widget.getDatabaseClient({ database: 'no-worker', storage: 'memory' });
    await assert.rejects(client.query('select 1'), (error) => {
      assert.equal(error.name, 'WorkerStartError');
      assert.match(error.message, /no Web Worker \(Node, or a DOM emulation such as jsdom or happy-dom\)/);
      assert.match(error.message, /needs a browser/);
      return true;
    });
    await client.close();
  });
});
