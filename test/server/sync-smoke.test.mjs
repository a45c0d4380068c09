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

test('live connections are capped per user, and one a device closes frees its place', { timeout: 60_000 }, async () => {
  // Its own handler with a cap of 2, on the same database.
  const capped = await openHandler(database, { migrate: false, maxLiveConnections: 2 });
  const cappedServer = createServer(toNodeListener(capped));
  await new Promise((resolve) => cappedServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${cappedServer.address().port}/todo-sync/v1/live`;
  try {
    const open = async () => {
      const controller = new AbortController();
      const response = await fetch(url, { headers, signal: controller.signal });
      if (response.status === 200) await response.body.getReader().read();
      else await response.arrayBuffer();
      return { status: response.status, close: () => controller.abort() };
    };
    const first = await open();
    const second = await open();
    const third = await open();
    assert.deepEqual([first.status, second.status, third.status], [200, 200, 429]);
    first.close();
    // The server notices the closed connection and frees its place.
    let next;
    for (let attempt = 0; attempt < 50; attempt++) {
      next = await open();
      if (next.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(next.status, 200);
    second.close();
    next.close();
  } finally {
    cappedServer.closeAllConnections();
    cappedServer.close();
    await capped.close();
  }
});
