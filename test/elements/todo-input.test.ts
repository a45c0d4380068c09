import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoInput } from '../../src/elements/todo-input/todo-input.element';
import { TITLE_MAX_LENGTH } from '../../src/db/limits';
import { LiveQueryWatch } from '../support/live-query-watch';
import { deepQuery, focusOn, newTodoField, uniqueList } from './helpers';

// <todo-input> on its own: the field that adds todos to one list, through the real repository.
const DATABASE = `test-todo-input-${Date.now()}`;
configure({ database: DATABASE });

const todos = () => getTodoRepository();
const storedTitles = async (list: string) => (await todos().getAll(list)).map((todo) => todo.title);

async function input(attributes = '') {
  const list = uniqueList('input');
  const element = await fixture<TodoInput>(`<todo-input list="${list}" ${attributes}></todo-input>`);
  return { element, list };
}

async function type(element: TodoInput, text: string): Promise<void> {
  await focusOn(element, newTodoField(element));
  if (text) await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

describe('<todo-input>', () => {
  it('adds the trimmed title on Enter, empties the field, and fires todo-add once it is stored', async () => {
    const { element, list } = await input();
    const added = oneEvent(element, 'todo-add');
    await type(element, '  pay the rent  ');
    const event = await added;
    expect(event.detail.todo.title).to.equal('pay the rent');
    expect(event.detail.list).to.equal(list);
    expect(newTodoField(element).value).to.equal('');
    expect(await storedTitles(list)).to.deep.equal(['pay the rent']);
  });

  it('adds nothing for an empty or blank title', async () => {
    const { element, list } = await input();
    await type(element, '');
    await type(element, '    ');
    const added = oneEvent(element, 'todo-add');
    await type(element, 'marker');
    await added;
    expect(await storedTitles(list)).to.deep.equal(['marker']);
  });

  it('refuses a title that is too long: says why, keeps the text, fires todo-error, stores nothing', async () => {
    const { element, list } = await input();
    const field = newTodoField(element);
    const refused = oneEvent(element, 'todo-error');
    field.value = 'x'.repeat(TITLE_MAX_LENGTH + 1);
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await type(element, '');
    const event = await refused;
    expect(event.detail.error.name).to.equal('TitleTooLongError');
    await waitUntil(() => (deepQuery(element, '[role="alert"]')?.textContent ?? '').trim() !== '', 'a message shows');
    expect(newTodoField(element).value).to.have.length(TITLE_MAX_LENGTH + 1);
    expect(await storedTitles(list)).to.deep.equal([]);
  });

  it('uses its placeholder attribute, and takes the focus only with autofocus', async () => {
    const plain = await input('placeholder="Next thing"');
    expect(newTodoField(plain.element).placeholder).to.equal('Next thing');
    expect(document.activeElement).to.not.equal(plain.element);
    const focused = await input('autofocus');
    await waitUntil(() => document.activeElement === focused.element, 'autofocus takes the focus');
    expect(newTodoField(focused.element).placeholder).to.equal('What needs to be done?');
  });

  it('is accessible, also while it shows a message', async () => {
    const { element } = await input();
    await expect(element).to.be.accessible();
    const refused = oneEvent(element, 'todo-error');
    const field = newTodoField(element);
    field.value = 'x'.repeat(TITLE_MAX_LENGTH + 1);
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await type(element, '');
    await refused;
    await expect(element).to.be.accessible();
  });

  it('opens no live query, and leaves none behind when removed', async () => {
    const watch = new LiveQueryWatch(DATABASE);
    try {
      const { element } = await input();
      const added = oneEvent(element, 'todo-add');
      await type(element, 'one');
      await added;
      expect(watch.open()).to.equal(0);
      element.remove();
      await watch.until(0, 'nothing open after removal');
    } finally {
      watch.close();
    }
  });
});
