import { expect, waitUntil } from '@open-wc/testing';
import { PendingChanges } from '../../src/unsaved/pending-changes';
import type { Todo } from '../../src/db/schema';
import { DatabaseTimeoutError, QueryError, TitleEmptyError } from '../../src/errors';
import { DatabaseClient } from '../../src/db/client';
import { newTodoId, TodoRepository } from '../../src/db/repositories/todos';
import { ChangeOutbox } from '../../src/unsaved/change-outbox';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import { failNext, installFailures } from '../db/statement-failures';

const todo = (n: number, completed = false): Todo => ({
  id: `0190aaaa-0000-7000-8000-${String(n).padStart(12, '0')}`,
  list: 'l',
  title: `todo ${n}`,
  completed,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  dueAt: null,
  position: String(n),
});

/** A repository whose writes wait until the test settles them, and a clock like PendingTodos'. */
function setup({ live = false } = {}) {
  const calls: {
    method: string;
    args: unknown[];
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const call =
    (method: string) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => calls.push({ method, args, resolve, reject }));
  const repository = {
    setCompleted: call('setCompleted'),
    rename: call('rename'),
    delete: call('delete'),
  } as unknown as InstanceType<typeof TodoRepository>;
  let tick = 0;
  const clock = { now: () => ++tick };
  const state = { live };
  const changes = new PendingChanges(repository, () => state.live, clock);
  let notified = 0;
  changes.subscribe(() => notified++);
  return { changes, calls, clock, state, notified: () => notified };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PendingChanges (toggle, rename, delete made before the database runs)', () => {
  it('once the database runs, a change goes straight to it and shows nothing over the row', async () => {
    const { changes, calls } = setup({ live: true });
    const row = todo(1);
    void changes.setCompleted(row, true);
    expect(calls.map((call) => call.method)).to.deep.equal(['setCompleted']);
    expect(changes.overlay(row, 0)).to.equal(row);
    expect(changes.isPending(row.id)).to.equal(false);
  });

  it('before then, shows the change over the row, pending, until a result taken after the save', async () => {
    const { changes, calls, clock } = setup();
    const row = todo(1);
    const saved = changes.setCompleted(row, true);
    expect(changes.isPending(row.id)).to.equal(true);
    const shown = changes.overlay(row, 0);
    expect(shown).to.include({ completed: true, pending: true, title: 'todo 1' });
    expect(changes.overlay(row, 0), 'the same object while nothing changes').to.equal(shown);

    const before = clock.now(); // a result that came before the save
    calls[0]!.resolve({ ...row, completed: true });
    expect(await saved).to.include({ completed: true });
    expect(changes.isPending(row.id)).to.equal(false);
    expect(changes.overlay(row, before)).to.include({ completed: true, pending: false });
    const after = clock.now(); // a result after the save has the change itself
    expect(changes.overlay(row, after)).to.equal(row);
  });

  it('renames (validated at once) and deletes (shown pending until a result no longer has the row)', async () => {
    const { changes, calls } = setup();
    expect(() => changes.rename(todo(1), '   ')).to.throw(TitleEmptyError);
    void changes.rename(todo(1), '  new title ');
    void changes.delete(todo(2));
    // Each with a request id of its own: sent again (after a reload), it applies once.
    expect(calls.map((call) => [call.method, call.args.filter((arg) => typeof arg === 'string')])).to.deep.equal([
      ['rename', [todo(1).id, 'new title']],
      ['delete', [todo(2).id]],
    ]);
    const requestIds = calls.map((call) => (call.args.at(-1) as { requestId?: string }).requestId);
    expect(new Set(requestIds).size).to.equal(2);
    expect(changes.overlay(todo(1), 0)).to.include({ title: 'new title', pending: true });
    expect(changes.overlay(todo(2), 0)).to.include({ title: 'todo 2', pending: true });
    calls[1]!.resolve(true);
    await settle();
    expect(changes.overlay(todo(2), 0), 'saved, but still in the rows shown: still on its way out').to.include({
      pending: true,
    });
  });

  it('moves the counts by what the counts do not have yet', async () => {
    const { changes, calls, clock } = setup();
    void changes.setCompleted(todo(1), true);
    void changes.setCompleted(todo(2, true), true); // no change of state
    void changes.delete(todo(3));
    void changes.delete(todo(4, true));
    expect(changes.countsDelta('l', 0)).to.deep.equal({ total: -2, active: -2, completed: 0 });
    expect(changes.countsDelta('other', 0)).to.deep.equal({ total: 0, active: 0, completed: 0 });
    for (const call of calls) call.resolve(undefined);
    await settle();
    expect(changes.countsDelta('l', clock.now())).to.deep.equal({ total: 0, active: 0, completed: 0 });
  });

  it('sends again after a timeout (the database is still starting), and drops the change when it is refused', async () => {
    const { changes, calls } = setup();
    const row = todo(1);
    const saved = changes.setCompleted(row, true);
    calls[0]!.reject(new DatabaseTimeoutError('waiting for the database', 30_000));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(calls.length, 'sent again').to.equal(2);
    expect(changes.isPending(row.id)).to.equal(true);
    calls[1]!.reject(new QueryError('violates check constraint', '23514'));
    let error: unknown;
    await saved.catch((caught: unknown) => (error = caught));
    expect(String(error)).to.contain('violates check');
    expect(changes.overlay(row, 0)).to.equal(row);
  });
});

describe('PendingChanges against the database: what a failed change leaves', () => {
  const client = new DatabaseClient({
    database: `test-pending-changes-${Date.now()}`,
    storage: 'memory',
    createWorker: createDatabaseWorker,
  });
  const repository = new TodoRepository(client);
  let tick = 0;
  const changes = new PendingChanges(repository, () => client.ready, { now: () => ++tick });
  let lists = 0;
  const freshList = () => `changes-${Date.now()}-${lists++}`;

  before(async () => {
    await client.init();
    await installFailures(client);
  });
  after(() => client.close());

  it('a toggle the database could not store (an I/O error) is sent again, and saved once it can', async () => {
    const list = freshList();
    const row = await repository.add('toggled', list);
    await failNext(client, list, '58030');
    let settled = false;
    const saved = changes.setCompleted(row, true).finally(() => (settled = true));
    // The leader answers in order: once this read is answered, the toggle's failure is in.
    await client.query('select 1');
    await client.query('select 1');
    expect(settled, 'not given up').to.equal(false);
    await client.query('delete from test_failures where list = $1', [list]);
    expect(await saved).to.include({ id: row.id, completed: true });
    expect((await repository.get(row.id))?.completed).to.equal(true);
  });

  it('a change a page kept and did not see saved is sent by the next page, shown meanwhile, and applied once', async () => {
    const list = freshList();
    const row = await repository.add('kept over a reload', list);
    const outbox = new ChangeOutbox(client.database);
    // What a page reloaded right after its toggle left behind.
    const kept = { requestId: newTodoId(), id: row.id, list, wasCompleted: false, change: { completed: true } };
    expect(outbox.put(kept)).to.equal(true);
    const next = new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox);
    next.replay();
    expect(next.overlay(row, 0), 'shown over its row until saved').to.include({ completed: true, pending: true });
    await waitUntil(async () => (await repository.get(row.id))?.completed === true, 'the toggle is saved');
    await waitUntil(() => outbox.entries().length === 0, 'and forgotten');
    // Another tab unticks it; a late replay of the same change (one more page that read the outbox
    // before it was forgotten) must not tick it again.
    await repository.setCompleted(row.id, false);
    outbox.put(kept);
    new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox).replay();
    await waitUntil(() => outbox.entries().length === 0, 'the repeat is answered');
    expect((await repository.get(row.id))?.completed, 'applied once, by its request id').to.equal(false);
  });

  it('a change kept longer than the leader remembers requests is dropped, not sent again over newer work', async () => {
    const list = freshList();
    const row = await repository.add('ticked 8 days ago', list);
    const outbox = new ChangeOutbox(client.database);
    // A UUIDv7 request id made 8 days ago: the request log (7 days) no longer knows whether it applied.
    const time = (Date.now() - 8 * 24 * 60 * 60 * 1000).toString(16).padStart(12, '0');
    const requestId = `${time.slice(0, 8)}-${time.slice(8)}-${newTodoId().slice(14)}`;
    outbox.put({ requestId, id: row.id, list, wasCompleted: false, change: { completed: true } });
    new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox).replay();
    expect(outbox.entries(), 'forgotten').to.deep.equal([]);
    await client.query('select 1');
    expect((await repository.get(row.id))?.completed, 'not sent').to.equal(false);
  });

  it('a Mark all a page kept and did not see saved is sent by the next page, in order with row changes, once', async () => {
    const list = freshList();
    const first = await repository.add('unchecked right after Mark all', list);
    const second = await repository.add('marked', list);
    const outbox = new ChangeOutbox(client.database);
    // What a page reloaded right after "Mark all", then unchecking one row, left behind.
    const markAll = { requestId: newTodoId(), list, completed: true };
    expect(outbox.putMarkAll(markAll)).to.equal(true);
    const uncheck = { requestId: newTodoId(), id: first.id, list, wasCompleted: true, change: { completed: false } };
    expect(outbox.put(uncheck)).to.equal(true);
    const next = () => new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox);
    next().replay();
    await waitUntil(() => outbox.markAlls().length === 0 && outbox.entries().length === 0, 'both sent and forgotten');
    const stored = async () => (await repository.getAll(list)).map((todo) => [todo.title, todo.completed]);
    expect(await stored()).to.deep.equal([
      ['unchecked right after Mark all', false],
      ['marked', true],
    ]);
    // A late repeat (a page that read the outbox before it was forgotten) changes nothing.
    await repository.setCompleted(second.id, false);
    outbox.putMarkAll(markAll);
    next().replay();
    await waitUntil(() => outbox.markAlls().length === 0, 'the repeat is answered');
    expect((await repository.get(second.id))?.completed, 'applied once, by its request id').to.equal(false);
  });

  it('a Mark all is kept in the browser from the click until the database answers', async () => {
    const list = freshList();
    await repository.add('one', list);
    const outbox = new ChangeOutbox(client.database);
    const live = new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox);
    const saving = live.markAll(list, true);
    expect(
      outbox.markAlls().map((entry) => [entry.list, entry.completed]),
      'kept at once',
    ).to.deep.equal([[list, true]]);
    expect((await saving).changed).to.equal(1);
    expect(outbox.markAlls()).to.deep.equal([]);
    expect(outbox.entries(), 'a Mark all is not a row change').to.deep.equal([]);
  });

  it('a Mark all the database could not store (an I/O error) stays kept and is sent again until saved', async () => {
    const list = freshList();
    await repository.add('one', list);
    const outbox = new ChangeOutbox(client.database);
    const live = new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox);
    await failNext(client, list, '58030');
    let settled = false;
    const saving = live.markAll(list, true).finally(() => (settled = true));
    // The leader answers in order: once these reads are answered, the first attempt's failure is in.
    await client.query('select 1');
    await client.query('select 1');
    expect(settled, 'not given up').to.equal(false);
    expect(
      outbox.markAlls().map((entry) => entry.list),
      'still kept for another page',
    ).to.deep.equal([list]);
    await client.query('delete from test_failures where list = $1', [list]);
    expect((await saving).changed).to.equal(1);
    expect(outbox.markAlls()).to.deep.equal([]);
  });

  it('a Mark all Postgres refuses for what it is (class 23) is given up and forgotten', async () => {
    const list = freshList();
    await repository.add('one', list);
    const outbox = new ChangeOutbox(client.database);
    const live = new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox);
    await failNext(client, list, '23514');
    const error = await live.markAll(list, true).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(QueryError);
    expect(outbox.markAlls()).to.deep.equal([]);
  });

  it('a change made once the database runs is kept in the browser until it is saved', async () => {
    const list = freshList();
    const row = await repository.add('kept until saved', list);
    const outbox = new ChangeOutbox(client.database);
    const live = new PendingChanges(repository, () => client.ready, { now: () => ++tick }, outbox);
    const saved = live.setCompleted(row, true);
    expect(
      outbox.entries().map((entry) => entry.id),
      'kept at once',
    ).to.deep.equal([row.id]);
    await saved;
    expect(outbox.entries()).to.deep.equal([]);
  });

  it('a rename Postgres refuses for what it is (class 23) is given up, with why', async () => {
    const list = freshList();
    const row = await repository.add('renamed', list);
    await failNext(client, list, '23514');
    const error = await changes.rename(row, 'refused title').catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(QueryError);
    expect(changes.isPending(row.id)).to.equal(false);
  });
});
