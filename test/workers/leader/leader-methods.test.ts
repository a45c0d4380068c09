import { expect, waitUntil } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import type { LiveDelivery } from '../../../src/protocol/leader-api';
import { LEADER_METHODS } from '../../../src/protocol/leader-api';
import { createLeaderMethods, type CallContext } from '../../../src/workers/leader/leader-methods';
import { LiveQueries } from '../../../src/workers/leader/live-queries';
import { prepareRequestLog } from '../../../src/workers/leader/request-log';
import { SerialQueue } from '../../../src/workers/leader/serial-queue';
import { TabTransactions } from '../../../src/workers/leader/tab-transactions';
import type { DatabaseInfo } from '../../../src/db/storage';

// What the leader does for each call of a tab, over a real PGlite (in memory, in this page) with
// the real queue, transactions and live queries the leader's worker gives it.
describe("the leader's methods", function () {
  this.timeout(60_000);
  let pg: PGlite;
  let queue: SerialQueue;
  let live: LiveQueries;
  let methods: ReturnType<typeof createLeaderMethods>;
  const info: DatabaseInfo = { storage: 'memory', durable: false, instance: 'test', startup: {} };
  const deliveries = new Map<string, LiveDelivery[]>();

  /** A call of `tab`, due within 10 s, whose live results are kept by subscription. */
  const from = (tab = 'tab-a'): CallContext => ({
    tab,
    deadline: Date.now() + 10_000,
    sendLive: (sub, delivery) => deliveries.set(sub, [...(deliveries.get(sub) ?? []), delivery]),
  });
  const titles = async () =>
    (await methods.query(from(), { sql: 'select title from items order by id', params: [] })).rows.map(
      (row) => row['title'],
    );

  before(async () => {
    pg = await PGlite.create();
    await prepareRequestLog(pg);
    await pg.exec('create table items (id serial primary key, title text not null)');
    queue = new SerialQueue();
    live = new LiveQueries(pg, queue);
    const transactions = new TabTransactions(pg, queue, () => live.invalidate());
    methods = createLeaderMethods({ pg, info, queue, transactions, live });
  });
  after(async () => {
    await pg.close();
  });
  beforeEach(async () => {
    await pg.exec('truncate items restart identity');
    deliveries.clear();
  });

  it('offers exactly the methods the protocol lists', () => {
    expect(Object.keys(methods).sort()).to.deep.equal([...LEADER_METHODS].sort());
  });

  it('describe: what the leader opened, and no schema version before any migration ran', async () => {
    await pg.exec('create table if not exists todo_widget.migrations (id serial, hash text, created_at bigint)');
    expect(await methods.describe(from(), {})).to.deep.equal({ info, schemaVersion: null });
    await pg.query('insert into todo_widget.migrations (hash, created_at) values ($1, $2)', ['x', 1_700_000_000_000]);
    expect((await methods.describe(from(), {})).schemaVersion).to.equal(1_700_000_000_000);
  });

  it('query: parameters as values, rows as objects or arrays, affected rows of a write', async () => {
    const inserted = await methods.query(from(), {
      sql: 'insert into items (title) values ($1), ($2)',
      params: ["it's", 'x); drop table items; --'],
    });
    expect(inserted.affectedRows).to.equal(2);
    expect(await titles()).to.deep.equal(["it's", 'x); drop table items; --']);
    const arrays = await methods.query(from(), {
      sql: 'select id, title from items order by id',
      params: [],
      rowMode: 'array',
    });
    expect(arrays.rows[0]).to.deep.equal([1, "it's"]);
    expect(arrays.fields.map((field) => field.name)).to.deep.equal(['id', 'title']);
  });

  it('query and exec refuse transaction control: every tab shares one session', async () => {
    for (const sql of ['BEGIN', 'commit', 'savepoint a', 'select 1; ROLLBACK']) {
      const refused = await methods.query(from(), { sql, params: [] }).catch((error: Error) => error);
      expect((refused as Error).name, sql).to.equal('TransactionUsageError');
      const refusedExec = await methods.exec(from(), { sql }).catch((error: Error) => error);
      expect((refusedExec as Error).name, sql).to.equal('TransactionUsageError');
    }
  });

  it('query with a requestId applies once: a repeat gets the first result and changes nothing', async () => {
    const args = { sql: 'insert into items (title) values ($1) returning id', params: ['once'], requestId: 'req-1' };
    const first = await methods.query(from(), args);
    const repeat = await methods.query(from('tab-b'), args);
    expect(repeat.rows).to.deep.equal(first.rows);
    expect(await titles()).to.deep.equal(['once']);
  });

  it('exec runs several statements in one go', async () => {
    const results = await methods.exec(from(), {
      sql: "insert into items (title) values ('a'); insert into items (title) values ('b'); select count(*)::int as n from items",
    });
    expect(results).to.have.length(3);
    expect(results[2]!.rows).to.deep.equal([{ n: 2 }]);
  });

  it('a call past its deadline is not run', async () => {
    const late = { ...from(), deadline: Date.now() - 1 };
    const refused = await methods
      .query(late, { sql: "insert into items (title) values ('late')", params: [] })
      .catch((error: Error) => error);
    expect((refused as Error).name).to.equal('DeadlinePassedError');
    expect(await titles()).to.deep.equal([]);
  });

  it('liveQuery delivers the rows at once and again after a write of any tab; liveStop ends it', async () => {
    const baseline = live.subscriberCount;
    await methods.liveQuery(from(), { sub: 'rows', sql: 'select title from items order by id', params: [] });
    expect(deliveries.get('rows')).to.deep.equal([{ type: 'rows', rows: [] }]);
    expect(live.subscriberCount).to.equal(baseline + 1);
    await methods.query(from('tab-b'), { sql: "insert into items (title) values ('seen')", params: [] });
    await waitUntil(() => deliveries.get('rows')!.length === 2, 'a second delivery after the write');
    expect(deliveries.get('rows')![1]).to.deep.equal({ type: 'rows', rows: [{ title: 'seen' }] });
    await methods.liveStop(from(), { sub: 'rows' });
    expect(live.subscriberCount).to.equal(baseline);
    await methods.query(from('tab-b'), { sql: "insert into items (title) values ('unseen')", params: [] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveries.get('rows')).to.have.length(2);
  });

  it('liveQuery and liveMove refuse a window that is not whole numbers in range', async () => {
    for (const window of [
      { offset: -1, limit: 10 },
      { offset: 0, limit: 0 },
      { offset: 0.5, limit: 10 },
      { offset: 0, limit: 100_001 },
      { offset: Number.NaN, limit: 10 },
    ]) {
      const refused = await methods
        .liveQuery(from(), { sub: 'w', sql: 'select * from items order by id', params: [], window })
        .catch((error: Error) => error);
      expect(refused, JSON.stringify(window)).to.be.instanceOf(RangeError);
    }
    await methods.liveQuery(from(), {
      sub: 'w',
      sql: 'select * from items order by id',
      params: [],
      window: { offset: 0, limit: 10 },
    });
    const moved = await methods
      .liveMove(from(), { sub: 'w', window: { offset: 0, limit: -5 } })
      .catch((error: Error) => error);
    expect(moved).to.be.instanceOf(RangeError);
    await methods.liveStop(from(), { sub: 'w' });
  });

  it('liveChanges sends the first rows and then only what changed, by key', async () => {
    await methods.query(from(), { sql: "insert into items (title) values ('one')", params: [] });
    await methods.liveChanges(from(), { sub: 'changes', sql: 'select id, title from items', params: [], key: 'id' });
    await methods.query(from(), { sql: "update items set title = 'uno' where id = 1", params: [] });
    await waitUntil(() => (deliveries.get('changes') ?? []).length >= 2, 'a change after the update');
    const last = deliveries.get('changes')!.at(-1)!;
    expect(last.type).to.equal('changes');
    const changes = last.type === 'changes' ? last.changes : [];
    expect(changes).to.have.length(1);
    expect(changes[0]).to.include({ __op__: 'UPDATE', id: 1, title: 'uno' });
    await methods.liveStop(from(), { sub: 'changes' });
  });

  it("a tab's transaction: its statements see its writes, others wait for it, commit keeps them", async () => {
    await methods.txBegin(from(), { tx: 'tx-1' });
    await methods.txQuery(from(), { tx: 'tx-1', sql: "insert into items (title) values ('in tx')", params: [] });
    const inside = await methods.txQuery(from(), {
      tx: 'tx-1',
      sql: 'select count(*)::int as n from items',
      params: [],
    });
    expect(inside.rows).to.deep.equal([{ n: 1 }]);
    let otherDone = false;
    const other = methods
      .query(from('tab-b'), { sql: 'select count(*)::int as n from items', params: [] })
      .then((result) => {
        otherDone = true;
        return result;
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(otherDone, "another tab's statement waits for the transaction").to.equal(false);
    await methods.txEnd(from(), { tx: 'tx-1', commit: true });
    expect((await other).rows).to.deep.equal([{ n: 1 }]);
  });

  it("a rolled-back transaction leaves nothing, and another tab cannot use a tab's transaction", async () => {
    await methods.txBegin(from(), { tx: 'tx-2' });
    await methods.txExec(from(), { tx: 'tx-2', sql: "insert into items (title) values ('undone')" });
    const stolen = await methods
      .txQuery(from('tab-b'), { tx: 'tx-2', sql: 'select 1', params: [] })
      .catch((error: Error) => error);
    expect((stolen as Error).name).to.equal('TransactionUsageError');
    await methods.txEnd(from(), { tx: 'tx-2', commit: false });
    expect(await titles()).to.deep.equal([]);
  });
});
