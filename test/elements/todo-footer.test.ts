import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoFooter } from '../../src/elements/todo-footer/todo-footer.element';
import { LiveQueryWatch } from '../support/live-query-watch';
import { deepQuery, deepQueryAll, isShown, uniqueList } from './helpers';

// <todo-footer> on its own: the live count of one list, the filters and "Clear completed".
const DATABASE = `test-todo-footer-${Date.now()}`;
configure({ database: DATABASE });

const todos = () => getTodoRepository();
const counterText = (element: TodoFooter) =>
  (deepQuery(element, '[data-testid="todo-count"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
const clearButton = (element: TodoFooter) => deepQuery<HTMLButtonElement>(element, 'button.clear-completed');
const link = (element: TodoFooter, name: string) =>
  deepQueryAll<HTMLAnchorElement>(element, '.filters a').find((a) => a.textContent?.trim() === name)!;

async function footer(titles: readonly string[], attributes = '') {
  const list = uniqueList('footer');
  const added = titles.length > 0 ? await todos().addMany(titles, list) : [];
  const element = await fixture<TodoFooter>(`<todo-footer list="${list}" ${attributes}></todo-footer>`);
  return { element, list, added };
}

const untilCounter = (element: TodoFooter, text: string) =>
  waitUntil(() => counterText(element) === text, `counter "${text}", saw "${counterText(element)}"`, {
    timeout: 60_000,
  });

describe('<todo-footer>', () => {
  it('counts the open todos live: "item" for one, "items" otherwise, the number in <strong>', async () => {
    const { element, list, added } = await footer(['one', 'two']);
    await untilCounter(element, '2 items left');
    expect(deepQuery(element, '[data-testid="todo-count"] strong')!.textContent).to.equal('2');
    await todos().setCompleted(added[0]!.id, true);
    await untilCounter(element, '1 item left');
    await todos().setCompleted(added[1]!.id, true);
    await untilCounter(element, '0 items left');
    await todos().add('three', list);
    await untilCounter(element, '1 item left');
  });

  it('hides itself while its list is empty', async () => {
    const { element, list } = await footer([]);
    await waitUntil(() => !isShown(element), 'hidden with no todos', { timeout: 60_000 });
    await todos().add('first', list);
    await waitUntil(() => isShown(element), 'shown with a todo');
  });

  it('offers "Clear completed" only while a todo is done; it deletes the done ones and fires todo-remove', async () => {
    const { element, list, added } = await footer(['keep', 'drop']);
    await untilCounter(element, '2 items left');
    expect(clearButton(element)).to.equal(undefined);
    await todos().setCompleted(added[1]!.id, true);
    await waitUntil(() => clearButton(element) !== undefined, 'the button shows');
    const removed = oneEvent(element, 'todo-remove');
    clearButton(element)!.click();
    expect((await removed).detail.ids).to.deep.equal([added[1]!.id]);
    expect((await todos().getAll(list)).map((todo) => todo.title)).to.deep.equal(['keep']);
    await waitUntil(() => clearButton(element) === undefined, 'the button hides again');
  });

  it('selects a filter: the link is highlighted, todo-filter-change says which, and the filter is reflected', async () => {
    const { element } = await footer(['one']);
    await untilCounter(element, '1 item left');
    expect(link(element, 'All').className).to.equal('selected');
    const changed = oneEvent(element, 'todo-filter-change');
    link(element, 'Active').click();
    expect((await changed).detail.filter).to.equal('active');
    await waitUntil(() => link(element, 'Active').className === 'selected', 'Active highlighted');
    expect(link(element, 'All').className).to.equal('');
    expect(link(element, 'Active').getAttribute('aria-current')).to.equal('page');
    expect(element.getAttribute('filter')).to.equal('active');
  });

  it('is accessible, with and without "Clear completed"', async () => {
    const { element, added } = await footer(['one', 'two']);
    await untilCounter(element, '2 items left');
    await expect(element).to.be.accessible();
    await todos().setCompleted(added[0]!.id, true);
    await waitUntil(() => clearButton(element) !== undefined, 'the button shows');
    await expect(element).to.be.accessible();
  });

  it('opens its live count when connected and stops it when removed', async () => {
    const watch = new LiveQueryWatch(DATABASE);
    try {
      const { element } = await footer(['counted']);
      await untilCounter(element, '1 item left');
      await watch.above(0, 'the footer counts live');
      element.remove();
      await watch.until(0, 'the live count stopped after removal');
    } finally {
      watch.close();
    }
  });
});
