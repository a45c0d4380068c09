// Property-based fuzz of the server's endpoints (fast-check): malformed, oversized and hostile
// requests are answered 4xx, never 5xx, and a request answered 4xx changes nothing. Mutations
// that are well-formed envelopes but carry hostile fields are refused one by one (`invalid`,
// `not-found`) or applied, never a 5xx. On the embedded PGlite and on a real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import fc from 'fast-check';

import { backends, call, id, openHandler, pullAll } from './harness.mjs';

const RUNS = Number(process.env.SYNC_FUZZ_RUNS ?? 150);
const seed = Number(process.env.SYNC_FUZZ_SEED ?? Date.now() % 2 ** 31);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    "'; DROP TABLE todo_sync.todos; --",
    '1e309',
    'NaN',
    '-0',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(1001),
    'l'.repeat(201),
    '9'.repeat(100),
    '1.' + '0'.repeat(90),
  ),
);
const anyValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(hostileString, fc.uuid()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostileString, fc.integer()), { maxKeys: 3 }),
);
const kind = fc.constantFrom(
  'put',
  'rename',
  'setCompleted',
  'delete',
  'move',
  'clearCompleted',
  'markAll',
  'nope',
  '__proto__',
);
/** A mutation with a valid id and any fields: refused or applied, one by one. */
const mutation = fc.record(
  {
    id: fc.uuid(),
    kind,
    todoId: fc.oneof(fc.uuid(), anyValue),
    todoIds: fc.oneof(fc.array(fc.uuid(), { maxLength: 3 }), anyValue),
    title: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), anyValue),
    list: fc.oneof(fc.constantFrom('default', 'fuzz'), anyValue),
    completed: fc.oneof(fc.boolean(), anyValue),
    position: fc.oneof(fc.constantFrom('1', '0.5', '-3.25'), anyValue),
    ifVersion: fc.oneof(fc.nat(), anyValue),
    todo: fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.uuid(), anyValue),
          list: fc.oneof(fc.constant('fuzz'), anyValue),
          title: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), anyValue),
          completed: fc.oneof(fc.boolean(), anyValue),
          position: fc.oneof(fc.constant(null), anyValue),
          dueAt: fc.oneof(
            fc.constant(null),
            fc
              .date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) })
              .map((d) => d.toISOString()),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
  },
  { requiredKeys: ['id', 'kind'] },
);
/** Mostly the valid value, sometimes a hostile one: reaches the SQL with one bad field at a time. */
const mostly = (valid) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: anyValue, weight: 1 });
const validDate = fc
  .date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) })
  .map((d) => d.toISOString());
/** Well-formed mutations of every kind, with one field or another hostile now and then. */
const nearlyValid = fc.oneof(
  fc.record({
    id: fc.uuid(),
    kind: fc.constant('put'),
    todo: fc.record({
      id: mostly(fc.uuid()),
      list: mostly(fc.constantFrom('fuzz', 'default')),
      title: mostly(fc.string({ minLength: 1, maxLength: 30 })),
      completed: mostly(fc.boolean()),
      position: mostly(fc.oneof(fc.constant(null), fc.constantFrom('1', '2.5', '-0.125', '9'.repeat(70)))),
      dueAt: mostly(fc.oneof(fc.constant(null), validDate)),
    }),
    ifVersion: fc.option(mostly(fc.nat({ max: 1000 })), { nil: undefined }),
  }),
  fc.record({
    id: fc.uuid(),
    kind: fc.constantFrom('rename', 'setCompleted', 'move'),
    todoId: mostly(fc.uuid()),
    title: mostly(fc.string({ minLength: 1 })),
    completed: mostly(fc.boolean()),
    position: mostly(fc.constantFrom('1', '0.5')),
    ifVersion: fc.option(mostly(fc.nat()), { nil: undefined }),
  }),
  fc.record({
    id: fc.uuid(),
    kind: fc.constant('delete'),
    todoIds: mostly(fc.array(fc.uuid(), { minLength: 1, maxLength: 3 })),
  }),
  fc.record({
    id: fc.uuid(),
    kind: fc.constantFrom('clearCompleted', 'markAll'),
    list: mostly(fc.constantFrom('fuzz', 'default')),
    completed: mostly(fc.boolean()),
  }),
);

/** A body the envelope check must refuse whole (400/413/415), or a well-formed one. */
const pushBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .record({
      protocol: fc.oneof(fc.constant(1), anyValue),
      mutations: fc.oneof(fc.array(mutation, { maxLength: 4 }), anyValue),
    })
    .map((b) => JSON.stringify(b)),
  fc.array(mutation, { maxLength: 4 }).map((mutations) => JSON.stringify({ protocol: 1, mutations })),
  fc.array(nearlyValid, { minLength: 1, maxLength: 4 }).map((mutations) => JSON.stringify({ protocol: 1, mutations })),
  fc.array(nearlyValid, { minLength: 1, maxLength: 4 }).map((mutations) => JSON.stringify({ protocol: 1, mutations })),
  fc.nat({ max: 40 }).map((n) =>
    JSON.stringify({
      protocol: 1,
      mutations: Array.from({ length: n }, () => ({ id: id(), kind: 'markAll', list: 'fuzz', completed: true })),
    }),
  ),
  fc.constant('{"protocol":1,"mutations":[' + '{},'.repeat(30_000) + '{}]}'),
);
const request = fc.oneof(
  fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'OPTIONS'),
    path: fc.constantFrom('/v1/push', '/v1/pull', '/v1/push/', '/v2/push', '/v1/pull?cursor=1'),
    body: pushBody,
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''),
    token: fc.constantFrom('token-alice', 'token-alice', 'token-alice', null, 'forged', 'token-alice\u0000'),
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc
      .record(
        { cursor: fc.oneof(hostileString, fc.nat().map(String)), limit: fc.oneof(hostileString, fc.nat().map(String)) },
        { requiredKeys: [] },
      )
      .map((q) => `/v1/pull?${new URLSearchParams(q)}`),
    body: fc.constant(undefined),
    contentType: fc.constant(''),
    token: fc.constantFrom('token-alice', null),
  }),
);

for (const backend of backends()) {
  describe(`fuzz of the endpoints on ${backend.name}`, () => {
    let database;
    let handler;
    before(async () => {
      ({ database } = await backend.open());
      handler = await openHandler(database, { maxBodyBytes: 64 * 1024, maxMutations: 30, requestsPerMinute: 1e9 });
    });
    after(async () => {
      await handler?.close();
      await database?.close();
      await backend.stop();
    });

    test(`${RUNS} hostile requests: 4xx never 5xx, and a refused request changes nothing (seed ${seed})`, async () => {
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const before = (await pullAll(handler, 'token-alice')).cursor;
          const headers = r.contentType ? { 'content-type': r.contentType } : {};
          let response;
          try {
            response = await call(handler, {
              method: r.method,
              path: r.path,
              token: r.token,
              body: r.method === 'GET' ? undefined : r.body,
              headers,
            });
          } catch (error) {
            // A header value Request itself refuses (a NUL in the token): never reached the server.
            if (error instanceof TypeError) return;
            throw error;
          }
          assert.ok(response.status < 500, `${response.status} ${JSON.stringify(response.body)}`);
          if (response.status >= 400) {
            assert.equal(typeof response.body?.error, 'string');
            assert.deepEqual(Object.keys(response.body), ['error']);
            assert.equal((await pullAll(handler, 'token-alice')).cursor, before, 'a refused request changed something');
          }
        }),
        { numRuns: RUNS, seed },
      );
    });

    test(`${RUNS} well-formed pushes with a hostile field here and there: 200, each mutation applied or refused (seed ${seed})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(nearlyValid, { minLength: 1, maxLength: 4 }), async (mutations) => {
          const response = await call(handler, { method: 'POST', path: '/v1/push', body: { protocol: 1, mutations } });
          assert.equal(response.status, 200, JSON.stringify(response.body));
          assert.deepEqual(
            response.body.results.map((r) => r.id),
            mutations.map((m) => m.id),
          );
          for (const result of response.body.results) {
            assert.ok(
              result.status === 'applied' || ['invalid', 'not-found', 'changed-elsewhere'].includes(result.reason),
            );
          }
        }),
        { numRuns: RUNS, seed },
      );
    });
  });
}
