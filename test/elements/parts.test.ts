import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoInput } from '../../src/elements/todo-input/todo-input.element';
import type { TodoList } from '../../src/elements/todo-list/todo-list.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import type { TodoFooter } from '../../src/elements/todo-footer/todo-footer.element';
import { sendKeys } from '@web/test-runner-commands';
import {
  deepQuery,
  deepQueryAll,
  expectTitles,
  focusOn,
  isShown,
  items,
  settled,
  typeTodo,
  uniqueList,
} from './helpers';

configure({ database: `test-parts-${Date.now()}` });

describe('the parts on their own', () => {
  describe('<todo-input> and <todo-list> on one list, apart on the page', () => {
    it('are one live list', async () => {
      const list = uniqueList('groceries');
      const page = await fixture<HTMLDivElement>(html`
        <div>
          <header><todo-input list=${list}></todo-input></header>
          <aside><todo-list list=${list}></todo-list><todo-footer list=${list}></todo-footer></aside>
        </div>
      `);
      const input = page.querySelector('todo-input') as TodoInput;
      const listElement = page.querySelector('todo-list') as TodoList;
      const footer = page.querySelector('todo-footer') as TodoFooter;
      await Promise.all([input.ready, listElement.ready, footer.ready]);
      expect(isShown(listElement)).to.be.false;
      await typeTodo(input, 'Milk');
      await expectTitles(listElement, ['Milk']);
      await waitUntil(() => deepQuery(footer, '[data-testid="todo-count"]')?.textContent?.trim() === '1 item left');
      await expect(input).to.be.accessible();
      await settled(listElement);
      await expect(listElement).to.be.accessible();
      await expect(footer).to.be.accessible();
    });
  });

  describe('<todo-list>', () => {
    it('shows a filter given as an attribute, reflected, and resubscribes when it changes', async () => {
      const list = uniqueList();
      const repository = getTodoRepository();
      const done = await repository.add('done', list);
      await repository.add('open', list);
      await repository.setCompleted(done.id, true);
      const element = await fixture<TodoList>(html`<todo-list list=${list} filter="completed"></todo-list>`);
      await element.ready;
      await expectTitles(element, ['done']);
      element.filter = 'active';
      await element.updateComplete;
      expect(element.getAttribute('filter')).to.equal('active');
      await expectTitles(element, ['open']);
    });

    it('touches only the changed row when one todo changes (keyed rendering)', async () => {
      const list = uniqueList();
      const repository = getTodoRepository();
      const [a, b] = await repository.addMany(['a', 'b'], list);
      const element = await fixture<TodoList>(html`<todo-list list=${list}></todo-list>`);
      await element.ready;
      await expectTitles(element, ['a', 'b']);
      const [rowA, rowB] = items(element);
      await repository.setCompleted(b!.id, true);
      await waitUntil(() => items(element)[1]?.completed === true);
      expect(items(element)[0]).to.equal(rowA);
      expect(items(element)[1]).to.equal(rowB);
      expect(a).to.exist;
    });

    it('draws only the rows near the viewport, each saying its place in the whole list', async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(
        Array.from({ length: 400 }, (_, i) => `row ${i + 1}`),
        list,
      );
      const element = await fixture<TodoList>(html`<todo-list list=${list}></todo-list>`);
      await element.ready;
      await waitUntil(() => items(element).length > 0, 'rows drawn');
      const drawn = items(element);
      expect(drawn.length).to.be.below(100);
      expect(drawn[0]!.getAttribute('aria-posinset')).to.equal('1');
      expect(drawn.every((item) => item.getAttribute('aria-setsize') === '400')).to.be.true;
      await expect(element).to.be.accessible();

      // Scrolled to the end, the last rows are drawn instead, with their places.
      window.scrollTo(0, document.documentElement.scrollHeight);
      await waitUntil(() => items(element).at(-1)?.todo?.title === 'row 400', 'last row drawn after scrolling', {
        timeout: 15_000,
      });
      expect(items(element).length).to.be.below(100);
      expect(items(element).at(-1)!.getAttribute('aria-posinset')).to.equal('400');
      window.scrollTo(0, 0);
      await waitUntil(() => items(element)[0]?.todo?.title === 'row 1', 'first row drawn again', { timeout: 15_000 });
    });

    it('lets Tab walk past the last drawn row: the next one is drawn as focus moves', async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(
        Array.from({ length: 300 }, (_, i) => `row ${i + 1}`),
        list,
      );
      const element = await fixture<TodoList>(html`<todo-list list=${list}></todo-list>`);
      await element.ready;
      await waitUntil(() => items(element).length > 0, 'rows drawn');
      const last = items(element).at(-1)!;
      const place = Number(last.getAttribute('aria-posinset'));
      expect(place).to.be.below(300);
      await focusOn(last, deepQuery<HTMLButtonElement>(last, 'button[aria-label="Delete"]')!);
      await sendKeys({ press: 'Tab' });
      const focusedRow = () => (element.shadowRoot!.activeElement as TodoItem | null)?.getAttribute('aria-posinset');
      await waitUntil(() => focusedRow() === String(place + 1), `focus on row ${place + 1}, saw ${focusedRow()}`, {
        timeout: 15_000,
      });
      window.scrollTo(0, 0);
    });

    it('has list semantics for screen readers', async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(['x', 'y'], list);
      const element = await fixture<TodoList>(html`<todo-list list=${list}></todo-list>`);
      await element.ready;
      await expectTitles(element, ['x', 'y']);
      expect(deepQuery(element, '[role="list"]')).to.exist;
      expect(items(element).every((item) => item.getAttribute('role') === 'listitem')).to.be.true;
    });
  });

  describe('<todo-item>', () => {
    it('shows a todo given as a property, title as text', async () => {
      const now = new Date();
      const item = await fixture<TodoItem>(
        html`<todo-item
          .todo=${{ id: '0190aaaa-0000-7000-8000-000000000000', list: 'x', title: '<b>bold?</b>', completed: true, createdAt: now, updatedAt: now }}
        ></todo-item>`,
      );
      const title = deepQuery<HTMLElement>(item, '[data-testid="todo-title"]')!;
      expect(title.textContent).to.equal('<b>bold?</b>');
      expect(title.querySelector('b')).to.equal(null);
      expect(item.completed).to.be.true;
      expect(item.hasAttribute('completed')).to.be.true;
      await expect(item).to.be.accessible({ ignoredRules: ['aria-required-parent'] });
    });
  });

  describe('<todo-footer>', () => {
    it('fires todo-filter-change and keeps the URL, and clears completed', async () => {
      const list = uniqueList();
      const repository = getTodoRepository();
      const [done] = await repository.addMany(['done', 'open'], list);
      await repository.setCompleted(done!.id, true);
      const footer = await fixture<TodoFooter>(html`<todo-footer list=${list}></todo-footer>`);
      await footer.ready;
      await waitUntil(() => deepQuery(footer, '[data-testid="todo-count"]')?.textContent?.trim() === '1 item left');
      const before = location.href;
      const changed = oneEvent(footer, 'todo-filter-change');
      deepQueryAll<HTMLAnchorElement>(footer, '.filters a')
        .find((a) => a.textContent === 'Completed')!
        .click();
      expect((await changed).detail.filter).to.equal('completed');
      expect(location.href).to.equal(before);
      expect(footer.filter).to.equal('completed');
      const removed = oneEvent(footer, 'todo-remove');
      deepQuery<HTMLButtonElement>(footer, 'button.clear-completed')!.click();
      expect((await removed).detail.ids).to.deep.equal([done!.id]);
      expect((await repository.getAll(list)).map((todo) => todo.title)).to.deep.equal(['open']);
    });
  });

  describe('defining', () => {
    it('is idempotent: defining a tag twice does not throw', async () => {
      const { defineElement } = await import('../../src/internal/define-element');
      const { TodoItem: ItemClass } = await import('../../src/elements/todo-item/todo-item.element');
      expect(() => defineElement('todo-item', class extends ItemClass {})).to.not.throw();
      expect(customElements.get('todo-item')).to.equal(ItemClass);
    });
  });
});
