import { expect, waitUntil } from '@open-wc/testing';
import { DatabaseClient } from '../../../src/db/client';
import { electionId } from '../../../src/db/storage';
import { electionNames } from '../../../src/protocol/channels';
import { createDatabaseWorker } from '../../../src/workers/create-worker';
import { StorageMismatchError } from '../../../src/errors';

// Every test here runs real leaders: real workers, real PGlite, real Web Locks and channels.
// Two clients in one page are two members of the election, exactly as two tabs are (each has
// its own worker, tab lock and channels). Each test uses its own database names.
const run = crypto.randomUUID().slice(0, 8);
const databaseName = (what: string) => `session-${what}-${run}`;
const clients: DatabaseClient[] = [];

function client(database: string, options: Partial<ConstructorParameters<typeof DatabaseClient>[0]> = {}) {
  const made = new DatabaseClient({ database, createWorker: createDatabaseWorker, startTimeoutMs: 90_000, ...options });
  clients.push(made);
  return made;
}

/** Rows in `table`, read through `db`. */
async function count(db: DatabaseClient, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row?.n ?? -1;
}

describe('DatabaseSession (real leaders, real workers)', function () {
  this.timeout(240_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
  });

  describe('storage', () => {
    it('a page that asked for durable storage never writes into another page’s in-memory database', async () => {
      const database = databaseName('storage');
      const preview = client(database, { storage: 'memory' });
      await preview.init();
      const durable = client(database);
      await durable.init();
      expect(preview.info?.storage).to.equal('memory');
      expect(durable.info?.durable, `the durable page runs on ${durable.info?.storage}`).to.be.true;

      await durable.exec('create table if not exists kept (title text not null)');
      await durable.query('insert into kept (title) values ($1)', ['saved for good'], { requestId: `kept-${run}` });
      await preview.close();
      expect(await count(durable, 'kept')).to.equal(1);
    });

    it('a page that asked for memory never writes to the durable database of the same name', async () => {
      const database = databaseName('memory-after');
      const durable = client(database);
      await durable.init();
      await durable.exec('create table if not exists on_disk (title text not null)');
      const preview = client(database, { storage: 'memory' });
      await preview.init();
      expect(preview.info?.storage).to.equal('memory');
      await preview.exec('create table if not exists on_disk (title text not null)');
      await preview.exec(`insert into on_disk (title) values ('only in memory')`);
      expect(await count(durable, 'on_disk')).to.equal(0);
    });
  });

  describe('storage mismatch', () => {
    it('a page that named another durable store than the leading tab opened says so, then takes over once that tab closes', async () => {
      const database = databaseName('other-store');
      const leading = client(database);
      await leading.init();
      expect(leading.info?.storage).to.equal('opfs');
      const idbPage = client(database, { storage: 'idb' });
      const refused = await idbPage.init().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).to.be.instanceOf(StorageMismatchError);
      expect(idbPage.status.kind).to.equal('failed');
      await leading.close();
      await idbPage.init();
      expect(idbPage.info?.storage).to.equal('idb');
    });
  });

  describe('announcements', () => {
    it('a forged "leader ready" or "electing" on the origin’s channel does not take the tabs away from the real leader', async () => {
      const database = databaseName('forged');
      const db = client(database, { storage: 'memory', callTimeoutMs: 5_000 });
      await db.init();
      const names = electionNames(electionId(database, 'memory'));
      const forger = new BroadcastChannel(names.announcements);
      try {
        const info = { ...db.info!, instance: 'forged-instance' };
        forger.postMessage({ v: 1, kind: 'leader', leader: 'forged-term', state: 'ready', info });
        expect(await db.query<{ one: number }>('select 1 as one')).to.deep.equal([{ one: 1 }]);
        forger.postMessage({ v: 1, kind: 'leader', leader: 'forged-term-2', state: 'electing' });
        expect(await db.query<{ two: number }>('select 2 as two')).to.deep.equal([{ two: 2 }]);
        expect(db.status.kind).to.equal('ready');
      } finally {
        forger.close();
      }
    });
  });

  describe('schema check', () => {
    it('a leader too busy to answer the check in time is checked again: the page is ready only once its schema is up to date', async () => {
      const database = databaseName('busy');
      const older = client(database, { storage: 'memory' });
      await older.init();
      // The leader's database as an older release left it: without migrations 0004 (positions) and 0005 (sync).
      await older.exec(`
        drop trigger todo_sync_insert on todos;
        drop trigger todo_sync_update on todos;
        drop trigger todo_sync_delete on todos;
        drop function todo_sync_record();
        drop function todo_sync_put(todos);
        drop table sync_queue;
        drop table sync_state;
        delete from todo_widget.migrations where created_at = (select max(created_at) from todo_widget.migrations);
        drop trigger todos_position_at_end on todos;
        drop function todo_widget.todos_position_at_end();
        drop index todos_list_position_id_idx;
        alter table todos drop column position;
        delete from todo_widget.migrations where created_at = (select max(created_at) from todo_widget.migrations);
      `);
      // Busy (a long import): the leader runs nothing else until this transaction ends.
      let finish!: () => void;
      const busy = older.transaction(async (tx) => {
        await tx.query('select 1');
        await new Promise<void>((resolve) => (finish = resolve));
      });
      const requests = new BroadcastChannel(electionNames(electionId(database, 'memory')).requests);
      let describeDeadline: number | undefined;
      requests.onmessage = (event: MessageEvent<{ kind?: string; method?: string; deadline?: number }>) => {
        if (event.data.kind === 'call' && event.data.method === 'describe') describeDeadline ??= event.data.deadline;
      };
      const newer = client(database, { storage: 'memory', callTimeoutMs: 1_000 });
      const ready = newer.init();
      try {
        await waitUntil(() => describeDeadline !== undefined, 'the new tab asks the leader for its schema', {
          timeout: 60_000,
        });
        await waitUntil(() => Date.now() > describeDeadline! + 100, 'its deadline passes', { timeout: 10_000 });
      } finally {
        finish();
        requests.close();
      }
      await busy;
      await ready;
      const columns = await newer.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'todos' and column_name = 'position'`,
      );
      expect(columns, 'the newer tab migrated the database before it said ready').to.have.length(1);
    });
  });
});
