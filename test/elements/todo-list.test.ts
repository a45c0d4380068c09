import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoList } from '../../src/elements/todo-list/todo-list.element';
import { LiveQueryWatch } from '../support/live-query-watch';
import { deepQuery, expectTitles, isShown, uniqueList } from './helpers';

// <todo-list> on its own: the live rows of one list, filtered, with "Mark all as complete".
const DATABASE = `test-todo-list-${Date.now()}`;
configure({ database: DATABASE });

const todos = () => getTodoRepository();
const markAll = (element: TodoList) => deepQuery<HTMLInputElement>(element, 'input.toggle-all')!;

async function list(titles: readonly string[], attributes: { filter?: string; emptyText?: string } = {}) {
  const name = uniqueList('list');
  const added = titles.length > 0 ? await todos().addMany(titles, name) : [];
  const element = await fixture<TodoList>(
    html`<todo-list
      list=${name}
      filter=${attributes.filter ?? 'all'}
      empty-text=${attributes.emptyText ?? ''}
    ></todo-list>`,
  );
  await waitUntil(
    () => deepQuery(element, 'section.main[aria-busy="false"]') !== undefined || !isShown(element),
    'live',
    {
      timeout: 60_000,
    },
  );
  return { element, name, added };
}

describe('<todo-list>', () => {
  it('shows the todos of its list, and follows writes from anywhere', async () => {
    const { element, name } = await list(['one', 'two']);
    await expectTitles(element, ['one', 'two']);
    await todos().add('three', name);
    await expectTitles(element, ['one', 'two', 'three'], 'a todo added through the repository shows');
    await todos().add('elsewhere', uniqueList('other'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectTitles(element, ['one', 'two', 'three'], "another list's todo does not");
  });

  it('shows only what its filter asks for, and follows a change of filter', async () => {
    const { element, added } = await list(['open', 'done'], { filter: 'active' });
    await todos().setCompleted(added[1]!.id, true);
    await expectTitles(element, ['open'], 'active');
    element.filter = 'completed';
    await expectTitles(element, ['done'], 'completed');
    expect(element.getAttribute('filter')).to.equal('completed', 'the filter is reflected');
    element.filter = 'all';
    await expectTitles(element, ['open', 'done'], 'all');
  });

  it('hides itself while its list is empty', async () => {
    const { element, name } = await list([]);
    await waitUntil(() => !isShown(element), 'hidden with no todos', { timeout: 60_000 });
    await todos().add('first', name);
    await waitUntil(() => isShown(element), 'shown with a todo');
  });

  it('marks all done and all open again with "Mark all as complete", with one todo-toggle each time', async () => {
    const { element, name } = await list(['a', 'b', 'c']);
    await expectTitles(element, ['a', 'b', 'c']);
    let toggled = oneEvent(element, 'todo-toggle');
    markAll(element).click();
    expect((await toggled).detail.todo.completed).to.equal(true);
    await waitUntil(async () => (await todos().counts(name)).active === 0, 'all done in the database');
    await waitUntil(() => markAll(element).checked, 'the box shows it');
    toggled = oneEvent(element, 'todo-toggle');
    markAll(element).click();
    expect((await toggled).detail.todo.completed).to.equal(false);
    await waitUntil(async () => (await todos().counts(name)).completed === 0, 'all open in the database');
    await waitUntil(() => !markAll(element).checked, 'the box shows it');
  });

  it('is accessible', async () => {
    const { element, added } = await list(['an open one', 'a done one']);
    await todos().setCompleted(added[1]!.id, true);
    await expectTitles(element, ['an open one', 'a done one']);
    await expect(element).to.be.accessible();
  });

  it('opens its live queries when connected and stops every one when removed', async () => {
    const watch = new LiveQueryWatch(DATABASE);
    try {
      const { element } = await list(['watched']);
      await expectTitles(element, ['watched']);
      await watch.above(0, 'the list reads its rows live');
      element.remove();
      await watch.until(0, 'every live query of the list stopped after removal');
    } finally {
      watch.close();
    }
  });
});
