import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getPendingTodos, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { newTodoId } from '../../src/db/repositories/todos';
import { expectTitles, settled, typeTodo, uniqueList } from './helpers';

const database = `test-outbox-${Date.now()}`;
const prefix = `todo-widget:outbox:v1:${database}:`;
const list = uniqueList('outbox');
const keptIds = [newTodoId(), newTodoId()];

// What a tab closed before its database started leaves behind: its adds, kept in the browser.
// Written before anything on this page opens the database, as the closed tab wrote them.
localStorage.setItem(prefix + keptIds[0], JSON.stringify({ list, title: 'typed in a closed tab' }));
localStorage.setItem(prefix + keptIds[1], JSON.stringify({ list, title: 'typed there too' }));
localStorage.setItem(`${prefix}not-a-todo`, '{ broken json');
configure({ database });

const kept = () => Object.keys(localStorage).filter((key) => key.startsWith(prefix));

describe('adds kept in the browser (the outbox)', () => {
  after(() => {
    for (const key of kept()) localStorage.removeItem(key);
  });

  it('the next page on the database saves what a closed tab kept, once, by its id, and forgets it', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await expectTitles(element, ['typed in a closed tab', 'typed there too']);
    await settled(element);
    const stored = await getTodoRepository().getAll(list);
    expect(stored.map((todo) => todo.id)).to.deep.equal(keptIds);
    await waitUntil(() => kept().length === 1, 'the saved adds leave the outbox (the damaged entry is left alone)');
  });

  it('an add is in the outbox before it is shown, and leaves it once saved', async () => {
    const other = uniqueList('outbox');
    const element = await fixture<TodoApp>(html`<todo-app list=${other}></todo-app>`);
    await element.ready;
    const before = new Set(kept());
    const saved = getPendingTodos().add('kept first', other);
    // Synchronously, before any render could show it: the browser holds it already.
    const added = kept().filter((key) => !before.has(key));
    expect(added).to.have.length(1);
    expect(JSON.parse(localStorage.getItem(added[0]!)!)).to.deep.equal({ list: other, title: 'kept first' });
    await saved;
    await settled(element);
    expect(
      kept().filter((key) => !before.has(key)),
      'saved, it leaves the outbox',
    ).to.deep.equal([]);
    expect((await getTodoRepository().getAll(other)).map((todo) => todo.title)).to.deep.equal(['kept first']);
    void typeTodo;
  });
});
