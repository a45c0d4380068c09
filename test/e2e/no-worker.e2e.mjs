// An app's own unit tests run in Node with a DOM emulation (jsdom, happy-dom), which has no Web
// Worker: the widget's database cannot start there. It fails with a typed WorkerStartError whose
// message names the missing Worker, the one the README's troubleshooting table explains (a longer
// message in the code would cost the main-thread budget). Node has no Worker either, so the npm
// build imported here in Node meets the same situation. Needs `npm run build`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

describe('without a Web Worker (Node, jsdom, happy-dom)', () => {
  it('a query fails with a WorkerStartError that names the missing Worker', async () => {
    assert.equal(typeof globalThis.Worker, 'undefined', 'this Node has a Worker global');
    const widget = await import(pathToFileURL(resolve(process.env.E2E_DIST ?? 'dist', 'npm', 'index.js')).href);
    const client = widget.getDatabaseClient({ database: 'no-worker', storage: 'memory' });
    await assert.rejects(client.query('select 1'), (error) => {
      assert.equal(error.name, 'WorkerStartError');
      assert.match(error.message, /^The database worker could not be created: ReferenceError: Worker is not defined/);
      return true;
    });
    await client.close();
  });
});
