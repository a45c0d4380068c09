import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import { TodoRestoreRepository } from '../../src/db/repositories/todo-restore';
import { UndoHistory } from '../../src/unsaved/undo-history';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import { QueryError } from '../../src/errors';
import { failNext, installFailures } from '../db/statement-failures';

const client = new DatabaseClient({
  database: `test-undo-history-${Date.now()}`,
  storage: 'memory',
  createWorker: createDatabaseWorker,
});
const repository = new TodoRepository(client);
let counter = 0;
const freshList = () => `undo-${Date.now()}-${counter++}`;

describe('UndoHistory: what a failed undo leaves', () => {
  before(async () => {
    await client.init();
    await installFailures(client);
  });
  after(() => client.close());

  async function deletedTodo(list: string) {
    const todo = await repository.add('deleted', list);
    await repository.delete(todo.id);
    const history = new UndoHistory(() => Promise.resolve(new TodoRestoreRepository(client)));
    history.record({ kind: 'delete', list, todos: [todo] });
    return { todo, history };
  }

  it('an undo the database could not store (an I/O error) stays, and a later undo puts the todo back', async () => {
    const list = freshList();
    const { todo, history } = await deletedTodo(list);
    await failNext(client, list, '58030');
    const error = await history.undo(list).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(Error);
    expect(history.size(list), 'still there to undo').to.equal(1);
    await client.query('delete from test_failures where list = $1', [list]);
    const result = await history.undo(list);
    expect(result?.added.map((back) => back.id)).to.deep.equal([todo.id]);
  });

  it('an undo Postgres refuses for what it is (class 23) leaves the history, so older undos are reachable', async () => {
    const list = freshList();
    const { history } = await deletedTodo(list);
    await failNext(client, list, '23514');
    const error = await history.undo(list).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(QueryError);
    expect(history.size(list)).to.equal(0);
  });
});
