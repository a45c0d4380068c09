import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import { TodoRestoreRepository } from '../../src/db/repositories/todo-restore';
import { createDatabaseWorker } from '../../src/workers/create-worker';

const client = new DatabaseClient({ database: `test-restore-${Date.now()}`, createWorker: createDatabaseWorker });
const todos = new TodoRepository(client);
const restore = new TodoRestoreRepository(client);
let counter = 0;
const freshList = () => `restore-${Date.now()}-${counter++}`;

describe('TodoRestoreRepository (what undo writes)', () => {
  before(() => client.init());
  after(() => client.close());

  it('puts deleted todos back exactly: ids, titles, state, times, due dates, order; once', async () => {
    const list = freshList();
    const [a, b, c] = await todos.addMany(['a', 'b', 'c'], list);
    await todos.setDueAt(b!.id, new Date('2031-04-15T10:20:30.456Z'));
    await todos.setCompleted(b!.id, true);
    await todos.move(c!.id, { after: null, before: a!.id });
    const before = await todos.getAll(list);
    const deleted = await todos.clearCompletedRows(list);
    const gone = await todos.deleteRow(a!.id);
    expect(deleted.map((todo) => todo.title)).to.deep.equal(['b']);

    const back = await restore.restore([...deleted, gone!]);
    expect(back.map((todo) => todo.title).sort()).to.deep.equal(['a', 'b']);
    expect(await todos.getAll(list)).to.deep.equal(before);
    // Again: the ids are there, nothing changes.
    expect(await restore.restore([...deleted, gone!])).to.deep.equal([]);
    expect(await todos.getAll(list)).to.deep.equal(before);
  });

  it('puts a title, a state or a place back only while the todo is as the change left it', async () => {
    const list = freshList();
    const [a, b] = await todos.addMany(['a', 'b'], list);
    const renamed = (await todos.rename(a!.id, 'a2'))!;
    const back = await restore.revertTitle(a!, renamed);
    expect(back?.title).to.equal('a');
    expect(back?.updatedAt.getTime()).to.equal(a!.updatedAt.getTime());

    const renamedAgain = (await todos.rename(a!.id, 'a3'))!;
    await todos.rename(a!.id, 'a4 (another tab)');
    expect(await restore.revertTitle(a!, renamedAgain)).to.equal(undefined);
    expect((await todos.get(a!.id))?.title).to.equal('a4 (another tab)');

    const moved = (await todos.move(b!.id, { after: null, before: a!.id }))!;
    expect((await restore.revertMove(b!, moved))?.position).to.equal(b!.position);
    expect((await todos.getAll(list)).map((todo) => todo.title)).to.deep.equal(['a4 (another tab)', 'b']);
  });

  it('takes "Mark all" back on the todos it changed, leaving those changed since', async () => {
    const list = freshList();
    const [a, b, c] = await todos.addMany(['a', 'b', 'c'], list);
    await todos.setCompleted(c!.id, true);
    const done = await todos.markAll(list, true);
    expect(done.changed).to.equal(2);
    await todos.rename(b!.id, 'b, renamed in another tab');
    const undone = await restore.revertMarkAll(done);
    expect(undone.changed).to.equal(1);
    expect(undone.first?.id).to.equal(a!.id);
    expect((await todos.getAll(list)).map((todo) => todo.completed)).to.deep.equal([false, true, true]);
  });
});
