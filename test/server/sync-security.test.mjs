// The server's security model (docs/sync.md): per-user isolation against forged ids, lists,
// cursors and mutation ids; bounded bodies, mutation counts and request rates; CORS by allowlist;
// bearer tokens only; errors that never echo internals. Real PostgreSQL and embedded PGlite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { backends, BASE, call, id, materialize, openHandler, pullAll, push, put, visible } from './harness.mjs';

for (const backend of backends()) {
  describe(`sync security on ${backend.name}`, () => {
    let database;
    let handler;
    before(async () => {
      ({ database } = await backend.open());
      handler = await openHandler(database, {
        allowedOrigins: ['https://shop.example'],
        maxBodyBytes: 64 * 1024,
        maxMutations: 20,
      });
    });
    after(async () => {
      await handler?.close();
      await database?.close();
      await backend.stop();
    });

    test('a user never reads or writes another user’s todos: forged todo ids, lists, cursors, mutation ids', async () => {
      const list = `private-${id()}`;
      const secret = id();
      const aliceMutation = put({ id: secret, list, title: 'alice’s secret' });
      const alice = await push(handler, [aliceMutation], 'token-alice');
      assert.equal(alice.status, 200);
      const bobStart = await pullAll(handler, 'token-bob');

      // Bob names Alice's todo id, list and mutation id, and tries every kind on them.
      const forged = await push(
        handler,
        [
          { id: id(), kind: 'rename', todoId: secret, title: 'pwned' },
          { id: id(), kind: 'setCompleted', todoId: secret, completed: true },
          { id: id(), kind: 'move', todoId: secret, position: '9' },
          { id: id(), kind: 'delete', todoIds: [secret] },
          { id: id(), kind: 'markAll', list, completed: true },
          { id: id(), kind: 'clearCompleted', list },
          // Alice's mutation id, replayed by Bob: his own mutation, not an answer from hers.
          { ...aliceMutation, todo: { ...aliceMutation.todo, title: 'bob’s own' } },
        ],
        'token-bob',
      );
      assert.equal(forged.status, 200);
      assert.deepEqual(
        forged.body.results.slice(0, 3).map((r) => r.reason),
        ['not-found', 'not-found', 'not-found'],
      );
      // A forged user id in the body or a header is ignored: the token decides.
      const withUser = await call(handler, {
        method: 'POST',
        path: '/v1/push',
        token: 'token-bob',
        headers: { 'x-user-id': 'alice' },
        body: { protocol: 1, user: 'alice', userId: 'alice', mutations: [put({ id: id(), list, title: 'as alice?' })] },
      });
      assert.equal(withUser.status, 200);

      // Alice still has exactly her todo, unchanged.
      const aliceRows = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
      assert.deepEqual(
        aliceRows.map((r) => [r.id, r.title, r.completed]),
        [[secret, 'alice’s secret', false]],
      );
      // Bob sees only what he wrote, whatever cursor he forges (Alice's cursor included).
      const bobRows = visible(materialize((await pullAll(handler, 'token-bob', bobStart.cursor)).changes), list);
      assert.deepEqual(bobRows.map((r) => r.title).sort(), ['as alice?', 'bob’s own']);
      for (const cursor of ['', '0', alice.body.version ? String(alice.body.version) : '1', `0:${secret}`]) {
        const { status, body } = await call(handler, {
          path: `/v1/pull?cursor=${encodeURIComponent(cursor)}`,
          token: 'token-bob',
        });
        if (status === 409) continue; // a cursor past Bob's own version
        assert.equal(status, 200);
        assert.ok(
          body.changes.every((r) => r.title !== 'alice’s secret'),
          `cursor ${cursor}`,
        );
      }
    });

    test('no token, an unknown token, a cookie or a user header: 401, and nothing applied', async () => {
      const body = { protocol: 1, mutations: [put({ title: 'anonymous' })] };
      for (const [token, headers] of [
        [null, {}],
        ['not-a-token', {}],
        [null, { cookie: 'session=token-alice' }],
        [null, { 'x-user-id': 'alice' }],
        [null, { authorization: 'Basic dG9rZW4tYWxpY2U6' }],
      ]) {
        const response = await call(handler, { method: 'POST', path: '/v1/push', token, headers, body });
        assert.equal(response.status, 401);
        assert.deepEqual(response.body, { error: 'unauthorized' });
        assert.equal(response.headers.get('www-authenticate'), 'Bearer');
        const pull = await call(handler, { path: '/v1/pull', token, headers });
        assert.equal(pull.status, 401);
      }
    });

    test('bounded: a body over the limit and too many mutations are 413, nothing applied', async () => {
      const list = `bounded-${id()}`;
      const before = (await pullAll(handler, 'token-carol')).cursor;
      const big = await call(handler, {
        method: 'POST',
        path: '/v1/push',
        token: 'token-carol',
        body: { protocol: 1, mutations: [put({ list, title: 'x' })], padding: 'p'.repeat(70 * 1024) },
      });
      assert.equal(big.status, 413);
      assert.deepEqual(big.body, { error: 'too-large' });
      // A body that lies about its length is cut off as it streams.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
          controller.close();
        },
      });
      const streamed = await handler(
        new Request(`${BASE}/v1/push`, {
          method: 'POST',
          body: stream,
          duplex: 'half',
          headers: { authorization: 'Bearer token-carol', 'content-type': 'application/json' },
        }),
      );
      assert.equal(streamed.status, 413);
      const many = await push(
        handler,
        Array.from({ length: 21 }, (_, i) => put({ list, title: `t${i}` })),
        'token-carol',
      );
      assert.equal(many.status, 413);
      assert.deepEqual(many.body, { error: 'too-many-mutations' });
      const after = await pullAll(handler, 'token-carol', before);
      assert.deepEqual(after.changes, []);
    });

    test('hostile bodies are 4xx with a code, never internals', async () => {
      const cases = [
        ['{', 400, 'bad-request'],
        ['[]', 400, 'bad-request'],
        ['null', 400, 'bad-request'],
        [JSON.stringify({ protocol: 2, mutations: [] }), 400, 'protocol'],
        [JSON.stringify({ protocol: 1, mutations: {} }), 400, 'bad-request'],
        [
          JSON.stringify({ protocol: 1, mutations: [{ id: "1'; DROP TABLE todo_sync.todos; --", kind: 'put' }] }),
          400,
          'bad-request',
        ],
        [JSON.stringify({ protocol: 1, mutations: [null] }), 400, 'bad-request'],
      ];
      for (const [body, status, error] of cases) {
        const response = await call(handler, { method: 'POST', path: '/v1/push', body });
        assert.equal(response.status, status, body);
        assert.deepEqual(response.body, { error }, body);
      }
      const wrongType = await call(handler, {
        method: 'POST',
        path: '/v1/push',
        body: '{}',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(wrongType.status, 415);
      for (const cursor of ['-1', 'abc', '1:not-a-uuid', '99999999999999999', "1' OR '1'='1"]) {
        const response = await call(handler, { path: `/v1/pull?cursor=${encodeURIComponent(cursor)}` });
        assert.equal(response.status, 400, cursor);
        assert.deepEqual(response.body, { error: 'bad-request' });
      }
      assert.equal((await call(handler, { path: '/v1/pull?limit=0' })).status, 400);
      assert.equal((await call(handler, { path: '/v1/nothing' })).status, 404);
      assert.equal((await call(handler, { method: 'GET', path: '/v1/push' })).status, 405);
      assert.equal((await call(handler, { method: 'DELETE', path: '/v1/pull' })).status, 405);
      // The tables are intact after the injection attempts.
      const { changes } = await pullAll(handler, 'token-alice');
      assert.ok(changes.length > 0);
    });

    test('CORS: an allowed origin gets its headers, any other is refused, preflight included', async () => {
      const allowed = await call(handler, { path: '/v1/pull', headers: { origin: 'https://shop.example' } });
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.equal(allowed.headers.get('access-control-allow-credentials'), null, 'no cookies, so no credentials');
      const preflight = await handler(
        new Request(`${BASE}/v1/push`, {
          method: 'OPTIONS',
          headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
        }),
      );
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('access-control-allow-headers'), /authorization/);
      const evil = await call(handler, { path: '/v1/pull', headers: { origin: 'https://evil.example' } });
      assert.equal(evil.status, 403);
      assert.deepEqual(evil.body, { error: 'forbidden-origin' });
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      const evilPreflight = await handler(
        new Request(`${BASE}/v1/push`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
      );
      assert.equal(evilPreflight.status, 403);
    });

    test('an internal failure is a bare 500 `internal`, its detail only for the host’s onError', async () => {
      const errors = [];
      const failing = await openHandler(database, {
        migrate: false,
        authenticate: () => {
          throw new Error('secret connection string postgres://admin:hunter2@db');
        },
        onError: (error) => errors.push(error),
      });
      try {
        const response = await call(failing, { path: '/v1/pull' });
        assert.equal(response.status, 500);
        assert.deepEqual(response.body, { error: 'internal' });
        assert.equal(errors.length, 1);
        assert.match(String(errors[0]), /hunter2/);
      } finally {
        await failing.close();
      }
    });
  });
}

describe('request rate per user', () => {
  const [backend] = backends().slice(1); // the embedded PGlite: the limiter is the handler's own
  let database;
  let handler;
  before(async () => {
    ({ database } = await backend.open());
    handler = await openHandler(database, { requestsPerMinute: 5 });
  });
  after(async () => {
    await handler?.close();
    await database?.close();
  });

  test('past the limit: 429 with Retry-After, for that user only', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(handler, { path: '/v1/pull', token: 'token-alice' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const limited = await call(handler, { path: '/v1/pull', token: 'token-alice' });
    assert.deepEqual(limited.body, { error: 'rate-limited' });
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await call(handler, { path: '/v1/pull', token: 'token-bob' })).status, 200);
  });
});
