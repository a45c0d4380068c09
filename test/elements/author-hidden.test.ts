import { expect, fixture, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoFooter } from '../../src/elements/todo-footer/todo-footer.element';
import type { TodoList } from '../../src/elements/todo-list/todo-list.element';
import { deepQuery, isShown, uniqueList } from './helpers';

// `hidden` belongs to the page's author: an element hides itself while its list is empty
// (a custom state), and never sets or clears `hidden`.
const DATABASE = `test-author-hidden-${Date.now()}`;
configure({ database: DATABASE });

const todos = () => getTodoRepository();
const live = { timeout: 60_000 };

describe('an author’s hidden', () => {
  it('<todo-footer hidden> over a list with todos stays hidden; removing hidden shows it', async () => {
    const list = uniqueList('footer');
    await todos().addMany(['one', 'two'], list);
    const element = await fixture<TodoFooter>(`<todo-footer hidden list="${list}"></todo-footer>`);
    await waitUntil(() => deepQuery(element, '[data-testid="todo-count"]') !== undefined, 'counts rendered', live);
    await element.updateComplete;
    expect(element.hasAttribute('hidden'), 'the author’s attribute is kept').to.be.true;
    expect(isShown(element)).to.be.false;
    element.hidden = false;
    await element.updateComplete;
    expect(isShown(element), 'shown once the author removes hidden').to.be.true;
    expect(element.hasAttribute('hidden')).to.be.false;
  });

  it('<todo-footer> over an empty list is not shown, yet leaves hidden unset; a todo shows it', async () => {
    const list = uniqueList('footer-empty');
    const element = await fixture<TodoFooter>(`<todo-footer list="${list}"></todo-footer>`);
    await element.ready;
    await element.updateComplete;
    expect(isShown(element)).to.be.false;
    expect(element.hasAttribute('hidden'), 'hidden is the author’s, not set by the element').to.be.false;
    await todos().add('first', list);
    await waitUntil(() => isShown(element), 'shown with a todo', live);
    expect(element.hasAttribute('hidden')).to.be.false;
  });

  it('<todo-list hidden> over a list with todos stays hidden; removing hidden shows it', async () => {
    const list = uniqueList('list');
    await todos().addMany(['one'], list);
    const element = await fixture<TodoList>(`<todo-list hidden list="${list}"></todo-list>`);
    await waitUntil(() => deepQuery(element, '[data-testid="todo-title"]') !== undefined, 'rows rendered', live);
    await element.updateComplete;
    expect(element.hasAttribute('hidden'), 'the author’s attribute is kept').to.be.true;
    expect(isShown(element)).to.be.false;
    element.removeAttribute('hidden');
    await element.updateComplete;
    expect(isShown(element), 'shown once the author removes hidden').to.be.true;
  });

  it('<todo-list> over an empty list is not shown, yet leaves hidden unset', async () => {
    const list = uniqueList('list-empty');
    const element = await fixture<TodoList>(`<todo-list list="${list}"></todo-list>`);
    await waitUntil(() => !isShown(element), 'not shown with no todos', live);
    expect(element.hasAttribute('hidden')).to.be.false;
    await todos().add('first', list);
    await waitUntil(() => isShown(element), 'shown with a todo', live);
  });
});
