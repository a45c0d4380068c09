import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseClient } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { TodoRepository } from '../../src/db/repositories/todos';
import { TodoRestoreRepository } from '../../src/db/repositories/todo-restore';
import type { Todo } from '../../src/db/schema';
import { createDatabaseWorker } from '../../src/workers/create-worker';

/** The migration that brings manual order (its number changes as others land before it). */
const ORDER_MIGRATION = bundledMigrations.findIndex((migration) => migration.tag.endsWith('_todo_position'));

const client = new DatabaseClient({ database: `test-order-${Date.now()}`, createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
const restore = new TodoRestoreRepository(client);
let listCounter = 0;
const freshList = () => `order-${Date.now()}-${listCounter++}`;
const titles = (todos: readonly Todo[]) => todos.map((todo) => todo.title);

/** Every column of every row of `list` as stored (text, so nothing is lost to conversion), by id. */
const stored = (list: string) =>
  client.query<Record<string, string>>(
    `select id::text, title, completed::text, created_at::text, updated_at::text, position::text from todos where list = $1 order by id`,
    [list],
  );

async function listOf(...names: string[]): Promise<{ list: string; ids: Record<string, string> }> {
  const list = freshList();
  const added = await repository.addMany(names, list);
  return { list, ids: Object.fromEntries(added.map((todo) => [todo.title, todo.id])) };
}

describe('manual order', () => {
  describe('the migration', () => {
    it('exists, after the due date', () => {
      expect(ORDER_MIGRATION).to.be.greaterThan(1);
    });

    it('gives todos already there their creation order, per list, and puts an older release’s insert at the end', async () => {
      const pg = await PGlite.create();
      try {
        await migrate(pg, bundledMigrations.slice(0, ORDER_MIGRATION));
        // Inserted out of id order, lists interleaved: the order is the ids' (creation), not the insertion's.
        await pg.exec(`insert into todos (id, list, title) values
          ('01890000-0000-7000-8000-000000000003', 'a', 'a3'),
          ('01890000-0000-7000-8000-000000000001', 'a', 'a1'),
          ('01890000-0000-7000-8000-000000000002', 'b', 'b2'),
          ('01890000-0000-7000-8000-000000000004', 'a', 'a4'),
          ('01890000-0000-7000-8000-000000000000', 'b', 'b0')`);
        await migrate(pg, bundledMigrations);
        const order = async () =>
          (
            await pg.query<{ list: string; title: string; position: string }>(
              `select list, title, position::text from todos order by list, position, id`,
            )
          ).rows;
        expect(await order()).to.deep.equal([
          { list: 'a', title: 'a1', position: '1' },
          { list: 'a', title: 'a3', position: '2' },
          { list: 'a', title: 'a4', position: '3' },
          { list: 'b', title: 'b0', position: '1' },
          { list: 'b', title: 'b2', position: '2' },
        ]);
        // The previous release's INSERT names no position (and an id older than every other).
        await pg.exec(
          `insert into todos (id, list, title) values ('01890000-0000-7000-8000-0000000000aa', 'b', 'from an older tab')`,
        );
        expect((await order()).filter((row) => row.list === 'b').map((row) => row.title)).to.deep.equal([
          'b0',
          'b2',
          'from an older tab',
        ]);
      } finally {
        await pg.close();
      }
    });
  });

  describe('TodoRepository', () => {
    before(() => client.init());
    after(() => client.close());

    it('puts a new todo at the end, one at a time or many at once', async () => {
      const { list } = await listOf('one', 'two');
      await repository.add('three', list);
      await repository.addMany(['four', 'five'], list);
      expect(titles(await repository.getAll(list))).to.deep.equal(['one', 'two', 'three', 'four', 'five']);
    });

    it('moves a todo up, down, to the top and to the bottom, writing that one row and only its position', async () => {
      const { list, ids } = await listOf('a', 'b', 'c', 'd');
      const before = await stored(list);

      await repository.move(ids['d']!, { after: ids['a']!, before: ids['b']! });
      expect(titles(await repository.getAll(list))).to.deep.equal(['a', 'd', 'b', 'c']);
      const after = await stored(list);
      const changed = after.filter((row, index) => JSON.stringify(row) !== JSON.stringify(before[index]));
      expect(changed.map((row) => row['title'])).to.deep.equal(['d']);
      expect({ ...changed[0], position: '' }).to.deep.equal({
        ...before.find((row) => row['title'] === 'd'),
        position: '',
      });

      await repository.move(ids['c']!, { after: null, before: ids['a']! });
      expect(titles(await repository.getAll(list))).to.deep.equal(['c', 'a', 'd', 'b']);
      await repository.move(ids['c']!, { after: ids['b']!, before: null });
      expect(titles(await repository.getAll(list))).to.deep.equal(['a', 'd', 'b', 'c']);
      const moved = await repository.move(ids['a']!, { after: ids['b']!, before: ids['c']! });
      expect(moved?.title).to.equal('a');
      expect(titles(await repository.getAll(list))).to.deep.equal(['d', 'b', 'a', 'c']);
    });

    it('moves relative to the neighbours a filtered view shows, leaving hidden todos in place', async () => {
      const { list, ids } = await listOf('a1', 'h1', 'a2', 'h2', 'a3');
      await repository.setCompleted(ids['h1']!, true);
      await repository.setCompleted(ids['h2']!, true);
      // In "active", a3 goes up one place: between a1 and a2 as shown.
      await repository.move(ids['a3']!, { after: ids['a1']!, before: ids['a2']! });
      expect(titles(await repository.getAll(list, 'active'))).to.deep.equal(['a1', 'a3', 'a2']);
      const all = titles(await repository.getAll(list));
      expect(all.indexOf('a3')).to.be.greaterThan(all.indexOf('a1')).and.lessThan(all.indexOf('a2'));
      expect(all.filter((title) => title.startsWith('h'))).to.deep.equal(['h1', 'h2']);
    });

    it('keeps positions exact through many moves into the same gap', async () => {
      const { list, ids } = await listOf('top', 'bottom', 'x');
      let above = ids['top']!;
      // Each move halves (roughly) the gap: 60 moves need more digits than a double holds.
      for (let i = 0; i < 60; i++) {
        const moved = await repository.add(`m${i}`, list);
        await repository.move(moved.id, { after: above, before: ids['bottom']! });
        above = moved.id;
      }
      const shown = titles(await repository.getAll(list));
      expect(shown).to.deep.equal(['top', ...Array.from({ length: 60 }, (_, i) => `m${i}`), 'bottom', 'x']);
    });

    it('converges when two moves land in the same gap at once: one order, the same for every reader', async () => {
      const { list, ids } = await listOf('a', 'b', 'c', 'd');
      await Promise.all([
        repository.move(ids['c']!, { after: ids['a']!, before: ids['b']! }),
        repository.move(ids['d']!, { after: ids['a']!, before: ids['b']! }),
      ]);
      const shown = titles(await repository.getAll(list));
      expect(shown[0]).to.equal('a');
      expect(shown.slice(1, 3).sort()).to.deep.equal(['c', 'd']);
      expect(shown[3]).to.equal('b');
      expect(titles(await repository.getAll(list))).to.deep.equal(shown);
    });

    describe('keys', () => {
      /** The positions of `list` as stored, by title. */
      const positions = async (list: string) =>
        Object.fromEntries((await stored(list)).map((row) => [row['title']!, row['position']!]));

      it('renumber a list in one statement, and an undo across it puts the todo back or says it changed elsewhere', async () => {
        const { list, ids } = await listOf('top', 'x', 'y', 'z', 'bottom');
        const all = async () => titles(await repository.getAll(list));
        // An earlier move, whose undo a renumbering since must refuse.
        const beforeZ = (await repository.get(ids['z']!))!;
        const movedZ = (await repository.move(ids['z']!, { after: ids['bottom']!, before: null }))!;
        let renumberingMove: { before: Todo; after: Todo; order: string[] } | undefined;
        for (let i = 0; i < 1000 && !renumberingMove; i++) {
          const order = await all();
          const [lower, upper] = order.indexOf('x') > order.indexOf('y') ? ['x', 'y'] : ['y', 'x'];
          const keys = await positions(list);
          const before = (await repository.get(ids[lower]!))!;
          const after = (await repository.move(ids[lower]!, { after: ids['top']!, before: ids[upper]! }))!;
          // Renumbered: rows the move did not name got new keys.
          if ((await positions(list))['bottom'] !== keys['bottom']) renumberingMove = { before, after, order };
        }
        expect(renumberingMove, 'no move renumbered the list within 1,000 moves').to.not.equal(undefined);
        const { before, after, order } = renumberingMove!;
        const renumbered = await all();

        // The move that renumbered: undone, the todo is where it was before it, among the renumbered rows.
        expect(await restore.revertMove(before, after)).to.not.equal(undefined);
        expect(await all()).to.deep.equal(order);
        // The earlier move of z: its key was renumbered since, so the undo leaves it (changed elsewhere).
        expect(await restore.revertMove(beforeZ, movedZ)).to.equal(undefined);
        expect(await all()).to.deep.equal(order);
        expect(renumbered).to.not.deep.equal(order);
      });
    });

    it('leaves a todo where it is when both neighbours are gone, and resolves undefined for a todo that is gone', async () => {
      const { list, ids } = await listOf('a', 'b', 'c');
      await repository.delete(ids['a']!);
      await repository.delete(ids['c']!);
      await repository.move(ids['b']!, { after: ids['a']!, before: ids['c']! });
      expect(titles(await repository.getAll(list))).to.deep.equal(['b']);
      expect(await repository.move(ids['a']!, { after: null, before: ids['b']! })).to.equal(undefined);
    });
  });
});
