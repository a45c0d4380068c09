import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoInput } from '../../src/elements/todo-input/todo-input.element';
import { DEFAULT_LIST } from '../../src/db/limits';
import { deepQuery, deepQueryAll, expectTitles, titles, typeTodo, uniqueList } from './helpers';

configure({ database: `test-odd-attributes-${Date.now()}` });

/** The default list holds exactly `title` after this (each test of the default list adds one more). */
const defaultTitles: string[] = [];
async function addToDefault(title: string): Promise<void> {
  await getTodoRepository().add(title, DEFAULT_LIST);
  defaultTitles.push(title);
}

const alerts = (root: ParentNode) =>
  deepQueryAll<HTMLElement>(root, '[role="alert"]').filter((alert) => alert.textContent!.trim() !== '');

describe('attributes set to nonsense', () => {
  it('filter="bogus" shows everything, as "all"', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${uniqueList()} filter="bogus"></todo-app>`);
    await element.ready;
    await typeTodo(element, 'visible');
    await expectTitles(element, ['visible']);
  });

  it('a 10 KB list name says clearly that it is too long', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${'l'.repeat(10_240)}></todo-app>`);
    await element.ready;
    await waitUntil(() => deepQuery(element, '[part="status"][role="alert"]') !== undefined, 'an error is shown');
    expect(deepQuery(element, '[part="status"][role="alert"]')!.textContent).to.contain('1 to 200 characters');
  });
});

describe('list unset, undefined, null or "" (an optional framework prop) means the default list', () => {
  for (const [name, set] of [
    ['list=""', (app: TodoApp) => app.setAttribute('list', '')],
    ['list = undefined', (app: TodoApp) => ((app as { list: unknown }).list = undefined)],
    ['list = null', (app: TodoApp) => ((app as { list: unknown }).list = null)],
    ['the list attribute removed', (app: TodoApp) => app.removeAttribute('list')],
  ] as const) {
    it(`${name} shows the default list, with no error`, async () => {
      await addToDefault(`default ${name}`);
      const element = await fixture<TodoApp>(html`<todo-app list="other"></todo-app>`);
      set(element);
      await element.updateComplete;
      await element.ready;
      await expectTitles(element, defaultTitles);
      expect(alerts(element).map((alert) => alert.textContent)).to.deep.equal([]);
      expect(element.list).to.equal(DEFAULT_LIST);
      // Its parts are on the default list too, not on "" or "undefined".
      for (const part of deepQueryAll<HTMLElement & { list: string }>(element, 'todo-input, todo-list, todo-footer')) {
        expect(part.list, part.localName).to.equal(DEFAULT_LIST);
      }
    });
  }

  it('a todo typed into <todo-input> with list = undefined goes to the default list', async () => {
    const input = await fixture<TodoInput>(html`<todo-input .list=${undefined as unknown as string}></todo-input>`);
    const added = new Promise<CustomEvent>((resolve) =>
      input.addEventListener('todo-add', (e) => resolve(e), { once: true }),
    );
    await typeTodo(input, 'typed with no list');
    const event = await added;
    expect(event.detail.list).to.equal(DEFAULT_LIST);
    defaultTitles.push('typed with no list');
    expect((await getTodoRepository().getAll(DEFAULT_LIST)).map((todo) => todo.title)).to.include('typed with no list');
    void titles;
  });
});
