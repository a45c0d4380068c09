import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { configure, getDatabaseClient, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { deepQuery, expectTitles, items, settled, titles, typeTodo, uniqueList } from './helpers';

configure({ database: `test-pending-${Date.now()}` });

/** Clicks the middle of `target` with the mouse, as a user does. */
async function click(target: HTMLElement): Promise<void> {
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

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

  it('a todo checked and another deleted while their adds are still being saved are saved so, after the adds', async () => {
    const list = uniqueList();
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    // The database busy a moment (a long statement of this tab): the adds below wait behind it.
    const busy = getDatabaseClient().query('select pg_sleep(1.5)');
    await typeTodo(element, 'check me');
    await typeTodo(element, 'delete me');
    const row = (title: string) => items(element).find((item) => item.todo?.title === title);
    await waitUntil(() => row('check me') && row('delete me'), 'both rows shown at once');
    expect([row('check me')!.pending, row('delete me')!.pending], 'both still being saved').to.deep.equal([true, true]);
    await click(deepQuery<HTMLElement>(row('check me')!, 'input.toggle')!);
    await click(deepQuery<HTMLElement>(row('delete me')!, 'button.destroy')!);
    expect(row('check me')!.completed, 'checked at once').to.equal(true);
    await busy;
    await expectTitles(element, ['check me']);
    await settled(element);
    const stored = await getTodoRepository().getAll(list);
    expect(stored.map((todo) => [todo.title, todo.completed])).to.deep.equal([['check me', true]]);
  });

  it("an add typed while the page's own transaction() runs is saved after it, not marked failed", async () => {
    const list = uniqueList();
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    let typed!: Promise<void>;
    // The host page's code holds a transaction; the user types meanwhile.
    await getDatabaseClient().transaction(async (tx) => {
      typed = typeTodo(element, 'typed during a transaction');
      await typed;
      await tx.query('select pg_sleep(0.5)');
    });
    await typed;
    await expectTitles(element, ['typed during a transaction']);
    await waitUntil(
      async () => (await getTodoRepository().getAll(list)).length === 1,
      'the add is saved once the transaction has ended',
      { timeout: 20_000 },
    );
    await settled(element);
    expect(items(element).filter((item) => item.hasAttribute('failed'))).to.have.length(0);
  });

  it('an add to a list longer than the screen shows the new row, once saved as well', async () => {
    const list = uniqueList();
    await getTodoRepository().addMany(
      Array.from({ length: 67 }, (_, index) => `row ${index}`),
      list,
    );
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await waitUntil(() => titles(element).includes('row 0'), 'the list shows its first rows');
    await typeTodo(element, 'added at the end');
    await settled(element);
    // Past the few renders that keep the end in view after an add (SHOW_END_SETTLE_MS).
    await new Promise((resolve) => setTimeout(resolve, 800));
    // Settled: saved, and drawn again from the saved rows (the list draws only what is in view).
    await waitUntil(() => titles(element).includes('added at the end'), 'the new row is drawn', { timeout: 2_000 });
    const row = items(element).find((item) => item.todo?.title === 'added at the end')!;
    const { top, bottom } = row.getBoundingClientRect();
    expect(top >= 0 && bottom <= innerHeight, 'the new row is in view').to.equal(true);
  });
});
