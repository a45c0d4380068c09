import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import {
  focusOn,
  counter_,
  deepQuery,
  deepQueryAll,
  expectTitles,
  isShown,
  items,
  newTodoField,
  settled,
  titles,
  typeTodo,
  uniqueList,
} from './helpers';

configure({ database: `test-elements-${Date.now()}` });

async function app(list = uniqueList(), attrs = ''): Promise<TodoApp> {
  const element = await fixture<TodoApp>(`<todo-app list="${list}" ${attrs}></todo-app>`);
  return element;
}

const shadow = (element: Element, selector: string) => deepQuery<HTMLElement>(element, selector)!;

describe('<todo-app>', () => {
  describe('start-up', () => {
    it('renders at once, busy, and takes a todo typed before the database is ready', async () => {
      const element = await app();
      // Nothing has awaited the database yet: the field is there and the list says it is loading.
      expect(newTodoField(element)).to.exist;
      expect(shadow(element, 'section.main').getAttribute('aria-busy')).to.equal('true');
      expect(shadow(element, '[part="status"][role="status"]').textContent).to.contain('Loading');

      await typeTodo(element, 'typed while starting');
      await waitUntil(() => items(element).length === 1, 'pending row shown');
      expect(items(element)[0]!.pending).to.be.true;

      await element.ready;
      await settled(element);
      await expectTitles(element, ['typed while starting']);
      expect(shadow(element, 'section.main').getAttribute('aria-busy')).to.equal('false');
    });
  });

  describe('new todo', () => {
    it('has the placeholder and accessible name, and does not take focus unless asked', async () => {
      const element = await app();
      const field = newTodoField(element);
      expect(field.placeholder).to.equal('What needs to be done?');
      expect(field.getAttribute('aria-label')).to.equal('New todo');
      expect(document.activeElement).to.not.equal(element);
      const focused = await app(uniqueList(), 'autofocus');
      expect(document.activeElement).to.equal(focused);
    });

    it('adds the trimmed title on Enter, clears the field and fires todo-add once durable', async () => {
      const element = await app();
      await element.ready;
      const added = oneEvent(element, 'todo-add');
      await typeTodo(element, '   Buy milk   ');
      const event = await added;
      expect(event.detail.todo.title).to.equal('Buy milk');
      expect(event.bubbles && event.composed).to.be.true;
      expect(newTodoField(element).value).to.equal('');
      await expectTitles(element, ['Buy milk']);
    });

    it('adds nothing for an empty or whitespace-only title', async () => {
      const element = await app();
      await element.ready;
      await typeTodo(element, '    ');
      await sendKeys({ press: 'Enter' });
      await typeTodo(element, 'real');
      await expectTitles(element, ['real']);
    });

    it('shows the validation message and keeps the text of a title over 1000 characters', async () => {
      const element = await app();
      await element.ready;
      const field = newTodoField(element);
      const long = 'x'.repeat(1001);
      field.value = long;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      field.focus();
      const failed = oneEvent(element, 'todo-error');
      await sendKeys({ press: 'Enter' });
      await failed;
      expect(field.value).to.equal(long);
      expect(shadow(element, '[part="message"]').textContent).to.contain('at most 1000 characters');
      expect(field.getAttribute('aria-invalid')).to.equal('true');
      expect(items(element)).to.have.length(0);
    });
  });

  describe('items', () => {
    it('toggles, strikes through and counts with correct plurals', async () => {
      const element = await app();
      await element.ready;
      await typeTodo(element, 'one');
      await typeTodo(element, 'two');
      await expectTitles(element, ['one', 'two']);
      await settled(element);
      await waitUntil(() => counter_(element)?.textContent?.trim() === '2 items left');
      expect(counter_(element)!.querySelector('strong')!.textContent).to.equal('2');

      const toggled = oneEvent(element, 'todo-toggle');
      shadow(items(element)[0]!, 'input[aria-label="Toggle Todo"]').click();
      expect((await toggled).detail.todo.completed).to.be.true;
      await waitUntil(() => counter_(element)?.textContent?.trim() === '1 item left');
      const row = shadow(items(element)[0]!, '[data-testid="todo-item"]');
      expect(row.classList.contains('completed')).to.be.true;
      expect(getComputedStyle(shadow(items(element)[0]!, '.title')).textDecorationLine).to.equal('line-through');
      expect(items(element)[0]!.hasAttribute('completed')).to.be.true;

      shadow(items(element)[1]!, 'input[aria-label="Toggle Todo"]').click();
      await waitUntil(() => counter_(element)?.textContent?.trim() === '0 items left');
    });

    it('deletes with the Delete button and fires todo-remove', async () => {
      const element = await app();
      await element.ready;
      await typeTodo(element, 'keep');
      await typeTodo(element, 'drop');
      await expectTitles(element, ['keep', 'drop']);
      await settled(element);
      const removed = oneEvent(element, 'todo-remove');
      shadow(items(element)[1]!, 'button[aria-label="Delete"]').click();
      expect((await removed).detail.ids).to.have.length(1);
      await expectTitles(element, ['keep']);
    });

    it('renders markup and template syntax in a title as text, never as elements', async () => {
      const element = await app();
      await element.ready;
      const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> ${x} {{y}}';
      await typeTodo(element, hostile);
      await expectTitles(element, [hostile]);
      const title = shadow(items(element)[0]!, '[data-testid="todo-title"]');
      expect(title.children).to.have.length(0);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });
  });

  describe('editing', () => {
    async function withOneTodo(title = 'original') {
      const element = await app();
      await element.ready;
      await typeTodo(element, title);
      await expectTitles(element, [title]);
      await settled(element);
      const item = items(element)[0]!;
      return { element, item };
    }
    const editField = (item: TodoItem) => deepQuery<HTMLInputElement>(item, 'input[aria-label="Edit"]');

    it('opens on double-click with the title, saves the trimmed value on Enter', async () => {
      const { element, item } = await withOneTodo();
      shadow(item, '[data-testid="todo-title"]').dispatchEvent(
        new MouseEvent('dblclick', { bubbles: true, composed: true }),
      );
      await item.updateComplete;
      const field = editField(item)!;
      expect(field.value).to.equal('original');
      await waitUntil(() => item.shadowRoot!.activeElement === field, 'the edit field takes focus');
      await expect(element).to.be.accessible();
      field.select();
      const renamed = oneEvent(element, 'todo-rename');
      await sendKeys({ type: '  renamed  ' });
      await sendKeys({ press: 'Enter' });
      expect((await renamed).detail.todo.title).to.equal('renamed');
      await expectTitles(element, ['renamed']);
      expect(editField(item)).to.equal(undefined);
    });

    it('opens with Enter or F2 on the focused title, and Escape cancels', async () => {
      const { element, item } = await withOneTodo();
      await focusOn(item, shadow(item, '[data-testid="todo-title"]'));
      await sendKeys({ press: 'F2' });
      await item.updateComplete;
      await waitUntil(() => item.shadowRoot!.activeElement === editField(item), 'the edit field takes focus');
      editField(item)!.select();
      await sendKeys({ type: 'not saved' });
      await sendKeys({ press: 'Escape' });
      await item.updateComplete;
      expect(editField(item)).to.equal(undefined);
      await expectTitles(element, ['original']);

      await focusOn(item, shadow(item, '[data-testid="todo-title"]'));
      await sendKeys({ press: 'Enter' });
      await item.updateComplete;
      expect(editField(item)).to.exist;
    });

    it('saves on blur', async () => {
      const { element, item } = await withOneTodo();
      shadow(item, '[data-testid="todo-title"]').dispatchEvent(
        new MouseEvent('dblclick', { bubbles: true, composed: true }),
      );
      await item.updateComplete;
      const field = editField(item)!;
      await waitUntil(() => item.shadowRoot!.activeElement === field, 'the edit field takes focus');
      field.select();
      await sendKeys({ type: 'blurred' });
      field.blur();
      await expectTitles(element, ['blurred']);
    });

    it('deletes the todo when saved empty', async () => {
      const { element, item } = await withOneTodo();
      shadow(item, '[data-testid="todo-title"]').dispatchEvent(
        new MouseEvent('dblclick', { bubbles: true, composed: true }),
      );
      await item.updateComplete;
      await waitUntil(() => item.shadowRoot!.activeElement === editField(item), 'the edit field takes focus');
      editField(item)!.select();
      await sendKeys({ press: 'Backspace' });
      const removed = oneEvent(element, 'todo-remove');
      await sendKeys({ press: 'Enter' });
      await removed;
      await expectTitles(element, []);
    });
  });

  describe('mark all, filters and clear completed', () => {
    it('marks all complete and back, and the checkbox follows the state', async () => {
      const element = await app();
      await element.ready;
      await typeTodo(element, 'a');
      await typeTodo(element, 'b');
      await expectTitles(element, ['a', 'b']);
      await settled(element);
      const toggleAll = deepQuery<HTMLInputElement>(element, 'input#toggle-all')!;
      expect(deepQuery<HTMLLabelElement>(element, 'label[for="toggle-all"]')!.textContent).to.equal(
        'Mark all as complete',
      );
      toggleAll.click();
      await waitUntil(() => items(element).every((item) => item.completed) && toggleAll.checked, 'all completed');
      toggleAll.click();
      await waitUntil(() => items(element).every((item) => !item.completed) && !toggleAll.checked, 'all active');
    });

    it('filters without touching the page URL, marking the selected link', async () => {
      const element = await app();
      await element.ready;
      await typeTodo(element, 'active one');
      await typeTodo(element, 'done one');
      await expectTitles(element, ['active one', 'done one']);
      await settled(element);
      shadow(items(element)[1]!, 'input[aria-label="Toggle Todo"]').click();
      await waitUntil(() => items(element)[1]?.completed === true);

      const before = location.href;
      const link = (name: string) =>
        deepQueryAll<HTMLAnchorElement>(element, '.filters a').find((a) => a.textContent === name)!;
      link('Active').click();
      await expectTitles(element, ['active one']);
      expect(location.href).to.equal(before);
      expect(element.filter).to.equal('active');
      expect(element.getAttribute('filter')).to.equal('active');
      expect(link('Active').classList.contains('selected')).to.be.true;
      expect(link('Active').getAttribute('aria-current')).to.equal('page');
      expect(link('All').classList.contains('selected')).to.be.false;

      // A todo that leaves the filter disappears at once.
      shadow(items(element)[0]!, 'input[aria-label="Toggle Todo"]').click();
      await expectTitles(element, []);

      link('Completed').click();
      await expectTitles(element, ['active one', 'done one']);
      link('All').click();
      await expectTitles(element, ['active one', 'done one']);
    });

    it('shows "Clear completed" only when something is completed, and clears them', async () => {
      const element = await app();
      await element.ready;
      await typeTodo(element, 'stay');
      await typeTodo(element, 'go');
      await expectTitles(element, ['stay', 'go']);
      await settled(element);
      const clearButton = () => deepQuery<HTMLButtonElement>(element, 'button.clear-completed');
      expect(clearButton()).to.equal(undefined);
      shadow(items(element)[1]!, 'input[aria-label="Toggle Todo"]').click();
      await waitUntil(() => clearButton() !== undefined, 'clear button appears');
      expect(clearButton()!.textContent!.trim()).to.equal('Clear completed');
      clearButton()!.click();
      await expectTitles(element, ['stay']);
      await waitUntil(() => clearButton() === undefined, 'clear button hides');
    });

    it('hides the list and footer when there are no todos', async () => {
      const element = await app();
      await element.ready;
      const list = deepQuery(element, 'todo-list')!;
      const footer = deepQuery(element, 'todo-footer')!;
      expect(isShown(list)).to.be.false;
      expect(isShown(footer)).to.be.false;
      await expect(element).to.be.accessible();
      await typeTodo(element, 'something');
      await waitUntil(() => isShown(list) && isShown(footer), 'shown with a todo');
      await settled(element);
      await expect(element).to.be.accessible();
    });

    it('follows the hash only when routing="hash"', async () => {
      const element = await app(uniqueList(), 'routing="hash"');
      await element.ready;
      await typeTodo(element, 'x');
      await settled(element);
      location.hash = '#/completed';
      await waitUntil(() => element.filter === 'completed', 'filter follows the hash');
      location.hash = '#/';
      await waitUntil(() => element.filter === 'all');
      history.replaceState(null, '', location.pathname + location.search);
    });

    it('shows all again, with routing="hash", when the hash is gone (Back to the first URL)', async () => {
      const element = await app(uniqueList(), 'routing="hash"');
      await element.ready;
      location.hash = '#/active';
      await waitUntil(() => element.filter === 'active', 'filter follows the hash');
      location.hash = '';
      await waitUntil(() => element.filter === 'all', 'no hash is "all"');
      location.hash = '#/completed';
      await waitUntil(() => element.filter === 'completed', 'filter follows the hash again');
      const anchored = new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
      location.hash = '#section-2';
      await anchored;
      expect(element.filter, "a host page's own anchor leaves the filter").to.equal('completed');
      history.replaceState(null, '', location.pathname + location.search);
    });

    it('falls back to "all" for a filter attribute it does not know', async () => {
      const element = await app(uniqueList(), 'filter="bogus"');
      await element.ready;
      await typeTodo(element, 'still shown');
      await expectTitles(element, ['still shown']);
    });
  });

  describe('lists and liveness', () => {
    it('keeps two apps on different lists apart and two on one list in sync', async () => {
      const shared = uniqueList('shared');
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <todo-app list=${shared}></todo-app>
          <todo-app list=${shared}></todo-app>
          <todo-app list=${uniqueList('other')}></todo-app>
        </div>
      `);
      const [first, second, other] = [...wrapper.querySelectorAll('todo-app')] as TodoApp[];
      await Promise.all([first!.ready, second!.ready, other!.ready]);
      await typeTodo(first!, 'in both');
      await expectTitles(second!, ['in both'], 'second app on the same list');
      await typeTodo(other!, 'only other');
      await expectTitles(other!, ['only other']);
      await expectTitles(first!, ['in both']);
      expect(titles(second!)).to.deep.equal(['in both']);
    });

    it('stops updating when removed and resubscribes when added back', async () => {
      const list = uniqueList();
      const element = await app(list);
      await element.ready;
      await typeTodo(element, 'before');
      await expectTitles(element, ['before']);
      await settled(element);

      const parent = element.parentElement!;
      element.remove();
      await getTodoRepository().add('while detached', list);
      // Give a live update every chance to (wrongly) arrive.
      const probe = await app(list);
      await expectTitles(probe, ['before', 'while detached']);
      expect(titles(element)).to.deep.equal(['before']);

      parent.append(element);
      await expectTitles(element, ['before', 'while detached'], 're-attached');
    });

    it('resubscribes when list changes on a connected element', async () => {
      const [a, b] = [uniqueList('a'), uniqueList('b')];
      await getTodoRepository().add('in a', a);
      await getTodoRepository().add('in b', b);
      const element = await app(a);
      await expectTitles(element, ['in a']);
      element.list = b;
      await expectTitles(element, ['in b']);
    });

    it('shows the database status when asked', async () => {
      const element = await app(uniqueList(), 'show-status');
      await element.ready;
      const status = deepQuery<HTMLElement>(element, '[data-testid="db-status"]')!;
      await waitUntil(() => /leader|follower/.test(status.textContent ?? ''), 'status names the role');
      expect(status.textContent).to.contain('leader');
      expect(status.textContent).to.contain('saved in this browser');
      expect(status.getAttribute('part')).to.equal('status');

      // After the first add the widget asks for persistent storage and says what was granted.
      await typeTodo(element, 'keep me');
      await waitUntil(
        () => /persistent storage (granted|not granted)/.test(status.textContent ?? ''),
        'status reports persistence',
      );
      const granted = await navigator.storage.persisted();
      expect(status.textContent).to.contain(granted ? 'persistent storage granted' : 'persistent storage not granted');
    });
  });
});
