import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { Todo } from '../../src/db/schema';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import { LiveQueryWatch } from '../support/live-query-watch';
import { deepQuery, focusOn, uniqueList } from './helpers';

// <todo-item> on its own, as a host page may use it: one todo handed in as a property, every
// change written through the real repository and read back from it.
const DATABASE = `test-todo-item-${Date.now()}`;
configure({ database: DATABASE });

const todos = () => getTodoRepository();
const part = <T extends HTMLElement>(item: TodoItem, selector: string) => deepQuery<T>(item, selector);
const checkbox = (item: TodoItem) => part<HTMLInputElement>(item, 'input.toggle')!;
const editField = (item: TodoItem) => part<HTMLInputElement>(item, 'input[aria-label="Edit"]');
const row = (item: TodoItem) => part<HTMLLIElement>(item, 'li[data-testid="todo-item"]')!;
const stored = (todo: Todo) => todos().get(todo.id);

async function item(
  title: string,
  completed = false,
): Promise<{ element: TodoItem; todo: Todo; list: string; host: HTMLElement }> {
  const list = uniqueList('item');
  let todo = await todos().add(title, list);
  if (completed) todo = (await todos().setCompleted(todo.id, true))!;
  // A row is a listitem (its role): a page that shows rows on their own puts them in a list.
  const host = await fixture<HTMLElement>(
    html`<div role="list" aria-label="Todos"><todo-item list=${list} .todo=${todo}></todo-item></div>`,
  );
  const element = host.querySelector('todo-item')!;
  return { element, todo, list, host };
}

/** Double-clicks the row and waits until the edit field has the focus. */
async function startEditing(element: TodoItem): Promise<HTMLInputElement> {
  row(element).dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
  await waitUntil(() => editField(element) !== undefined, 'the edit field shows');
  const field = editField(element)!;
  await focusOn(element, field);
  return field;
}

describe('<todo-item>', () => {
  it('shows the title, and whether the todo is done on its checkbox, its class and its completed attribute', async () => {
    const open = await item('read the paper');
    expect(part(open.element, '[data-testid="todo-title"]')!.textContent).to.equal('read the paper');
    expect(checkbox(open.element).checked).to.equal(false);
    expect(row(open.element).className).to.equal('');
    expect(open.element.hasAttribute('completed')).to.equal(false);

    const done = await item('posted the letter', true);
    expect(checkbox(done.element).checked).to.equal(true);
    expect(row(done.element).className).to.equal('completed');
    expect(done.element.hasAttribute('completed')).to.equal(true);
  });

  it('marks the todo done from its checkbox, stores it, and says so with todo-toggle', async () => {
    const { element, todo, list } = await item('water the plants');
    const toggled = oneEvent(element, 'todo-toggle');
    checkbox(element).click();
    const event = await toggled;
    expect(event.detail.todo.id).to.equal(todo.id);
    expect(event.detail.todo.completed).to.equal(true);
    expect(event.detail.list).to.equal(list);
    expect((await stored(todo))?.completed).to.equal(true);
  });

  it('edits on a double-click: Enter saves the trimmed title and fires todo-rename', async () => {
    const { element, todo } = await item('call the bank');
    const field = await startEditing(element);
    expect(field.value).to.equal('call the bank');
    expect(row(element).className).to.equal('editing');
    field.select();
    const renamed = oneEvent(element, 'todo-rename');
    await sendKeys({ type: '  call the bank back  ' });
    await sendKeys({ press: 'Enter' });
    expect((await renamed).detail.todo.title).to.equal('call the bank back');
    expect((await stored(todo))?.title).to.equal('call the bank back');
    await waitUntil(() => editField(element) === undefined, 'the edit is over');
  });

  it('saves the edit when the field loses the focus', async () => {
    const { element, todo } = await item('buy stamps');
    const field = await startEditing(element);
    await sendKeys({ type: ' and envelopes' });
    field.blur();
    await waitUntil(async () => (await stored(todo))?.title === 'buy stamps and envelopes', 'saved on blur');
  });

  it('cancels the edit on Escape: nothing is stored', async () => {
    const { element, todo } = await item('tidy the desk');
    await startEditing(element);
    await sendKeys({ type: ' and the shelf' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => editField(element) === undefined, 'the edit is over');
    expect(row(element).className).to.equal('');
    expect((await stored(todo))?.title).to.equal('tidy the desk');
  });

  it('is deleted when an edit empties its title, or by its delete button, with todo-remove', async () => {
    const emptied = await item('to be emptied');
    const field = await startEditing(emptied.element);
    field.select();
    const removedByEdit = oneEvent(emptied.element, 'todo-remove');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Enter' });
    expect((await removedByEdit).detail.ids).to.deep.equal([emptied.todo.id]);
    expect(await stored(emptied.todo)).to.equal(undefined);

    const deleted = await item('to be deleted');
    const removed = oneEvent(deleted.element, 'todo-remove');
    part<HTMLButtonElement>(deleted.element, 'button.destroy')!.click();
    expect((await removed).detail.ids).to.deep.equal([deleted.todo.id]);
    expect(await stored(deleted.todo)).to.equal(undefined);
  });

  it('is accessible, open, done and while editing', async () => {
    const open = await item('an open todo');
    await expect(open.host).to.be.accessible();
    const done = await item('a done todo', true);
    await expect(done.host).to.be.accessible();
    await startEditing(open.element);
    await expect(open.host).to.be.accessible();
  });

  it('opens no live query of its own (its list reads the rows), and leaves none behind when removed', async () => {
    const watch = new LiveQueryWatch(DATABASE);
    try {
      const { element, todo } = await item('one row');
      checkbox(element).click();
      await waitUntil(async () => (await stored(todo))?.completed === true, 'the row wrote through the repository');
      expect(watch.open()).to.equal(0);
      element.remove();
      await watch.until(0, 'nothing open after removal');
    } finally {
      watch.close();
    }
  });
});
