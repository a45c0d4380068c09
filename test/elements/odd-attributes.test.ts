import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { deepQuery, expectTitles, typeTodo, uniqueList } from './helpers';

configure({ database: `test-odd-attributes-${Date.now()}` });

describe('attributes set to nonsense', () => {
  it('filter="bogus" shows everything, as "all"', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${uniqueList()} filter="bogus"></todo-app>`);
    await element.ready;
    await typeTodo(element, 'visible');
    await expectTitles(element, ['visible']);
  });

  it('list="" says clearly that the list name is not valid, instead of breaking', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=""></todo-app>`);
    await element.ready;
    await waitUntil(() => deepQuery(element, '[part="status"][role="alert"]') !== undefined, 'an error is shown');
    expect(deepQuery(element, '[part="status"][role="alert"]')!.textContent).to.contain('list name');
  });

  it('a 10 KB list name says clearly that it is too long', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${'l'.repeat(10_240)}></todo-app>`);
    await element.ready;
    await waitUntil(() => deepQuery(element, '[part="status"][role="alert"]') !== undefined, 'an error is shown');
    expect(deepQuery(element, '[part="status"][role="alert"]')!.textContent).to.contain('1 to 200 characters');
  });
});
