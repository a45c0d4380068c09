import { expect, waitUntil } from '@open-wc/testing';
import { configure, getPendingTodos } from '../../src/registry';
import { PendingTodosController } from '../../src/controllers/pending-todos-controller';
import type { LocalTodo } from '../../src/unsaved/pending-todos';
import { uniqueList } from '../elements/helpers';
import { TestHost } from './test-host';

configure({ database: `test-pending-controller-${Date.now()}`, storage: 'memory' });

function setup(list: string) {
  const host = new TestHost();
  const added: LocalTodo[] = [];
  const controller = new PendingTodosController(host, { list: () => list, onAdd: (todo) => added.push(todo) });
  // Controllers subscribe after the current script (a host page may still configure() in it).
  const connect = async () => {
    host.connect();
    await Promise.resolve();
  };
  const disconnect = () => host.disconnect();
  return { host, added, controller, connect, disconnect };
}

describe('PendingTodosController', () => {
  it('shows an add of this tab at once, tells the host of it, and keeps it once saved until the host has seen it', async () => {
    const list = uniqueList();
    const { host, added, controller, connect, disconnect } = setup(list);
    await connect();
    const saved = getPendingTodos().add('milk', list);
    expect(added.map((todo) => todo.title)).to.deep.equal(['milk']);
    expect(controller.todos.map((todo) => [todo.title, todo.pending])).to.deep.equal([['milk', true]]);
    expect(host.updates).to.be.above(0);
    const todo = await saved;
    await waitUntil(() => controller.todos[0]?.pending === false, 'saved');
    expect(added, 'a save is not a new add').to.have.length(1);
    controller.seen();
    expect(controller.todos).to.deep.equal([]);
    expect(todo.title).to.equal('milk');
    disconnect();
  });

  it('leaves other lists out', async () => {
    const { added, controller, connect, disconnect } = setup(uniqueList());
    await connect();
    await getPendingTodos().add('elsewhere', uniqueList());
    expect(added).to.deep.equal([]);
    expect(controller.todos).to.deep.equal([]);
    disconnect();
  });

  it('stops listening when the host disconnects', async () => {
    const list = uniqueList();
    const { host, added, connect, disconnect } = setup(list);
    await connect();
    disconnect();
    const updates = host.updates;
    await getPendingTodos().add('unheard', list);
    expect(added).to.deep.equal([]);
    expect(host.updates).to.equal(updates);
  });
});
