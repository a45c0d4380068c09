import { expect, waitUntil } from '@open-wc/testing';
import { DatabaseClient } from '../../../src/db/client';
import { newTodoId, TodoRepository } from '../../../src/db/repositories/todos';
import { createDatabaseWorker } from '../../../src/workers/create-worker';

// The real leader in a real worker on OPFS: PGlite runs no autovacuum, so without the leader's
// policy the dead row versions of every toggle-all stay, and the table grows with each.
const client = new DatabaseClient({ database: `test-vacuum-${Date.now()}`, createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);

interface TodoTableStats {
  readonly dead: number;
  readonly modifiedSinceAnalyze: number;
  readonly vacuums: number;
  readonly analyzes: number;
  readonly bytes: number;
}

const stats = async (): Promise<TodoTableStats> => {
  // Statistics are published at most once a second unless asked to (the policy asks too).
  await client.query('select pg_stat_force_next_flush()');
  return (await client.queryOne<TodoTableStats>(
    `select n_dead_tup::int as dead, n_mod_since_analyze::int as "modifiedSinceAnalyze", vacuum_count::int as vacuums, analyze_count::int as analyzes,
            pg_relation_size('todos')::int as bytes
       from pg_stat_user_tables where relname = 'todos'`,
  ))!;
};

/**
 * Waits for the leader's policy (250 ms idle after the last write) to have nothing left to do for
 * todos: no dead rows (VACUUM), and its statistics current (ANALYZE, a separate piece that runs
 * after the VACUUM: 50 + 10 % of the 2,000 rows changed calls for one).
 */
const cleanedUp = () =>
  waitUntil(
    async () => {
      const { dead, modifiedSinceAnalyze } = await stats();
      return dead === 0 && modifiedSinceAnalyze <= 250;
    },
    'the policy did not clean up todos (dead rows, or statistics out of date)',
    { interval: 250, timeout: 60_000 },
  );

describe("the leader's vacuum policy", () => {
  before(() => client.init());
  after(() => client.close());

  it('cleans up the dead rows of many toggle-alls once the leader is idle, so the table stops growing', async () => {
    const list = 'vacuum';
    await repository.addMany(
      Array.from({ length: 2000 }, (_, i) => `todo ${i}`),
      list,
    );
    for (let i = 0; i < 5; i++) await repository.toggleAll(list, i % 2 === 0);
    const dirty = await stats();
    // Each toggle-all leaves a dead version of every row behind (unless the policy ran in between).
    expect(dirty.dead + 2000 * dirty.vacuums).to.be.at.least(2000);

    await cleanedUp();
    const first = await stats();
    expect(first.vacuums).to.be.at.least(1);
    expect(first.analyzes).to.be.at.least(1);

    // Three more: their new row versions go where the cleaned-up ones were (without the policy, +50%).
    for (let i = 0; i < 3; i++) await repository.toggleAll(list, i % 2 === 0);
    await cleanedUp();
    const second = await stats();
    expect(second.vacuums).to.be.greaterThan(first.vacuums);
    expect(second.bytes).to.be.at.most(first.bytes * 1.2);
    expect(await repository.counts(list)).to.deep.equal({ total: 2000, active: 0, completed: 2000 });
  });

  it('has a new leader analyze todos imported under an earlier one, whose statistics died with it', async () => {
    const database = `test-vacuum-restart-${Date.now()}`;
    const estimate = async (db: DatabaseClient) =>
      (await db.queryOne<{ rows: number }>(`select reltuples::int as rows from pg_class where relname = 'todos'`))!
        .rows;
    const first = new DatabaseClient({ database, createWorker: createDatabaseWorker });
    await first.init();
    await new TodoRepository(first).addMany(
      Array.from({ length: 3000 }, (_, i) => `imported ${i}`),
      'import',
    );
    // Asked at once and closed: the first leader had no idle moment to analyze.
    expect(await estimate(first)).to.be.at.most(0);
    await first.close();

    const second = new DatabaseClient({ database, createWorker: createDatabaseWorker });
    try {
      await second.init();
      await waitUntil(async () => (await estimate(second)) > 2000, 'the new leader did not analyze todos', {
        interval: 250,
        timeout: 30_000,
      });
    } finally {
      await second.close();
    }
  });

  describe('the request log', () => {
    const requestLog = async () =>
      (await client.queryOne<{ old: number; all: number; vacuums: number }>(
        `select (select count(*) from todo_widget.requests where at < now() - interval '7 days')::int as old,
                (select count(*) from todo_widget.requests)::int as "all",
                (select vacuum_count from pg_stat_all_tables where schemaname = 'todo_widget' and relname = 'requests')::int as vacuums`,
      ))!;

    it('is pruned of results older than it keeps, and vacuumed, while the leader runs', async () => {
      // Entries logged over a week ago, as a leader running since then would hold them.
      await client.query(
        `insert into todo_widget.requests (id, result, at)
           select 'aged-' || n, '[]', now() - interval '8 days' from generate_series(1, 500) as n`,
      );
      expect((await requestLog()).old).to.equal(500);
      const vacuumsBefore = (await requestLog()).vacuums;
      // Writes enough for the upkeep to look (each logged, as the tabs' adds are).
      const list = 'request-log';
      for (let i = 0; i < 60; i++) await repository.add(`logged ${i}`, list, { id: newTodoId() });
      await waitUntil(
        async () => {
          const { old, vacuums } = await requestLog();
          return old === 0 && vacuums > vacuumsBefore;
        },
        'the old request log entries were not pruned, or the log not vacuumed',
        { interval: 250, timeout: 30_000 },
      );
      // What was logged within the week is kept: a retry of it is still answered from the log.
      expect((await requestLog()).all).to.be.at.least(60);
    });
  });
});
