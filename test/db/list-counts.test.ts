import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseClient } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import {
  TodoRepository,
  TODO_FILTERS,
  type TodoCounts,
  type TodoFilter,
  type TodoWindow,
} from '../../src/db/repositories/todos';
import { createDatabaseWorker } from '../../src/workers/create-worker';

// Counts kept by triggers (todo_counts) and windows read from the nearer end must give exactly
// what counting and OFFSET give. The real worker and PGlite on OPFS, one database for the file.
const client = new DatabaseClient({ database: 'test-list-counts', createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
let listCounter = 0;
const freshList = () => `counts-${Date.now()}-${listCounter++}`;

/** A small seeded generator: a failure replays the same steps. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What counting every row says. */
async function countedByScan(list: string): Promise<TodoCounts> {
  const [row] = await client.query<{ total: number; completed: number }>(
    'select count(*)::int as total, (count(*) filter (where completed))::int as completed from todos where list = $1',
    [list],
  );
  return { total: row!.total, active: row!.total - row!.completed, completed: row!.completed };
}

const whereOf: Record<TodoFilter, string> = { all: '', active: 'and not completed', completed: 'and completed' };

/** What OFFSET over the whole ordered list says a window holds, and the filter's row count. */
async function windowByOffset(
  list: string,
  filter: TodoFilter,
  offset: number,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const rows = await client.query<{ id: string }>(
    `select id from todos where list = $1 ${whereOf[filter]} order by id offset ${offset} limit ${limit}`,
    [list],
  );
  const [count] = await client.query<{ n: number }>(
    `select count(*)::int as n from todos where list = $1 ${whereOf[filter]}`,
    [list],
  );
  return { ids: rows.map((row) => row.id), total: count!.n };
}

describe('list counts (todo_counts) and far windows', () => {
  before(() => client.init());
  after(() => client.close());

  it('counts equal a real COUNT(*) in every list after random adds, toggles, deletes, clears, toggle-alls and transactions', async () => {
    const lists = [freshList(), freshList(), freshList()];
    const next = random(16);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const idsOf = async (list: string) =>
      (await client.query<{ id: string }>('select id from todos where list = $1', [list])).map((row) => row.id);
    const steps: string[] = [];
    for (let step = 0; step < 60; step++) {
      const list = pick(lists);
      const ids = await idsOf(list);
      const kind =
        ids.length === 0
          ? 'addMany'
          : pick([
              'add',
              'addMany',
              'toggle',
              'setCompleted',
              'delete',
              'clearCompleted',
              'toggleAll',
              'transaction',
              'rollback',
              'move',
            ]);
      steps.push(`${kind} in ${lists.indexOf(list)}`);
      if (kind === 'add') await repository.add(`todo ${step}`, list);
      else if (kind === 'addMany')
        await repository.addMany(
          Array.from({ length: 1 + Math.floor(next() * 8) }, (_, i) => `todo ${step}.${i}`),
          list,
        );
      else if (kind === 'toggle') await repository.toggle(pick(ids));
      else if (kind === 'setCompleted') await repository.setCompleted(pick(ids), next() < 0.5);
      else if (kind === 'delete') await repository.delete(pick(ids));
      else if (kind === 'clearCompleted') await repository.clearCompleted(list);
      else if (kind === 'toggleAll') await repository.toggleAll(list, next() < 0.5);
      else if (kind === 'move') {
        // Raw SQL, as another app on the same database might write: a row changes list and state.
        await client.query('update todos set list = $1, completed = not completed where id = $2', [
          pick(lists),
          pick(ids),
        ]);
      } else {
        const commit = kind === 'transaction';
        await client
          .transaction(async (tx) => {
            await tx.query(
              "insert into todos (id, list, title, completed) values (gen_random_uuid(), $1, 'in a transaction', true)",
              [list],
            );
            await tx.query('delete from todos where id = $1', [pick(ids)]);
            await tx.query('update todos set completed = not completed where list = $1', [pick(lists)]);
            if (!commit) throw new Error('roll back');
          })
          .catch((error: unknown) => {
            if (commit || !(error instanceof Error) || error.message !== 'roll back') throw error;
          });
      }
      for (const each of lists) {
        expect(await repository.counts(each), `${each} after ${steps.join(', ')}`).to.deep.equal(
          await countedByScan(each),
        );
      }
    }
  });

  it('reads zeros for a list that never had a todo, and for one emptied', async () => {
    const list = freshList();
    expect(await repository.counts(list)).to.deep.equal({ total: 0, active: 0, completed: 0 });
    const todo = await repository.add('only', list);
    await repository.delete(todo.id);
    expect(await repository.counts(list)).to.deep.equal({ total: 0, active: 0, completed: 0 });
  });

  it('windows anywhere in a list, of every filter, equal OFFSET over the whole list, and stay equal as it changes', async () => {
    const list = freshList();
    const added = await repository.addMany(
      Array.from({ length: 200 }, (_, i) => `row ${i}`),
      list,
    );
    const next = random(4);
    for (const todo of added) if (next() < 0.3) await repository.setCompleted(todo.id, true);

    const ranges = [
      [0, 10],
      [0, 60],
      [40, 60],
      [95, 10],
      [100, 60],
      [120, 30],
      [150, 60],
      [185, 10],
      [195, 10],
      [199, 1],
      [200, 5],
      [260, 10],
    ] as const;
    const latest = new Map<string, TodoWindow>();
    const subscriptions = [];
    for (const filter of TODO_FILTERS) {
      for (const [offset, limit] of ranges) {
        const key = `${filter} ${offset}+${limit}`;
        subscriptions.push(
          await repository.subscribeWindow(list, filter, { offset, limit }, (window) => latest.set(key, window)),
        );
      }
    }
    const compare = async (after: string) => {
      // Asked after the write: the leader's refresh (queued right after it) has been delivered by then.
      await client.query('select 1');
      for (const filter of TODO_FILTERS) {
        for (const [offset, limit] of ranges) {
          const key = `${filter} ${offset}+${limit}`;
          const expected = await windowByOffset(list, filter, offset, limit);
          const window = latest.get(key)!;
          expect(
            window.todos.map((todo) => todo.id),
            `${key} ${after}`,
          ).to.deep.equal(expected.ids);
          // (A window wholly past the end reports at least its offset as the total: the repository's rule, not the leader's.)
          if (offset < expected.total) expect(window.total, `${key} total ${after}`).to.equal(expected.total);
        }
      }
    };
    await compare('at first');
    await repository.add('at the end', list);
    await compare('after an add');
    await repository.delete(added[3]!.id);
    await compare('after deleting an early row');
    await repository.toggle(added[190]!.id);
    await compare('after a toggle near the end');
    await repository.clearCompleted(list);
    await compare('after clearing the completed');
    await repository.toggleAll(list, true);
    await compare('after completing all');
    for (const subscription of subscriptions) await subscription.unsubscribe();
  });

  it('the migration counts the todos already there', async () => {
    const index = bundledMigrations.findIndex((migration) => migration.tag.endsWith('_list_counts'));
    expect(index).to.be.greaterThan(0);
    const pg = await PGlite.create();
    try {
      await migrate(pg, bundledMigrations.slice(0, index));
      await pg.query(`insert into todos (id, list, title, completed)
        select gen_random_uuid(), 'list ' || (g % 3), 'todo ' || g, g % 4 = 0 from generate_series(1, 500) g`);
      await migrate(pg, bundledMigrations);
      const kept = await pg.query('select list, total, completed from todo_counts order by list');
      const counted = await pg.query(
        'select list, count(*)::int as total, (count(*) filter (where completed))::int as completed from todos group by list order by list',
      );
      expect(kept.rows).to.deep.equal(counted.rows);
      expect(kept.rows).to.have.length(3);
    } finally {
      await pg.close();
    }
  });
});
