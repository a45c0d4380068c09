import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { deepQuery, deepQueryAll, expectTitles, items, uniqueList } from './helpers';

configure({ database: `test-todomvc-dom-${Date.now()}` });

const rows = (root: ParentNode) => deepQueryAll<HTMLLIElement>(root, '[data-testid="todo-item"]');

describe("TodoMVC's DOM, to the letter (what hosts' TodoMVC suites select)", () => {
  it('the row is the whole li: toggle, title, delete; its text is the title; its class is exactly completed or empty', async () => {
    const list = uniqueList();
    const [open, done] = await getTodoRepository().addMany(['open one', 'done one'], list);
    await getTodoRepository().setCompleted(done!.id, true);
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await expectTitles(element, ['open one', 'done one']);
    const [first, second] = rows(element);
    expect(first!.localName).to.equal('li');
    expect(first!.textContent).to.equal('open one');
    expect(second!.textContent).to.equal('done one');
    expect(first!.getAttribute('class')).to.equal('');
    await waitUntil(() => second!.getAttribute('class') === 'completed', 'a done row has class "completed" only');
    for (const selector of ['.toggle', '[data-testid="todo-title"]', '.destroy'])
      expect(deepQuery(first!, selector), selector).to.exist;
    const destroy = deepQuery<HTMLButtonElement>(first!, '.destroy')!;
    expect(destroy.getAttribute('aria-label')).to.equal('Delete');
    expect(destroy.textContent).to.equal('');
    expect(getComputedStyle(destroy, '::after').content).to.equal('"×"');
    void open;
  });

  it('double-clicking the row edits it in place: class "editing", the textbox "Edit" inside the row, the rest hidden', async () => {
    const list = uniqueList();
    await getTodoRepository().add('edit me', list);
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await expectTitles(element, ['edit me']);
    const row = rows(element)[0]!;
    row.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await items(element)[0]!.updateComplete;
    expect(row.getAttribute('class')).to.equal('editing');
    const edit = row.querySelector<HTMLInputElement>('input.edit')!;
    expect(edit.getAttribute('aria-label')).to.equal('Edit');
    expect(edit.value).to.equal('edit me');
    expect(row.querySelector<HTMLInputElement>('.toggle')!.checkVisibility()).to.equal(false);
    expect(row.querySelector<HTMLElement>('label')!.checkVisibility()).to.equal(false);
  });

  it("has TodoMVC's class names inside the shadow roots", async () => {
    const list = uniqueList();
    const todo = await getTodoRepository().add('classy', list);
    await getTodoRepository().setCompleted(todo.id, true);
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await expectTitles(element, ['classy']);
    await waitUntil(() => deepQuery(element, '.clear-completed') !== undefined, 'clear-completed shows');
    for (const selector of [
      '.new-todo',
      '.main',
      '.toggle-all',
      '.todo-list',
      '.footer',
      '.todo-count',
      '.filters',
      '.filters a.selected',
      '.clear-completed',
    ]) {
      expect(deepQueryAll(element, selector), selector).to.have.length(1);
    }
    // `.todo-list li .toggle`, as Playwright's CSS engine reads it through open shadow roots.
    const todoList = deepQuery(element, '.todo-list')!;
    expect(deepQueryAll(todoList, 'li').map((li) => deepQuery(li, '.toggle'))).to.have.length(1);
    expect(deepQuery(element, '.filters a.selected')!.textContent).to.equal('All');
  });
});
