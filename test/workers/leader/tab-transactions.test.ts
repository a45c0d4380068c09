import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { SerialQueue } from '../../../src/workers/leader/serial-queue';
import { TabTransactions } from '../../../src/workers/leader/tab-transactions';

// One tab's transaction() as the leader runs it: a real Postgres transaction in a real PGlite
// (in memory, in this page) that holds the leader's queue from BEGIN to COMMIT.
describe('TabTransactions', function () {
  this.timeout(60_000);
  let pg: PGlite;
  let queue: SerialQueue;
  let transactions: TabTransactions;
  let committed: number;
  const soon = () => Date.now() + 10_000;
  const count = async () => (await pg.query<{ n: number }>('select count(*)::int as n from notes')).rows[0]!.n;

  before(async () => {
    pg = await PGlite.create();
    await pg.exec('create table notes (id serial primary key, body text)');
  });
  after(async () => {
    await pg.close();
  });
  beforeEach(async () => {
    await pg.exec('truncate notes');
    queue = new SerialQueue();
    committed = 0;
    transactions = new TabTransactions(pg, queue, () => committed++);
  });

  it('commits what the tab wrote in it, and says so once', async () => {
    await transactions.begin('tab', 'tx', soon());
    await transactions.use('tab', 'tx').query("insert into notes (body) values ('kept')");
    await transactions.end('tab', 'tx', true);
    expect(await count()).to.equal(1);
    expect(committed).to.equal(1);
  });

  it('rolls back on request: nothing stays, no commit is reported', async () => {
    await transactions.begin('tab', 'tx', soon());
    await transactions.use('tab', 'tx').query("insert into notes (body) values ('dropped')");
    await transactions.end('tab', 'tx', false);
    expect(await count()).to.equal(0);
    expect(committed).to.equal(0);
  });

  it('holds the queue: a task queued meanwhile runs after the end, and sees the commit', async () => {
    await transactions.begin('tab', 'tx', soon());
    await transactions.use('tab', 'tx').query("insert into notes (body) values ('first')");
    let ran = false;
    const later = queue.run(async () => {
      ran = true;
      return count();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran, 'waits while the transaction is open').to.equal(false);
    expect(queue.pending).to.equal(2);
    await transactions.end('tab', 'tx', true);
    expect(await later).to.equal(1);
  });

  it('refuses a transaction of another tab, or one already ended, with why', async () => {
    await transactions.begin('tab', 'tx', soon());
    expect(() => transactions.use('other-tab', 'tx')).to.throw(/cannot be used/);
    await transactions.end('tab', 'tx', true);
    let thrown: unknown;
    try {
      transactions.use('tab', 'tx');
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).name).to.equal('TransactionUsageError');
    expect((thrown as Error).message).to.contain('already ended');
    const late = await transactions.end('tab', 'tx', true).catch((error: Error) => error);
    expect((late as Error).name).to.equal('TransactionUsageError');
    // A rollback of one that is over is no error: there is nothing left to undo.
    await transactions.end('tab', 'tx', false);
  });

  it('rolls back what a tab had open when the tab goes, and tells a late commit why', async () => {
    await transactions.begin('gone', 'tx', soon());
    await transactions.use('gone', 'tx').query("insert into notes (body) values ('orphan')");
    transactions.dropTab('someone-else');
    expect(() => transactions.use('gone', 'tx')).to.not.throw();
    transactions.dropTab('gone');
    const late = await transactions.end('gone', 'tx', true).catch((error: Error) => error);
    expect((late as Error).message).to.contain('its tab closed');
    // The queue is free again, and nothing was kept.
    expect(await queue.run(() => count())).to.equal(0);
    expect(committed).to.equal(0);
  });

  it('does not begin once the deadline has passed', async () => {
    const refused = await transactions.begin('tab', 'tx', Date.now() - 1).catch((error: Error) => error);
    expect((refused as Error).name).to.equal('DeadlinePassedError');
    expect(() => transactions.use('tab', 'tx')).to.throw(/cannot be used/);
  });
});
