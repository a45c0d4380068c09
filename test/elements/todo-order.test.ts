import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import { deepQuery, deepQueryAll, expectTitles, focusOn, items, uniqueList } from './helpers';

configure({ database: `test-order-elements-${Date.now()}` });

/** An app on a new list holding `titles` (saved, in that order). */
async function appWith(titles: string[], attrs = 'reorderable'): Promise<TodoApp> {
  const list = uniqueList('order');
  await getTodoRepository().addMany(titles, list);
  const element = await fixture<TodoApp>(`<todo-app list="${list}" ${attrs}></todo-app>`);
  await element.ready;
  // A long list draws only the rows near the viewport: those, from the first.
  await waitUntil(
    () => items(element).length > 0 && items(element).every((item, i) => item.todo?.title === titles[i]),
    'first rows drawn',
    {
      timeout: 15_000,
    },
  );
  if (titles.length <= 10) await expectTitles(element, titles);
  return element;
}

const handleOf = (item: TodoItem) => deepQuery<HTMLButtonElement>(item, 'button[aria-label="Move"]')!;
const rowTitled = (app: TodoApp, title: string) => items(app).find((item) => item.todo?.title === title)!;
const moveStatus = (app: TodoApp) => deepQuery<HTMLElement>(app, '[role="status"][data-testid="todo-move-status"]')!;

/** Alt+`key`, held as a user does. */
async function altPress(key: 'ArrowUp' | 'ArrowDown'): Promise<void> {
  await sendKeys({ down: 'Alt' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Alt' });
}

/** The element that has focus, looking through shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function expectAnnounced(app: TodoApp, text: string): Promise<void> {
  await waitUntil(
    () => moveStatus(app)?.textContent?.trim() === text,
    `expected "${text}", saw "${moveStatus(app)?.textContent?.trim()}"`,
    {
      timeout: 15_000,
    },
  );
}

/** The middle of `element` on screen, for the mouse. */
function middleOf(element: Element): [number, number] {
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

describe('manual order (<todo-app reorderable>)', () => {
  afterEach(() => resetMouse());

  it('gives each row a "Move" handle only when reorderable, and stays accessible', async () => {
    const plain = await appWith(['a', 'b'], '');
    expect(deepQueryAll(plain, 'button[aria-label="Move"]')).to.have.length(0);
    plain.remove();
    const element = await appWith(['a', 'b']);
    expect(items(element).map((item) => handleOf(item)?.getAttribute('aria-keyshortcuts'))).to.deep.equal([
      'Alt+ArrowUp Alt+ArrowDown',
      'Alt+ArrowUp Alt+ArrowDown',
    ]);
    expect(moveStatus(element).getAttribute('aria-live')).to.equal('polite');
    await expect(element).to.be.accessible();
  });

  it('moves a todo one place with Alt+Arrow Up/Down on its handle, says where, and keeps focus on it', async () => {
    const element = await appWith(['a', 'b', 'c', 'd']);
    const c = rowTitled(element, 'c');
    await focusOn(c, handleOf(c));

    await altPress('ArrowUp');
    await expectTitles(element, ['a', 'c', 'b', 'd']);
    await expectAnnounced(element, 'Moved to position 2 of 4');
    await waitUntil(
      () => deepActiveElement() === handleOf(rowTitled(element, 'c')),
      'focus back on the moved todo’s handle',
    );

    await altPress('ArrowUp');
    await expectTitles(element, ['c', 'a', 'b', 'd']);
    await expectAnnounced(element, 'Moved to position 1 of 4');
    await waitUntil(() => deepActiveElement() === handleOf(rowTitled(element, 'c')), 'focus still on the handle');

    // Several presses in a row each move from where the one before left it.
    await altPress('ArrowDown');
    await altPress('ArrowDown');
    await altPress('ArrowDown');
    await expectTitles(element, ['a', 'b', 'd', 'c']);
    await expectAnnounced(element, 'Moved to position 4 of 4');

    // Plain arrows do nothing.
    await focusOn(rowTitled(element, 'c'), handleOf(rowTitled(element, 'c')));
    await sendKeys({ press: 'ArrowUp' });
    const stored = await getTodoRepository().getAll(element.list);
    expect(stored.map((todo) => todo.title)).to.deep.equal(['a', 'b', 'd', 'c']);
  });

  it('takes a move back with Ctrl+Z, unless the todo was moved again elsewhere since', async () => {
    const element = await appWith(['a', 'b', 'c']);
    const c = rowTitled(element, 'c');
    await focusOn(c, handleOf(c));
    await altPress('ArrowUp');
    await expectTitles(element, ['a', 'c', 'b']);
    await expectAnnounced(element, 'Moved to position 2 of 3');
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'z' });
    await sendKeys({ up: 'Control' });
    await expectTitles(element, ['a', 'b', 'c']);

    // Moved again by another writer after this tab's move: the undo leaves it there.
    const b = rowTitled(element, 'b');
    await focusOn(b, handleOf(b));
    await altPress('ArrowUp');
    await expectTitles(element, ['b', 'a', 'c']);
    const ids = items(element).map((item) => item.todo!.id);
    await getTodoRepository().move(ids[0]!, { after: ids[2]!, before: null });
    await expectTitles(element, ['a', 'c', 'b']);
    await focusOn(rowTitled(element, 'a'), handleOf(rowTitled(element, 'a')));
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'z' });
    await sendKeys({ up: 'Control' });
    await waitUntil(
      () =>
        deepQuery(element, '[data-testid="undo-status"] span')?.textContent ===
        'Not undone: changed in another tab since',
      'says why',
    );
    expect((await getTodoRepository().getAll(element.list)).map((todo) => todo.title)).to.deep.equal(['a', 'c', 'b']);
  });

  it('in a filtered view, moves a todo relative to the rows shown', async () => {
    const element = await appWith(['a1', 'done', 'a2', 'a3']);
    const repository = getTodoRepository();
    await repository.setCompleted(rowTitled(element, 'done').todo!.id, true);
    element.filter = 'active';
    await expectTitles(element, ['a1', 'a2', 'a3']);
    const a3 = rowTitled(element, 'a3');
    await focusOn(a3, handleOf(a3));
    await altPress('ArrowUp');
    await expectTitles(element, ['a1', 'a3', 'a2']);
    await expectAnnounced(element, 'Moved to position 2 of 3');
    const all = (await repository.getAll(element.list)).map((todo) => todo.title);
    expect(all.indexOf('a3')).to.be.greaterThan(all.indexOf('a1')).and.lessThan(all.indexOf('a2'));
  });

  it('moves a todo where its handle is dragged and dropped with the pointer', async () => {
    const element = await appWith(['a', 'b', 'c', 'd']);
    const d = rowTitled(element, 'd');
    const [x, y] = middleOf(handleOf(d));
    const [, aTop] = [0, rowTitled(element, 'a').getBoundingClientRect().top];
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    // In steps, as a hand moves: the row follows the pointer.
    for (const to of [y - 20, y - 60, aTop + 10]) await sendMouse({ type: 'move', position: [x, Math.round(to)] });
    expect(d.hasAttribute('data-dragging')).to.be.true;
    await sendMouse({ type: 'up' });
    expect(d.hasAttribute('data-dragging')).to.be.false;
    await expectTitles(element, ['d', 'a', 'b', 'c']);
    await expectAnnounced(element, 'Moved to position 1 of 4');
    await waitUntil(
      () => deepActiveElement() === handleOf(rowTitled(element, 'd')),
      'focus on the dropped todo’s handle',
    );

    // Escape while dragging drops nothing.
    const a = rowTitled(element, 'a');
    const [ax, ay] = middleOf(handleOf(a));
    await sendMouse({ type: 'move', position: [ax, ay] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [ax, ay + 60] });
    await sendMouse({ type: 'move', position: [ax, ay + 120] });
    expect(a.hasAttribute('data-dragging')).to.be.true;
    await sendKeys({ press: 'Escape' });
    expect(a.hasAttribute('data-dragging')).to.be.false;
    await sendMouse({ type: 'up' });
    expect((await getTodoRepository().getAll(element.list)).map((todo) => todo.title)).to.deep.equal([
      'd',
      'a',
      'b',
      'c',
    ]);

    // A click on a handle (no travel) moves nothing.
    const [bx, by] = middleOf(handleOf(rowTitled(element, 'b')));
    await sendMouse({ type: 'click', position: [bx, by] });
    expect((await getTodoRepository().getAll(element.list)).map((todo) => todo.title)).to.deep.equal([
      'd',
      'a',
      'b',
      'c',
    ]);
  });

  it('scrolls the page while a dragged row is held at the bottom edge, so it can go past the rows in view', async () => {
    const titles = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const element = await appWith(titles);
    scrollTo(0, 0);
    await element.updateComplete;
    const lastInView = Math.max(
      ...items(element)
        .filter((item) => item.getBoundingClientRect().bottom <= innerHeight)
        .map((item) => Number(item.getAttribute('aria-posinset'))),
    );
    const t0 = rowTitled(element, 't0');
    const [x, y] = middleOf(handleOf(t0));
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [x, y + 20] });
    await sendMouse({ type: 'move', position: [x, innerHeight - 4] });
    await waitUntil(() => scrollY > 150, `the page scrolls while the row is held at the edge (scrollY ${scrollY})`);
    // Away from the edge (scrolling stops), then dropped.
    await sendMouse({ type: 'move', position: [x, innerHeight - 80] });
    await sendMouse({ type: 'up' });
    await waitUntil(async () => {
      const order = (await getTodoRepository().getAll(element.list)).map((todo) => todo.title);
      return order.indexOf('t0') + 1 > lastInView;
    }, `t0 dropped below row ${lastInView}, the last in view before the drag`);
    scrollTo(0, 0);
  });

  it('shows the order another writer (another tab) made, and a new todo goes last', async () => {
    const element = await appWith(['a', 'b', 'c']);
    const ids = items(element).map((item) => item.todo!.id);
    await getTodoRepository().move(ids[2]!, { after: null, before: ids[0]! });
    await expectTitles(element, ['c', 'a', 'b']);
    await getTodoRepository().add('new', element.list);
    await expectTitles(element, ['c', 'a', 'b', 'new']);
  });
});
