import { expect } from '@open-wc/testing';
import { AddOutbox } from '../../src/unsaved/add-outbox';
import { ChangeOutbox } from '../../src/unsaved/change-outbox';
import { newTodoId } from '../../src/db/repositories/todos';
import { getPendingTodos, getTodoRepository } from '../../src/registry';

const database = `test-add-outbox-${Date.now()}`;
const outboxKeys = () => Object.keys(localStorage).filter((key) => key.includes(`:${database}:`));

describe('the outboxes of durable and in-memory pages of one database', () => {
  afterEach(() => {
    for (const key of outboxKeys()) localStorage.removeItem(key);
  });

  it('keeps a memory page’s adds and changes apart from those of a page that saves for good', () => {
    const durable = new AddOutbox(database);
    const preview = new AddOutbox(database, 'memory');
    const saved = { id: newTodoId(), list: 'l', title: 'to keep' };
    const previewed = { id: newTodoId(), list: 'l', title: 'only a preview' };
    expect(durable.put(saved)).to.equal(true);
    expect(preview.put(previewed)).to.equal(true);
    expect(durable.entries(), 'a durable page never replays a preview’s add').to.deep.equal([saved]);
    expect(preview.entries(), 'nor a preview the real page’s').to.deep.equal([previewed]);

    const change = { id: newTodoId(), list: 'l', wasCompleted: false, change: { completed: true } } as const;
    new ChangeOutbox(database, 'memory').put({ requestId: newTodoId(), ...change });
    expect(new ChangeOutbox(database).entries()).to.deep.equal([]);
  });

  it('a page with storage="memory" keeps its unsaved adds where only memory pages look', async () => {
    const choice = { database, storage: 'memory' } as const;
    const adding = getPendingTodos(choice).add('typed in a preview', 'preview');
    const keys = outboxKeys();
    expect(keys, 'kept before it is shown').to.have.length(1);
    expect(keys[0]).to.match(/^todo-widget:outbox-memory:v2:/);
    const todo = await adding;
    expect((await getTodoRepository(choice).get(todo.id))?.title).to.equal('typed in a preview');
    expect(new AddOutbox(database).entries(), 'never a durable page’s to replay').to.deep.equal([]);
  });
});
