// The sync protocol against a real PostgreSQL and the embedded PGlite: every mutation kind,
// exactly once, paginated pulls, refusals with reasons, and the conflict rules of docs/sync.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { backends, call, id, materialize, openHandler, pullAll, push, put, visible } from './harness.mjs';

for (const backend of backends()) {
  describe(`sync protocol on ${backend.name}`, () => {
    let database;
    let handler;
    before(async () => {
      ({ database } = await backend.open());
      handler = await openHandler(database, { pullLimit: 50 });
    });
    after(async () => {
      await handler?.close();
      await database?.close();
      await backend.stop();
    });

    test('every mutation kind pushed by one device shows in another device’s pull', async () => {
      const token = 'token-alice';
      const start = await pullAll(handler, token);
      const [a, b, c] = [id(), id(), id()];
      const list = `kinds-${id()}`;
      const mutations = [
        put({ id: a, list, title: '  milk  ' }),
        put({ id: b, list, title: 'bread', dueAt: '2030-01-02T03:04:05.000Z' }),
        put({ id: c, list, title: 'eggs' }),
        { id: id(), kind: 'rename', todoId: a, title: 'oat milk' },
        { id: id(), kind: 'setCompleted', todoId: b, completed: true },
        { id: id(), kind: 'move', todoId: c, position: '0.5' },
        { id: id(), kind: 'markAll', list, completed: true },
        { id: id(), kind: 'setCompleted', todoId: c, completed: false },
        { id: id(), kind: 'clearCompleted', list },
      ];
      const { status, body } = await push(handler, mutations, token);
      assert.equal(status, 200);
      assert.deepEqual(
        body.results.map((r) => r.status),
        mutations.map(() => 'applied'),
      );
      assert.deepEqual(
        body.results.map((r) => r.id),
        mutations.map((m) => m.id),
      );
      // Versions rise by one per mutation that changed something.
      const versions = body.results.map((r) => r.version);
      assert.deepEqual(
        versions,
        [...versions].sort((x, y) => x - y),
      );

      const other = await pullAll(handler, token, start.cursor);
      const rows = visible(materialize(other.changes), list);
      assert.deepEqual(
        rows.map((r) => [r.title, r.completed]),
        [['eggs', false]],
        'a and b were completed by Mark all and cleared; c was reopened',
      );
      const all = materialize(other.changes);
      assert.equal(all.get(a).deleted, true);
      assert.equal(all.get(b).deleted, true);
      assert.equal(all.get(b).dueAt, '2030-01-02T03:04:05.000Z');
      assert.equal(all.get(a).title, 'oat milk', 'a tombstone keeps its last title');
      assert.equal(all.get(c).position, '0.5');

      const del = await push(handler, [{ id: id(), kind: 'delete', todoIds: [c] }], token);
      assert.equal(del.body.results[0].status, 'applied');
      const last = await pullAll(handler, token, other.cursor);
      assert.deepEqual(
        last.changes.map((r) => [r.id, r.deleted]),
        [[c, true]],
      );
    });

    test('a mutation sent again (same push, a later push, concurrently) is applied once', async () => {
      const list = `once-${id()}`;
      const todo = id();
      const add = put({ id: todo, list, title: 'once' });
      const rename = { id: id(), kind: 'rename', todoId: todo, title: 'renamed once' };
      const first = await push(handler, [add, rename, add]);
      assert.equal(first.status, 200);
      assert.equal(first.body.results[2].version, first.body.results[0].version, 'the repeat answers from the record');
      const versionAfter = first.body.version;
      // A later rename, then the first rename again (a retry after a lost answer): it must not win.
      await push(handler, [{ id: id(), kind: 'rename', todoId: todo, title: 'latest' }]);
      const again = await Promise.all([push(handler, [rename]), push(handler, [rename]), push(handler, [add])]);
      for (const { status, body } of again) {
        assert.equal(status, 200);
        assert.equal(body.results[0].status, 'applied');
        assert.ok(body.results[0].version <= versionAfter);
      }
      const rows = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
      assert.deepEqual(
        rows.map((r) => r.title),
        ['latest'],
      );
    });

    test('pulls page through large changes, also inside one version, and resume from any cursor', async () => {
      const token = 'token-carol';
      const list = `pages-${id()}`;
      const start = await pullAll(handler, token);
      const adds = Array.from({ length: 120 }, (_, i) => put({ id: id(), list, title: `todo ${i}` }));
      assert.equal((await push(handler, adds, token)).status, 200);
      // One version for 120 rows: pages of 50 must split it without losing a row.
      const markAll = await push(handler, [{ id: id(), kind: 'markAll', list, completed: true }], token);
      const markVersion = markAll.body.results[0].version;
      const fromMark = await pullAll(handler, token, String(markVersion - 1), 50);
      assert.equal(fromMark.pages, 3);
      assert.equal(fromMark.changes.length, 120);
      assert.equal(new Set(fromMark.changes.map((r) => r.id)).size, 120);
      assert.ok(fromMark.changes.every((r) => r.completed && r.version === markVersion));

      // From the start: every todo once, in its final state.
      const all = await pullAll(handler, token, start.cursor, 7);
      const rows = visible(materialize(all.changes), list);
      assert.equal(rows.length, 120);
      assert.deepEqual(
        rows.map((r) => r.title),
        adds.map((m) => m.todo.title),
        'the server put each add after the last: creation order',
      );
      assert.equal(all.cursor, String(markVersion));
      // Nothing new: an empty page at the same cursor.
      const none = await pullAll(handler, token, all.cursor);
      assert.deepEqual(none.changes, []);
      assert.equal(none.cursor, all.cursor);
    });

    test('a refused mutation comes back with its reason, stays refused, and changes nothing', async () => {
      const list = `refused-${id()}`;
      const todo = id();
      const added = await push(handler, [put({ id: todo, list, title: 'keep' })]);
      const v = added.body.version;
      const tooLong = { id: id(), kind: 'rename', todoId: todo, title: 'x'.repeat(1001) };
      const cases = [
        [tooLong, 'invalid'],
        [{ id: id(), kind: 'rename', todoId: todo, title: '   ' }, 'invalid'],
        [{ id: id(), kind: 'rename', todoId: todo, title: 'a\u0000b' }, 'invalid'],
        [put({ id: id(), list: '', title: 'no list' }), 'invalid'],
        [put({ id: id(), list: 'l'.repeat(201), title: 'long list' }), 'invalid'],
        [{ id: id(), kind: 'move', todoId: todo, position: '1e9' }, 'invalid'],
        [put({ id: id(), list, title: 'ancient', dueAt: '-010000-01-01T00:00:00.000Z' }), 'invalid'],
        [put({ id: id(), list, title: 'far', dueAt: '+275760-09-13T00:00:00.000Z' }), 'invalid'],
        [put({ id: id(), list, title: 'not a date', dueAt: 'tomorrow' }), 'invalid'],
        [{ id: id(), kind: 'explode', todoId: todo }, 'invalid'],
        [{ id: id(), kind: 'rename', todoId: id(), title: 'nobody' }, 'not-found'],
        [{ id: id(), kind: 'rename', todoId: todo, title: 'stale undo', ifVersion: v - 1 }, 'changed-elsewhere'],
      ];
      const { status, body } = await push(
        handler,
        cases.map(([m]) => m),
      );
      assert.equal(status, 200);
      assert.deepEqual(
        body.results.map((r) => [r.status, r.reason]),
        cases.map(([, reason]) => ['rejected', reason]),
      );
      assert.equal(body.version, v, 'the user’s version did not move');
      // The same refused mutation sent again: the same answer, even if it would now apply.
      const again = await push(handler, [tooLong]);
      assert.deepEqual([again.body.results[0].status, again.body.results[0].reason], ['rejected', 'invalid']);
      const rows = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
      assert.deepEqual(
        rows.map((r) => r.title),
        ['keep'],
      );
    });

    describe('conflicts (docs/sync.md): every device ends with the server’s order of events', () => {
      test('concurrent renames: the one applied last, everywhere', async () => {
        const list = `rr-${id()}`;
        const todo = id();
        await push(handler, [put({ id: todo, list, title: 'start' })]);
        // Two devices rename offline, then push; the server applies them in arrival order.
        await push(handler, [{ id: id(), kind: 'rename', todoId: todo, title: 'from A' }]);
        await push(handler, [{ id: id(), kind: 'rename', todoId: todo, title: 'from B' }]);
        const rows = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
        assert.deepEqual(
          rows.map((r) => r.title),
          ['from B'],
        );
      });

      test('rename against delete: deleted everywhere, the rename refused as not-found, no ghost row', async () => {
        const list = `rd-${id()}`;
        const todo = id();
        await push(handler, [put({ id: todo, list, title: 'doomed' })]);
        await push(handler, [{ id: id(), kind: 'delete', todoIds: [todo] }]);
        const late = await push(handler, [
          { id: id(), kind: 'rename', todoId: todo, title: 'ghost?' },
          { id: id(), kind: 'setCompleted', todoId: todo, completed: true },
          { id: id(), kind: 'move', todoId: todo, position: '3' },
        ]);
        assert.deepEqual(
          late.body.results.map((r) => r.reason),
          ['not-found', 'not-found', 'not-found'],
        );
        const rows = materialize((await pullAll(handler, 'token-alice')).changes);
        assert.equal(rows.get(todo).deleted, true);
        assert.equal(visible(rows, list).length, 0);
      });

      test('toggle against toggle: the last one applied', async () => {
        const list = `tt-${id()}`;
        const todo = id();
        await push(handler, [put({ id: todo, list, title: 'flip' })]);
        const [on, off] = await Promise.all([
          push(handler, [{ id: id(), kind: 'setCompleted', todoId: todo, completed: true }]),
          push(handler, [{ id: id(), kind: 'setCompleted', todoId: todo, completed: false }]),
        ]);
        assert.notEqual(on.body.results[0].version, off.body.results[0].version);
        const expected = on.body.results[0].version > off.body.results[0].version;
        const rows = materialize((await pullAll(handler, 'token-alice')).changes);
        assert.equal(rows.get(todo).completed, expected, 'the state of the one the server applied last');
        assert.equal(rows.get(todo).version, Math.max(on.body.results[0].version, off.body.results[0].version));
      });

      test('concurrent moves: one final order, positions valid', async () => {
        const list = `mm-${id()}`;
        const ids = [id(), id(), id()];
        await push(
          handler,
          ids.map((todo, i) => put({ id: todo, list, title: `t${i}`, position: String(i + 1) })),
        );
        // A moves the first to the end, B moves it to the middle, at once.
        await Promise.all([
          push(handler, [{ id: id(), kind: 'move', todoId: ids[0], position: '3.5' }]),
          push(handler, [{ id: id(), kind: 'move', todoId: ids[0], position: '2.5' }]),
        ]);
        const first = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
        const second = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
        assert.deepEqual(
          first.map((r) => r.id),
          second.map((r) => r.id),
        );
        assert.equal(first.length, 3);
        assert.ok(['2.5', '3.5'].includes(first.find((r) => r.id === ids[0]).position));
      });

      test('an undo of a change another device has since replaced is refused (changed-elsewhere)', async () => {
        const list = `undo-${id()}`;
        const todo = id();
        const added = await push(handler, [put({ id: todo, list, title: 'original' })]);
        const mine = await push(handler, [{ id: id(), kind: 'rename', todoId: todo, title: 'mine' }]);
        // Another device renames it after me.
        await push(handler, [{ id: id(), kind: 'rename', todoId: todo, title: 'theirs' }]);
        const undo = await push(handler, [
          { id: id(), kind: 'rename', todoId: todo, title: 'original', ifVersion: mine.body.version },
        ]);
        assert.deepEqual([undo.body.results[0].status, undo.body.results[0].reason], ['rejected', 'changed-elsewhere']);
        // Undo of a delete (a restore) when nothing changed since: applied.
        const del = await push(handler, [{ id: id(), kind: 'delete', todoIds: [todo] }]);
        const restore = await push(handler, [
          put({ id: todo, list, title: 'theirs' }, { ifVersion: del.body.version }),
        ]);
        assert.equal(restore.body.results[0].status, 'applied');
        const rows = visible(materialize((await pullAll(handler, 'token-alice')).changes), list);
        assert.deepEqual(
          rows.map((r) => r.title),
          ['theirs'],
        );
        assert.ok(added.body.version < restore.body.version);
      });
    });

    test('a cursor from the future is answered 409 cursor-ahead (the device pulls from the start)', async () => {
      const { status, body } = await call(handler, { path: '/v1/pull?cursor=9007199254740991' });
      assert.equal(status, 409);
      assert.deepEqual(body, { error: 'cursor-ahead' });
    });
  });
}
