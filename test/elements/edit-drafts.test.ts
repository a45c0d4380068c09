import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import { deepQuery, deepQueryAll, expectTitles, items, uniqueList } from './helpers';

configure({ database: `test-edit-drafts-${Date.now()}` });

const editFields = (root: ParentNode) => deepQueryAll<HTMLInputElement>(root, 'input[aria-label="Edit"]');
const titleInDatabase = async (id: string) => (await getTodoRepository().get(id))?.title;

/** Double-clicks the row of `title` and types `more` at the end of its edit field. */
async function startEditing(element: TodoApp, title: string, more: string): Promise<TodoItem> {
  const item = items(element).find((row) => row.todo?.title === title)!;
  deepQuery<HTMLElement>(item, '[data-testid="todo-title"]')!.dispatchEvent(
    new MouseEvent('dblclick', { bubbles: true, composed: true }),
  );
  await waitUntil(() => item.shadowRoot!.activeElement === editFields(item)[0], 'the edit field takes focus');
  await sendKeys({ type: more });
  return item;
}

describe('<todo-item> editing: only the user ends an edit', () => {
  it('another tab completes the todo under the Active filter: the draft stays, and Enter saves it', async () => {
    const list = uniqueList();
    const todo = await getTodoRepository().add('walk', list);
    const element = await fixture<TodoApp>(html`<todo-app list=${list} filter="active"></todo-app>`);
    await element.ready;
    await expectTitles(element, ['walk']);
    await startEditing(element, 'walk', ' the dog');
    // Another writer (any tab: they all go through the same leader) completes it.
    await getTodoRepository().setCompleted(todo.id, true);
    await waitUntil(
      () => !items(element).some((row) => row.getAttribute('aria-posinset')),
      'the row leaves the Active view',
    );
    await waitUntil(() => editFields(element).length === 1, 'the edit is still on screen');
    expect(editFields(element)[0]!.value).to.equal('walk the dog');
    // Nothing saved, nothing deleted behind the user's back.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await titleInDatabase(todo.id)).to.equal('walk');
    await waitUntil(
      () => (editFields(element)[0]!.getRootNode() as ShadowRoot).activeElement === editFields(element)[0],
      'the draft has focus',
    );
    await sendKeys({ press: 'Enter' });
    await waitUntil(async () => (await titleInDatabase(todo.id)) === 'walk the dog', 'Enter saves the draft');
    await waitUntil(() => editFields(element).length === 0, 'the edit is over');
  });

  it('an emptied draft whose row left the view is not a delete: Escape cancels it', async () => {
    const list = uniqueList();
    const todo = await getTodoRepository().add('feed the cat', list);
    const element = await fixture<TodoApp>(html`<todo-app list=${list} filter="active"></todo-app>`);
    await element.ready;
    await expectTitles(element, ['feed the cat']);
    const item = await startEditing(element, 'feed the cat', '');
    editFields(item)[0]!.select();
    await sendKeys({ press: 'Backspace' });
    await getTodoRepository().setCompleted(todo.id, true);
    await waitUntil(
      () => editFields(element).length === 1 && !editFields(element)[0]!.closest('[aria-posinset]'),
      'the draft is kept apart',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await titleInDatabase(todo.id)).to.equal('feed the cat');
    editFields(element)[0]!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => editFields(element).length === 0, 'Escape ends the edit');
    expect(await titleInDatabase(todo.id)).to.equal('feed the cat');
  });

  it('a scroll that moves the row out of the drawn window keeps the draft; scrolled back, the row has it', async () => {
    const list = uniqueList();
    const [first] = await getTodoRepository().addMany(
      Array.from({ length: 300 }, (_, index) => `row ${index}`),
      list,
    );
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await waitUntil(() => items(element).some((row) => row.todo?.title === 'row 0'), 'the first rows are drawn');
    await startEditing(element, 'row 0', ' edited');
    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(
      () => !items(element).some((row) => row.todo?.title === 'row 0' && row.hasAttribute('aria-posinset')),
      'row 0 is no longer drawn in place',
    );
    await waitUntil(() => editFields(element).length === 1, 'the draft is still on screen');
    expect(editFields(element)[0]!.value).to.equal('row 0 edited');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await titleInDatabase(first!.id)).to.equal('row 0');
    window.scrollTo(0, 0);
    await waitUntil(
      () =>
        editFields(element)[0]?.closest('li') &&
        (editFields(element)[0]!.getRootNode() as ShadowRoot).host.hasAttribute('aria-posinset'),
      'the row, drawn again, has the draft',
    );
    expect(editFields(element)[0]!.value).to.equal('row 0 edited');
    expect(editFields(element)).to.have.length(1);
    window.scrollTo(0, 0);
  });
});
