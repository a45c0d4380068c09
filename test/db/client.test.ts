import { expect } from '@open-wc/testing';
import { DatabaseClient, type WindowResult } from '../../src/db/client';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import { DatabaseStartError, DatabaseTimeoutError, QueryError, WorkerStartError } from '../../src/errors';

// One database for the whole file: creating one costs seconds here.
const client = new DatabaseClient({ database: 'test-client', storage: 'memory', createWorker: createDatabaseWorker });

async function nextValue<T>(subscribe: (resolve: (value: T) => void) => void, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no live result in time')), timeoutMs);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('DatabaseClient', () => {
  before(async () => {
    const started = performance.now();
    await client.init();
    console.log(
      `cold init (memory://, in a worker): ${Math.round(performance.now() - started)} ms`,
      client.info?.startup,
    );
    await client.exec('create table if not exists scratch (id int primary key, name text not null)');
  });

  after(() => client.close());

  describe('init', () => {
    it('shares one start between concurrent callers', async () => {
      const other = new DatabaseClient({
        database: 'test-client-shared',
        storage: 'memory',
        createWorker: createDatabaseWorker,
      });
      const first = other.init();
      const second = other.init();
      expect(first).to.equal(second);
      await first;
      expect(other.ready).to.be.true;
      await other.close();
    });

    it('reports where the data is kept', () => {
      expect(client.info?.storage).to.equal('memory');
      expect(client.info?.durable).to.be.false;
      expect(client.isLeader).to.be.true;
    });

    it('rejects with a typed error when the worker script does not exist', async () => {
      const broken = new DatabaseClient({
        database: 'test-missing-worker',
        createWorker: () => new Worker(new URL('/no-such-worker.js', location.href), { type: 'module' }),
        startTimeoutMs: 20_000,
      });
      const error = await broken.init().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(WorkerStartError);
      await broken.close();
    });

    it('rejects with a typed error, not a hang, when the worker never answers', async () => {
      const silent = new DatabaseClient({
        database: 'test-silent-worker',
        createWorker: () =>
          new Worker(URL.createObjectURL(new Blob(['/* says nothing */'], { type: 'text/javascript' })), {
            type: 'module',
          }),
        startTimeoutMs: 1_500,
      });
      const error = await silent.init().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DatabaseTimeoutError);
      await silent.close();
    });

    it('rejects with DatabaseStartError naming the cause when the database cannot be opened', async () => {
      const bad = new DatabaseClient({
        database: 'test-bad-storage',
        // @ts-expect-error a storage mode that does not exist must fail clearly
        storage: 'floppy',
        createWorker: createDatabaseWorker,
        startTimeoutMs: 60_000,
      });
      const error = await bad.init().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DatabaseStartError);
      expect((error as Error).message).to.contain('floppy');
      await bad.close();
    });
  });

  describe('queries', () => {
    it('returns rows from query and the first row from queryOne', async () => {
      await client.query('insert into scratch (id, name) values ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
      const rows = await client.query<{ id: number; name: string }>('select * from scratch order by id');
      expect(rows).to.deep.equal([
        { id: 1, name: 'one' },
        { id: 2, name: 'two' },
      ]);
      expect(await client.queryOne<{ name: string }>('select name from scratch where id = $1', [2])).to.deep.equal({
        name: 'two',
      });
      expect(await client.queryOne('select * from scratch where id = $1', [99])).to.equal(undefined);
    });

    it('maps a Postgres error to QueryError with its message and SQLSTATE', async () => {
      const error = await client.query('insert into scratch (id, name) values (1, null)').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(QueryError);
      expect((error as QueryError).message).to.contain('not-null');
      // Errors cross the channel with every field: SQLSTATE and DETAIL included.
      expect((error as QueryError).code).to.equal('23502');
      expect((error as QueryError).detail).to.be.a('string');
    });

    it('commits a transaction that resolves', async () => {
      await client.transaction(async (tx) => {
        await tx.query('insert into scratch (id, name) values ($1, $2)', [10, 'ten']);
        await tx.query('insert into scratch (id, name) values ($1, $2)', [11, 'eleven']);
      });
      const rows = await client.query('select id from scratch where id in (10, 11)');
      expect(rows).to.have.length(2);
    });

    it('rolls back a transaction that throws', async () => {
      const error = await client
        .transaction(async (tx) => {
          await tx.query('insert into scratch (id, name) values ($1, $2)', [20, 'twenty']);
          throw new Error('changed my mind');
        })
        .catch((e: unknown) => e);
      expect((error as Error).message).to.contain('changed my mind');
      expect(await client.query('select id from scratch where id = 20')).to.have.length(0);
    });
  });

  describe('live queries', () => {
    it('fires on insert, update and delete, and stops after unsubscribe', async () => {
      const results: string[][] = [];
      let notify: (() => void) | undefined;
      const unsubscribe = await client.liveQuery<{ name: string }>(
        'select name from scratch where id >= $1 order by id',
        [100],
        (rows) => {
          results.push(rows.map((row) => row.name));
          notify?.();
        },
      );
      expect(results.at(-1)).to.deep.equal([]);

      const change = async (sql: string) => {
        const seen = nextValue<void>((resolve) => (notify = resolve));
        await client.query(sql);
        await seen;
      };
      await change(`insert into scratch (id, name) values (100, 'a')`);
      expect(results.at(-1)).to.deep.equal(['a']);
      await change(`update scratch set name = 'b' where id = 100`);
      expect(results.at(-1)).to.deep.equal(['b']);
      await change(`delete from scratch where id = 100`);
      expect(results.at(-1)).to.deep.equal([]);

      await unsubscribe();
      const count = results.length;
      await client.query(`insert into scratch (id, name) values (101, 'after')`);
      // A live refresh of the other subscription proves notifications still flow.
      await client.liveQuery('select 1', [], () => undefined).then((stop) => stop());
      expect(results.length).to.equal(count);
    });

    it('liveChanges delivers only the changed rows', async () => {
      await client.query(`insert into scratch (id, name) values (200, 'x'), (201, 'y'), (202, 'z')`);
      const batches: Array<Array<Record<string, unknown>>> = [];
      let notify: (() => void) | undefined;
      const unsubscribe = await client.liveChanges<{ id: number; name: string }>(
        'select id, name from scratch where id >= 200 and id < 300',
        [],
        'id',
        (changes) => {
          batches.push(changes as Array<Record<string, unknown>>);
          notify?.();
        },
      );
      expect(batches[0]).to.have.length(3);
      const seen = nextValue<void>((resolve) => (notify = resolve));
      await client.query(`update scratch set name = 'y2' where id = 201`);
      await seen;
      const last = batches.at(-1)!;
      expect(last).to.have.length(1);
      expect(last[0]).to.include({ __op__: 'UPDATE', id: 201, name: 'y2' });
      await unsubscribe();
    });

    it('liveWindow delivers a window of the rows with the total, moves it, and follows changes', async () => {
      await client.query(`insert into scratch (id, name) select g, 'w' || g from generate_series(300, 349) g`);
      const results: Array<WindowResult<{ id: number }>> = [];
      let waiter: { check: (result: WindowResult<{ id: number }>) => boolean; resolve: () => void } | undefined;
      const until = (check: (result: WindowResult<{ id: number }>) => boolean) =>
        results.some(check) ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { check, resolve }));
      const window = await client.liveWindow<{ id: number }>(
        'select id from scratch where id >= 300 and id < 400 order by id',
        [],
        { offset: 5, limit: 3 },
        (result) => {
          results.push(result);
          if (waiter?.check(result)) waiter.resolve();
        },
      );
      expect(results[0]).to.deep.include({ offset: 5, limit: 3, totalCount: 50 });
      expect(results[0]!.rows.map((row) => row.id)).to.deep.equal([305, 306, 307]);

      await window.move({ offset: 48, limit: 5 });
      await until((result) => result.offset === 48);
      expect(results.at(-1)!.rows.map((row) => row.id)).to.deep.equal([348, 349]);

      await client.query(`insert into scratch (id, name) values (350, 'new')`);
      await until((result) => result.totalCount === 51 && result.rows.length === 3);
      expect(results.at(-1)!.rows.map((row) => row.id)).to.deep.equal([348, 349, 350]);
      await window.unsubscribe();
    });
  });
});
