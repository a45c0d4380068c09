// The fast smoke of the sync server (fit for `npm test`): two devices of one user on the embedded
// PGlite over real HTTP (Node's http through toNodeListener) — one pushes, the other is told live
// and pulls the change; a repeat push changes nothing.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { pgliteDatabase, toNodeListener } from '../../dist/server/index.js';
import { id, materialize, openHandler, put, visible } from './harness.mjs';

let database;
let handler;
let server;
let base;
before(async () => {
  database = await pgliteDatabase();
  handler = await openHandler(database);
  server = createServer(toNodeListener(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/todo-sync`;
});
after(async () => {
  server?.closeAllConnections();
  server?.close();
  await handler?.close();
  await database?.close();
});

const headers = { authorization: 'Bearer token-alice', 'content-type': 'application/json' };

test(
  'device A pushes, device B is told live and pulls it; the same push again changes nothing',
  { timeout: 60_000 },
  async () => {
    const live = await fetch(`${base}/v1/live`, { headers });
    assert.equal(live.status, 200);
    const reader = live.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const versionAtLeast = async (version) => {
      for (;;) {
        const versions = [...text.matchAll(/data: \{"version":(\d+)\}/g)].map((m) => Number(m[1]));
        if (versions.some((v) => v >= version)) return;
        const { done, value } = await reader.read();
        assert.ok(!done, 'the live connection ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    await versionAtLeast(0);

    const list = `smoke-${id()}`;
    const body = JSON.stringify({ protocol: 1, mutations: [put({ list, title: 'from device A' })] });
    const pushed = await (await fetch(`${base}/v1/push`, { method: 'POST', headers, body })).json();
    assert.equal(pushed.results[0].status, 'applied');
    await versionAtLeast(pushed.version);

    const pulled = await (await fetch(`${base}/v1/pull`, { headers })).json();
    assert.deepEqual(
      visible(materialize(pulled.changes), list).map((r) => r.title),
      ['from device A'],
    );
    const again = await (await fetch(`${base}/v1/push`, { method: 'POST', headers, body })).json();
    assert.equal(again.version, pushed.version);
    await reader.cancel();
  },
);
