// Shared by the sync server's tests: the two databases the server runs on (a throwaway real
// PostgreSQL cluster, and the embedded PGlite), a handler over each, and requests made the way a
// device makes them. Tests import the built server (dist/server: `npm run build:server`).
import { randomUUID } from 'node:crypto';

import { startPostgres } from '../../scripts/postgres.mjs';
import { bearerToken, createSyncHandler, pgliteDatabase, postgresDatabase } from '../../dist/server/index.js';

export const BASE = 'http://sync.test/todo-sync';

/** The tests' sign-in: a bearer token names a user through this table, nothing else does. */
export const TOKENS = { 'token-alice': 'alice', 'token-bob': 'bob', 'token-carol': 'carol' };
export function authenticate(request) {
  const token = bearerToken(request);
  return token === null ? null : (TOKENS[token] ?? null);
}

/**
 * The backends every suite runs against. `open()` gives a fresh database each time: a new
 * database in the one cluster per file (PostgreSQL), a new in-memory PGlite.
 */
export function backends() {
  let cluster;
  let count = 0;
  return [
    {
      name: 'PostgreSQL',
      async open() {
        cluster ??= await startPostgres();
        const name = `sync_${process.pid}_${++count}`;
        const admin = postgresDatabase({ connection: cluster.url, maxConnections: 1 });
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.close();
        const url = cluster.url.replace(/\/postgres$/, `/${name}`);
        return { database: postgresDatabase({ connection: url }), url };
      },
      async stop() {
        await cluster?.stop();
      },
    },
    {
      name: 'embedded PGlite',
      async open() {
        return { database: await pgliteDatabase() };
      },
      async stop() {},
    },
  ];
}

export async function openHandler(database, options = {}) {
  return createSyncHandler({ database, authenticate, ...options });
}

/** One request through the handler, as a device sends it; resolves `{ status, body, headers }`. */
export async function call(handler, { method = 'GET', path, token = 'token-alice', body, headers = {} }) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] ??= 'application/json';
  }
  const response = await handler(new Request(`${BASE}${path}`, init));
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export const push = (handler, mutations, token) =>
  call(handler, { method: 'POST', path: '/v1/push', token, body: { protocol: 1, mutations } });

/** Every page from `cursor` on: `{ changes, cursor, pages }`. */
export async function pullAll(handler, token, cursor = '', limit) {
  const changes = [];
  let pages = 0;
  for (;;) {
    const query = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
    const { status, body } = await call(handler, { path: `/v1/pull?${query}`, token });
    if (status !== 200) throw new Error(`pull answered ${status} ${JSON.stringify(body)}`);
    changes.push(...body.changes);
    cursor = body.cursor;
    pages++;
    if (!body.more) return { changes, cursor, pages };
  }
}

/** A device's view: the last state of each todo in the changes, deleted ones left out, in list order. */
export function materialize(changes, previous = new Map()) {
  const rows = new Map(previous);
  for (const change of changes) rows.set(change.id, change);
  return rows;
}
export function visible(rows, list = 'default') {
  return [...rows.values()]
    .filter((row) => !row.deleted && row.list === list)
    .sort((a, b) => comparePosition(a.position, b.position) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
function comparePosition(a, b) {
  const x = Number(a);
  const y = Number(b);
  return x - y;
}

export const id = () => randomUUID();
export const put = (todo, extra = {}) => ({
  id: id(),
  kind: 'put',
  todo: { id: id(), list: 'default', ...todo },
  ...extra,
});
