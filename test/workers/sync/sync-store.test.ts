import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../../../src/db/migrate';
import { bundledMigrations } from '../../../src/db/migrations';
import { SerialQueue } from '../../../src/workers/leader/serial-queue';
import { SyncStore } from '../../../src/workers/sync/sync-store';
import type { SyncMutation, SyncTodo } from '../../../src/sync/protocol';

// Sync's durable state over a real PGlite (in this page) with every migration: what the triggers
// of 0005_sync record for each kind of write, and the local rebase of a pulled page.
describe("sync's local store", function () {
  this.timeout(60_000);
  let pg: PGlite;
  let store: SyncStore;
  let writes = 0;
  const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const kinds = async () =>
    (await store.next(100)).map(({ mutation }) =>
      mutation.kind === 'put'
        ? `put ${mutation.todo.title}`
        : mutation.kind === 'delete'
          ? `delete ${mutation.todoIds.length}`
          : mutation.kind === 'rename'
            ? `rename ${mutation.title}`
            : mutation.kind === 'setCompleted'
              ? `setCompleted ${String(mutation.completed)}`
              : mutation.kind,
    );
  const titles = async () =>
    (await pg.query<{ t: string }>(`select title || ':' || completed as t from todos order by title`)).rows.map(
      (row) => row.t,
    );
  const pulled = (n: number, title: string, extra: Partial<SyncTodo> = {}): SyncTodo => ({
    id: id(n),
    list: 'default',
    title,
    completed: false,
    position: String(n),
    dueAt: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version: 1,
    deleted: false,
    ...extra,
  });

  beforeEach(async () => {
    pg = await PGlite.create();
    await migrate(pg, bundledMigrations);
    const queue = new SerialQueue();
    store = new SyncStore({ pg, queue, beforeWrite: () => Promise.resolve(), afterWrite: () => void writes++ });
  });
  afterEach(async () => {
    await pg.close();
  });

  it('records nothing until sync is on; turning it on queues every todo once, then each write as it happens', async () => {
    await pg.query(`insert into todos (id, title) values ($1, 'before')`, [id(1)]);
    expect(await kinds()).to.deep.equal([]);
    expect(await store.enable('http://sync.test/todo-sync')).to.equal('');
    expect(await kinds()).to.deep.equal(['put before']);
    // The same server again: nothing uploaded twice.
    await store.enable('http://sync.test/todo-sync');
    expect(await kinds()).to.deep.equal(['put before']);
    await pg.query(`insert into todos (id, title) values ($1, 'after')`, [id(2)]);
    await pg.query(`update todos set title = 'after, renamed', completed = true where id = $1`, [id(2)]);
    await pg.query(`update todos set completed = true`);
    await pg.query(`delete from todos`);
    expect(await kinds()).to.deep.equal([
      'put before',
      'put after',
      'rename after, renamed',
      'setCompleted true',
      'setCompleted true',
      'delete 2',
    ]);
    const ids = (await store.next(100)).map(({ mutation }) => mutation.id);
    expect(new Set(ids).size, 'every mutation has its own id').to.equal(ids.length);
    expect(await store.pending()).to.equal(6);
  });

  it("a pulled page is the server's state with this device's queued mutations applied again on top", async () => {
    await store.enable('http://sync.test/todo-sync');
    await pg.query(`insert into todos (id, title, position) values ($1, 'mine', 1)`, [id(1)]);
    // The server took the add (acknowledged), then this device's toggle is made and queued.
    const [add] = await store.next(1);
    await store.acknowledge(add!.seq, [], [{ id: add!.mutation.id, status: 'applied', version: 1 }]);
    await pg.query(`update todos set completed = true where id = $1`, [id(1)]);
    // Meanwhile another device renamed it on the server (not completed there: the toggle waits).
    await store.applyPage(
      [pulled(1, 'renamed elsewhere'), pulled(2, 'theirs'), pulled(3, 'gone', { deleted: true })],
      '7',
    );
    expect(await titles()).to.deep.equal(['renamed elsewhere:true', 'theirs:false']);
    expect(await kinds(), 'applying records nothing').to.deep.equal(['setCompleted true']);
    expect((await pg.query<{ cursor: string }>('select cursor from sync_state')).rows[0]?.cursor).to.equal('7');
  });

  it('acknowledged mutations leave the queue; a refused put is taken back locally', async () => {
    await store.enable('http://sync.test/todo-sync');
    await pg.query(`insert into todos (id, title) values ($1, 'kept'), ($2, 'refused')`, [id(1), id(2)]);
    const batch = await store.next(100);
    const refused = batch
      .map((queued) => queued.mutation)
      .filter((m: SyncMutation) => m.kind === 'put' && m.todo.title === 'refused');
    await store.acknowledge(
      batch.at(-1)!.seq,
      refused,
      batch.map(({ mutation }) => ({
        id: mutation.id,
        status: refused.includes(mutation) ? ('rejected' as const) : ('applied' as const),
        version: 1,
      })),
    );
    expect(await store.pending()).to.equal(0);
    expect(await titles()).to.deep.equal(['kept:false']);
  });
});
