import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getDatabaseClient, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { expectTitles, items, settled, titles, typeTodo, uniqueList } from './helpers';

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
