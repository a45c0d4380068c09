import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { expectTitles, settled, titles, typeTodo, uniqueList } from './helpers';

configure({ database: `test-pending-${Date.now()}` });

describe('adds shown before they are saved', () => {
  it('a todo deleted right after it was added disappears at once, not after a grace period', async () => {
    const list = uniqueList();
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await typeTodo(element, 'short-lived');
    await expectTitles(element, ['short-lived']);
    await settled(element);
    const [todo] = await getTodoRepository().getAll(list);
    const started = performance.now();
    await getTodoRepository().delete(todo!.id);
    await waitUntil(() => titles(element).length === 0, 'the row goes', { timeout: 4_000 });
    expect(performance.now() - started).to.be.below(4_000);
  });
});
