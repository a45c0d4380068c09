// Stateless instances: two servers on one PostgreSQL serve each other's changes through
// LISTEN/NOTIFY, also after PostgreSQL restarts; and the todo-widget-sync command, on PostgreSQL
// and on its embedded database (which keeps its todos across a SIGKILL).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startPostgres } from '../../scripts/postgres.mjs';
import { postgresDatabase } from '../../dist/server/index.js';
import { id, materialize, openHandler, pullAll, push, put, visible } from './harness.mjs';

/** Reads a live (Server-Sent Events) answer; `next(predicate)` resolves the first matching event's data. */
function liveEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events = [];
  const waiters = [];
  const pump = async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (!data) continue;
        events.push(JSON.parse(data));
        for (const waiter of [...waiters]) waiter();
      }
    }
  };
  pump().catch(() => {});
  return {
    events,
    next(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return false;
          waiters.splice(waiters.indexOf(check), 1);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`no matching live event in ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
    close: () => reader.cancel().catch(() => {}),
  };
}

describe('two instances on one PostgreSQL', () => {
  let cluster;
  let a;
  let b;
  let dbA;
  let dbB;
  before(async () => {
    cluster = await startPostgres();
    dbA = postgresDatabase({ connection: cluster.url, onError: () => {} });
    dbB = postgresDatabase({ connection: cluster.url, onError: () => {} });
    // Both migrate at once: the advisory lock makes one wait for the other.
    [a, b] = await Promise.all([openHandler(dbA), openHandler(dbB)]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await dbA?.close();
    await dbB?.close();
    await cluster?.stop();
  });

  test('a push to one instance reaches a device live on the other, and its pull', async () => {
    const response = await b(
      new Request('http://sync.test/todo-sync/v1/live', { headers: { authorization: 'Bearer token-alice' } }),
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /text\/event-stream/);
    const live = liveEvents(response);
    try {
      const first = await live.next(() => true);
      const list = `instances-${id()}`;
      const pushed = await push(a, [put({ list, title: 'from instance A' })]);
      assert.equal(pushed.status, 200);
      const told = await live.next((event) => event.version === pushed.body.version);
      assert.ok(told.version > first.version);
      const rows = visible(materialize((await pullAll(b, 'token-alice')).changes), list);
      assert.deepEqual(
        rows.map((r) => r.title),
        ['from instance A'],
      );
      // Another user's push is not sent to Alice's connection.
      const bob = await push(a, [put({ list, title: 'bob' })], 'token-bob');
      await push(a, [put({ list, title: 'alice again' })]);
      const again = await live.next((event) => event.version === pushed.body.version + 1);
      assert.ok(!live.events.some((event) => event.version === bob.body.version && bob.body.version > again.version));
    } finally {
      await live.close();
    }
  });

  test('after PostgreSQL restarts, instances listen again and tell their devices', async () => {
    const response = await b(
      new Request('http://sync.test/todo-sync/v1/live', { headers: { authorization: 'Bearer token-carol' } }),
    );
    const live = liveEvents(response);
    try {
      await live.next(() => true);
      await cluster.restart();
      // The pool's first query after the restart may meet a dead connection: a device retries.
      let pushed;
      for (let attempt = 0; attempt < 10 && pushed?.status !== 200; attempt++) {
        pushed = await push(a, [put({ list: 'after-restart', title: 'after restart' })], 'token-carol').catch(
          () => undefined,
        );
        if (pushed?.status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      assert.equal(pushed?.status, 200);
      await live.next((event) => event.version >= pushed.body.version, 30_000);
    } finally {
      await live.close();
    }
  });
});

/** Starts `todo-widget-sync` with `args`; resolves `{ url, stop(signal) }` once it prints its URL. */
async function startCli(args) {
  const child = spawn(process.execPath, ['dist/server/cli.js', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI did not start in 120 s:\n${output}`)), 120_000);
    const read = (chunk) => {
      output += chunk;
      const match = /Sync URL: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}):\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill(signal);
      }),
  };
}

const http = (url, path, init = {}) => fetch(`${url}${path}`, init);
const pushOver = (url, token, mutations) =>
  http(url, '/v1/push', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: 1, mutations }),
  });

describe('the todo-widget-sync command', () => {
  test('refuses to start without a way to sign in, and says why', async () => {
    await assert.rejects(startCli([]), /--tokens FILE, or --dev/);
  });

  test('two --dev instances on PostgreSQL behind round-robin: each serves the other’s changes', async () => {
    const cluster = await startPostgres();
    const one = await startCli(['--dev', '--database', cluster.url]);
    const two = await startCli(['--dev', '--database', cluster.url]);
    try {
      assert.match(one.output(), /--dev: ANYONE can read and write/);
      const live = liveEvents(await http(two.url, '/v1/live', { headers: { authorization: 'Bearer dana' } }));
      await live.next(() => true);
      const list = `cli-${id()}`;
      // Round-robin: each push goes to the next instance.
      const titles = ['one', 'two', 'three', 'four'];
      let version = 0;
      for (const [i, title] of titles.entries()) {
        const response = await pushOver(i % 2 ? two.url : one.url, 'dana', [put({ list, title })]);
        assert.equal(response.status, 200);
        version = (await response.json()).version;
      }
      await live.next((event) => event.version === version);
      await live.close();
      const pulled = await (await http(one.url, '/v1/pull', { headers: { authorization: 'Bearer dana' } })).json();
      assert.deepEqual(
        visible(materialize(pulled.changes), list).map((r) => r.title),
        titles,
      );
      // No token in --dev: the user "dev", not dana.
      const anonymous = await (await http(two.url, '/v1/pull')).json();
      assert.equal(anonymous.changes.length, 0);
    } finally {
      await one.stop();
      await two.stop();
      await cluster.stop();
    }
  });

  test('without --database: the embedded PGlite in a folder, kept across a SIGKILL', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'todo-sync-embedded-'));
    try {
      const first = await startCli(['--dev', '--data', folder]);
      assert.match(first.output(), /embedded database/);
      const list = `embedded-${id()}`;
      const response = await pushOver(first.url, 'erin', [put({ list, title: 'survives' })]);
      assert.equal(response.status, 200);
      await first.stop('SIGKILL');
      const second = await startCli(['--dev', '--data', folder]);
      try {
        const pulled = await (await http(second.url, '/v1/pull', { headers: { authorization: 'Bearer erin' } })).json();
        assert.deepEqual(
          visible(materialize(pulled.changes), list).map((r) => r.title),
          ['survives'],
        );
      } finally {
        await second.stop();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('an instance SIGKILLed mid-push: the device sends the same push again, each mutation applied once', async () => {
    const cluster = await startPostgres();
    let server = await startCli(['--dev', '--database', cluster.url]);
    try {
      const list = `killed-${id()}`;
      const mutations = Array.from({ length: 400 }, (_, i) => put({ list, title: `t${i}` }));
      const renames = mutations
        .slice(0, 50)
        .map((m) => ({ id: id(), kind: 'rename', todoId: m.todo.id, title: `r-${m.todo.title}` }));
      const all = [...mutations, ...renames];
      // Kill it while the push is being applied (400 transactions take a while), then send it again.
      const inFlight = pushOver(server.url, 'gina', all).then(
        (r) => r.status,
        () => 'lost',
      );
      const count = async () => {
        const page = await (
          await http(server.url, '/v1/pull?limit=1000', { headers: { authorization: 'Bearer gina' } })
        ).json();
        return visible(materialize(page.changes), list).length;
      };
      while ((await count()) === 0) await new Promise((r) => setTimeout(r, 10));
      await server.stop('SIGKILL');
      const first = await inFlight;
      server = await startCli(['--dev', '--database', cluster.url]);
      const applied = await count();
      assert.ok(applied > 0 && applied < 400, `killed mid-push: ${applied} of 400 adds applied`);
      const again = await pushOver(server.url, 'gina', all);
      assert.equal(again.status, 200);
      const body = await again.json();
      assert.ok(body.results.every((r) => r.status === 'applied'));
      const pulled = await (
        await http(server.url, '/v1/pull?limit=1000', { headers: { authorization: 'Bearer gina' } })
      ).json();
      const rows = visible(materialize(pulled.changes), list);
      assert.equal(rows.length, 400, `first attempt: ${first}`);
      assert.deepEqual(
        rows.slice(0, 50).map((r) => r.title),
        mutations.slice(0, 50).map((m) => `r-${m.todo.title}`),
      );
      // Versions: one per mutation, none doubled by the second push.
      assert.equal(body.version, all.length);
    } finally {
      await server.stop();
      await cluster.stop();
    }
  });

  test('--tokens: only listed bearer tokens sync, each as its user', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'todo-sync-tokens-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(folder, 'tokens.json'), JSON.stringify({ 's3cret-f': 'frank' }));
    const server = await startCli(['--tokens', join(folder, 'tokens.json'), '--data', join(folder, 'db')]);
    try {
      assert.equal((await http(server.url, '/v1/pull')).status, 401);
      assert.equal((await http(server.url, '/v1/pull', { headers: { authorization: 'Bearer frank' } })).status, 401);
      assert.equal((await pushOver(server.url, 's3cret-f', [put({ title: 'ok' })])).status, 200);
      // No --origin: a browser page of any origin is refused.
      const cors = await http(server.url, '/v1/pull', {
        headers: { authorization: 'Bearer s3cret-f', origin: 'https://elsewhere.example' },
      });
      assert.equal(cors.status, 403);
    } finally {
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
