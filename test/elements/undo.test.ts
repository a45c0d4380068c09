import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getDatabaseClient, getTodoRepository, getUndoHistory } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import type { Todo } from '../../src/db/schema';
import { deepQuery, expectTitles, focusOn, items, newTodoField, uniqueList } from './helpers';

configure({ database: `test-undo-elements-${Date.now()}` });

const repository = () => getTodoRepository();

async function appWith(titles: string[]): Promise<TodoApp> {
  const list = uniqueList('undo');
  await repository().addMany(titles, list);
  const element = await fixture<TodoApp>(`<todo-app list="${list}"></todo-app>`);
  await element.ready;
  await expectTitles(element, titles);
  return element;
}

const rowTitled = (app: TodoApp, title: string) => items(app).find((item) => item.todo?.title === title)!;
const undoStatus = (app: TodoApp) => deepQuery<HTMLElement>(app, '[role="status"][data-testid="undo-status"]')!;
const undoButton = (app: TodoApp) => deepQuery<HTMLButtonElement>(app, 'button[part="undo-button"]');

/** Waits until the undo status says `text`, and has its Undo button (or has none). */
async function expectStatus(app: TodoApp, text: string, withButton = false): Promise<void> {
  const said = () => undoStatus(app).querySelector('span')?.textContent?.trim() ?? '';
  await waitUntil(
    () => said() === text && !!undoButton(app) === withButton,
    `status "${text}"${withButton ? ' + Undo' : ''}, saw "${said()}"`,
    {
      timeout: 15_000,
    },
  );
}

/** Clicks "Mark all as complete" once it follows the counts. */
async function markAll(app: TodoApp): Promise<void> {
  const box = deepQuery<HTMLInputElement>(app, 'input#toggle-all')!;
  await waitUntil(() => !box.disabled && !box.checked, 'mark-all ready');
  box.click();
  await waitUntil(() => items(app).every((item) => item.completed), 'all shown completed');
}

/** Every stored field of every todo of `list`, in order: what an undo must give back exactly. */
async function snapshot(list: string): Promise<Todo[]> {
  return repository().getAll(list);
}

async function ctrlZ(): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'z' });
  await sendKeys({ up: 'Control' });
}

describe('undo (<todo-app>)', () => {
  it('after a delete, says so with an Undo button that puts the todo back exactly, and fires todo-add', async () => {
    const element = await appWith(['a', 'b', 'c']);
    const before = await snapshot(element.list);
    const b = rowTitled(element, 'b');
    deepQuery<HTMLButtonElement>(b, 'button[aria-label="Delete"]')!.click();
    await expectTitles(element, ['a', 'c']);
    await expectStatus(element, 'Todo deleted', true);
    expect(undoButton(element)!.textContent?.trim()).to.equal('Undo');
    await expect(element).to.be.accessible();

    const added = oneEvent(element, 'todo-add');
    undoButton(element)!.click();
    const event = await added;
    expect(event.detail.todo.id).to.equal(before[1]!.id);
    expect(event.bubbles && event.composed).to.be.true;
    await expectTitles(element, ['a', 'b', 'c']);
    expect(await snapshot(element.list)).to.deep.equal(before);
    await expectStatus(element, 'Undone');
  });

  it('puts back what "Clear completed" deleted, in place, completed', async () => {
    const element = await appWith(['a', 'b', 'c', 'd']);
    for (const title of ['b', 'd']) await repository().setCompleted(rowTitled(element, title).todo!.id, true);
    await waitUntil(() => rowTitled(element, 'd')?.completed, 'd shown completed');
    const before = await snapshot(element.list);
    deepQuery<HTMLButtonElement>(element, 'button.clear-completed')!.click();
    await expectTitles(element, ['a', 'c']);
    await expectStatus(element, '2 completed todos cleared', true);
    undoButton(element)!.click();
    await expectTitles(element, ['a', 'b', 'c', 'd']);
    expect(await snapshot(element.list)).to.deep.equal(before);
  });

  it('takes back "Mark all as complete", and an edit, firing todo-toggle and todo-rename', async () => {
    const element = await appWith(['a', 'b', 'c']);
    await repository().setCompleted(rowTitled(element, 'b').todo!.id, true);
    await waitUntil(() => rowTitled(element, 'b')?.completed, 'b shown completed');
    const before = await snapshot(element.list);

    await markAll(element);
    await expectStatus(element, 'All todos marked as complete', true);
    const toggled = oneEvent(element, 'todo-toggle');
    undoButton(element)!.click();
    expect((await toggled).detail.todo.completed).to.equal(false);
    await waitUntil(
      () =>
        items(element)
          .map((item) => item.completed)
          .join() === 'false,true,false',
      'states back',
    );
    // updatedAt aside: what it was before "Mark all" is not kept (see revertMarkAll).
    const withoutTime = ({ updatedAt: _, ...rest }: Todo) => rest;
    expect((await snapshot(element.list)).map(withoutTime)).to.deep.equal(before.map(withoutTime));

    const a = rowTitled(element, 'a');
    const renamed = await repository().rename(a.todo!.id, 'a2');
    await expectTitles(element, ['a2', 'b', 'c']);
    // An edit through the row, as a user makes it.
    const row = rowTitled(element, 'a2');
    await focusOn(row, deepQuery<HTMLElement>(row, '[data-testid="todo-title"]')!);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deepQuery(row, 'input.edit'), 'editing');
    await sendKeys({ press: 'End' });
    await sendKeys({ type: '!' });
    await sendKeys({ press: 'Enter' });
    await expectTitles(element, ['a2!', 'b', 'c']);
    await expectStatus(element, 'Todo renamed', true);
    const renameEvent = oneEvent(element, 'todo-rename');
    undoButton(element)!.click();
    expect((await renameEvent).detail.todo.title).to.equal('a2');
    await expectTitles(element, ['a2', 'b', 'c']);
    expect(renamed?.title).to.equal('a2');
  });

  it('undoes this tab’s changes newest first with Ctrl+Z, at least 20 steps, but not in a text field', async () => {
    const element = await appWith(['a', 'b', 'c']);
    const before = await snapshot(element.list);
    // 21 changes through the rows: checkbox flips, alternating rows.
    for (let i = 0; i < 21; i++) {
      const item: TodoItem = items(element)[i % 3]!;
      const expected = !item.completed;
      const toggle = deepQuery<HTMLInputElement>(item, 'input.toggle')!;
      const done = oneEvent(element, 'todo-toggle');
      toggle.click();
      await done;
      await waitUntil(() => item.completed === expected, 'flip shown');
    }
    const changed = await snapshot(element.list);
    expect(changed.map((todo) => todo.completed)).to.deep.equal([true, true, true]);

    // In the new-todo field, Ctrl+Z is the field's own: nothing is undone.
    await focusOn(element, newTodoField(element));
    await sendKeys({ type: 'x' });
    await ctrlZ();
    expect((await snapshot(element.list)).map((todo) => todo.completed)).to.deep.equal([true, true, true]);

    // On a row's checkbox (not a text field) it undoes, one step each.
    await focusOn(items(element)[0]!, deepQuery<HTMLInputElement>(items(element)[0]!, 'input.toggle')!);
    for (let i = 0; i < 21; i++) await ctrlZ();
    await waitUntil(async () => (await snapshot(element.list)).every((todo) => !todo.completed), 'all 21 undone', {
      timeout: 30_000,
    });
    await expectStatus(element, 'Undone');
    expect((await snapshot(element.list)).map((todo) => todo.title)).to.deep.equal(before.map((todo) => todo.title));
    await ctrlZ();
    await expectStatus(element, 'Nothing to undo');
  });

  it('Ctrl+Z pressed while a change is still being written takes back that change, not the one before', async () => {
    const element = await appWith(['a', 'b']);
    const list = element.list;
    const stored = async () => (await snapshot(list)).map((todo) => `${todo.title}: ${todo.completed}`).join(', ');
    deepQuery<HTMLInputElement>(rowTitled(element, 'a'), 'input.toggle')!.click();
    await waitUntil(async () => (await stored()) === 'a: true, b: false', 'the first toggle saved');
    // The database busy a moment (a long statement of this tab): the toggle below waits behind it.
    const busy = getDatabaseClient().query('select pg_sleep(1)');
    const b = deepQuery<HTMLInputElement>(rowTitled(element, 'b'), 'input.toggle')!;
    await focusOn(rowTitled(element, 'b'), b);
    await sendKeys({ press: 'Space' });
    await ctrlZ();
    await busy;
    await expectStatus(element, 'Undone');
    expect(await stored()).to.equal('a: true, b: false');
  });

  it('does not offer to undo a delete another tab had already made (Undo would bring the todo back)', async () => {
    const element = await appWith(['a', 'b']);
    const a = rowTitled(element, 'a');
    // Another tab deletes "a" just before this row's Delete reaches the database: the row's
    // delete finds nothing to delete.
    const elsewhere = repository().delete(a.todo!.id);
    const removed = oneEvent(element, 'todo-remove');
    deepQuery<HTMLButtonElement>(a, 'button[aria-label="Delete"]')!.click();
    expect(await elsewhere, 'the other tab deleted it').to.equal(true);
    await removed;
    await expectTitles(element, ['b']);
    expect(getUndoHistory().size(element.list), 'nothing of this tab to undo').to.equal(0);
    await getUndoHistory().undo(element.list);
    expect((await snapshot(element.list)).map((todo) => todo.title)).to.deep.equal(['b']);
  });

  it('does not overwrite a change made since by another writer, and says so', async () => {
    const element = await appWith(['a', 'b']);
    const a = rowTitled(element, 'a');
    deepQuery<HTMLButtonElement>(a, 'button[aria-label="Delete"]')!.click();
    await expectTitles(element, ['b']);
    // Mark all, then another writer (as another tab would) changes b again.
    await markAll(element);
    await expectStatus(element, 'All todos marked as complete', true);
    const b = rowTitled(element, 'b').todo!;
    await repository().rename(b.id, 'b changed elsewhere');
    await expectTitles(element, ['b changed elsewhere']);
    undoButton(element)!.click();
    await expectStatus(element, 'Not undone: changed in another tab since');
    expect((await repository().get(b.id))?.completed).to.equal(true);
    expect((await repository().get(b.id))?.title).to.equal('b changed elsewhere');
    // The older change (the delete) is still there to undo.
    await focusOn(element, deepQuery<HTMLInputElement>(rowTitled(element, 'b changed elsewhere'), 'input.toggle')!);
    await ctrlZ();
    await expectTitles(element, ['a', 'b changed elsewhere']);
  });
});
