import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { ImportError } from '../../src/errors';
import { sendKeys } from '@web/test-runner-commands';
import { deepQuery, deepQueryAll, expectTitles, focusOn, items, newTodoField, settled, uniqueList } from './helpers';

configure({ database: `test-transfer-elements-${Date.now()}` });

type Pwned = { __pwned?: unknown };

async function app(seed: readonly string[] = [], attrs = 'exportable'): Promise<TodoApp> {
  const list = uniqueList('transfer');
  if (seed.length > 0) await getTodoRepository().addMany(seed, list);
  const element = await fixture<TodoApp>(`<todo-app list="${list}" ${attrs}></todo-app>`);
  await element.ready;
  await settled(element);
  return element;
}

const button = (root: ParentNode, name: string) =>
  deepQueryAll<HTMLButtonElement>(root, 'button').find((candidate) => candidate.textContent?.trim() === name);
const message = (root: ParentNode) => deepQuery<HTMLElement>(root, '[data-testid="transfer-message"]');

/** Picks `file` in the Import button's file chooser, as a user would (the chooser itself is the browser's). */
async function chooseFile(element: TodoApp, file: File): Promise<boolean> {
  const input = deepQuery<HTMLInputElement>(element, 'input[type="file"]')!;
  expect(input.accept).to.equal('.json,.csv,application/json,text/csv');
  let sawProgress = false;
  const root = input.getRootNode() as ShadowRoot;
  const observer = new MutationObserver(() => (sawProgress ||= root.querySelector('progress') !== null));
  observer.observe(root, { childList: true, subtree: true });
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await waitUntil(() => !root.querySelector('progress') && message(element)?.textContent?.trim(), 'import finished', {
    timeout: 60_000,
  });
  observer.disconnect();
  return sawProgress;
}

describe('<todo-app exportable>', () => {
  afterEach(() => expect((window as Pwned).__pwned).to.equal(undefined));

  it('shows Export, Export CSV and Import only when asked, named and keyboard-reachable', async () => {
    const plain = await app(['a'], '');
    expect(button(plain, 'Export')).to.equal(undefined);
    plain.remove(); // one app on the page for axe
    const element = await app(['a']);
    for (const name of ['Export', 'Export CSV', 'Import']) {
      const found = button(element, name);
      expect(found, name).to.exist;
      expect(found!.tabIndex, name).to.equal(0);
    }
    await expect(element).to.be.accessible();
  });

  it('exports the list as todos-<list>.json (and CSV) and says so', async () => {
    const element = await app(['Buy milk', 'Call mom']);
    let exported = oneEvent(element, 'todo-export');
    button(element, 'Export')!.click();
    let event = await exported;
    expect(event.detail).to.deep.equal({
      list: element.list,
      format: 'json',
      fileName: `todos-${element.list}.json`,
      count: 2,
    });
    expect(event.bubbles && event.composed).to.be.true;
    await waitUntil(
      () => message(element)?.textContent?.trim() === `Exported 2 todos to todos-${element.list}.json.`,
      'export message',
    );
    exported = oneEvent(element, 'todo-export');
    button(element, 'Export CSV')!.click();
    event = await exported;
    expect(event.detail.fileName).to.equal(`todos-${element.list}.csv`);
  });

  it('imports a JSON export with a progress bar, shows the todos live and says what it did', async () => {
    const source = uniqueList('source');
    await getTodoRepository().addMany(['<b>bold?</b> milk', 'Call mom'], source);
    const document = await getTodoRepository().exportTodos(source);
    await getTodoRepository().importTodos(source, { ...document, todos: [] }, { mode: 'replace' }); // ids free again
    const element = await app(['Already here']);
    const imported = oneEvent(element, 'todo-import');
    const sawProgress = await chooseFile(
      element,
      new File([JSON.stringify(document)], 'todos-source.json', { type: 'application/json' }),
    );
    expect(sawProgress, 'a progress bar showed while importing').to.be.true;
    expect((await imported).detail.result).to.include({ added: 2, updated: 0, unchanged: 0, kept: 0, removed: 0 });
    expect(message(element)!.textContent!.trim()).to.equal('Imported: 2 added, 0 updated, 0 unchanged.');
    expect(message(element)!.getAttribute('role')).to.equal('status');
    // In list order: imported todos keep their ids but go after the todos already in the list.
    await expectTitles(element, ['Already here', '<b>bold?</b> milk', 'Call mom']);
    expect(deepQueryAll(element, 'b')).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('is one step for undo: the notice offers Undo, which takes the whole import back', async () => {
    const element = await app(['Already here']);
    const todos = ['first imported', 'second imported'].map((title, order) => ({
      id: crypto.randomUUID(),
      title,
      completed: false,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      dueAt: null,
      order,
    }));
    await chooseFile(element, new File([JSON.stringify({ format: 'todo-widget', version: 1, todos })], 'todos.json'));
    await expectTitles(element, ['Already here', 'first imported', 'second imported']);
    const notice = () => deepQuery<HTMLElement>(element, '[data-testid="undo-status"]')!;
    await waitUntil(() => notice().textContent?.includes('Todos imported'), 'the undo notice names the import');
    button(element, 'Undo')!.click();
    await expectTitles(element, ['Already here'], 'the whole import is undone');
    await waitUntil(() => notice().textContent?.trim() === 'Undone', 'the notice says it is undone');
  });

  it('keeps the todos the list has newer than the file, and says how many', async () => {
    const element = await app(['edited since the backup']);
    const backup = await getTodoRepository().exportTodos(element.list);
    await getTodoRepository().rename(backup.todos[0]!.id, 'edited after the backup');
    await chooseFile(element, new File([JSON.stringify(backup)], 'backup.json'));
    expect(message(element)!.textContent!.trim()).to.equal(
      'Imported: 0 added, 0 updated, 0 unchanged, 1 kept (newer here).',
    );
    await expectTitles(element, ['edited after the backup']);
  });

  it('an add typed while an import runs is saved once it ends, not marked failed', async () => {
    const element = await app(['Already here']);
    // Ten chunks: the add goes in after the first, with the other nine still to write.
    const todos = Array.from({ length: 20_000 }, (_, order) => ({
      id: crypto.randomUUID(),
      title: `bulk ${order}`,
      completed: false,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      dueAt: null,
      order,
    }));
    const field = newTodoField(element);
    await focusOn(element, field);
    await sendKeys({ type: 'typed during the import' });
    const input = deepQuery<HTMLInputElement>(element, 'input[type="file"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([JSON.stringify({ format: 'todo-widget', version: 1, todos })], 'big.json'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const progress = () => deepQuery<HTMLProgressElement>(element, 'progress');
    await waitUntil(() => progress() && progress()!.value > 0, 'the import is writing', { timeout: 60_000 });
    await focusOn(element, field);
    await sendKeys({ press: 'Enter' });
    expect(progress(), 'the add was made while the import ran').to.exist;
    await waitUntil(() => message(element)?.textContent?.trim(), 'import finished', { timeout: 120_000 });
    expect(message(element)!.textContent!.trim()).to.match(/^Imported: 20,?000 added, 0 updated, 0 unchanged\.$/);
    await waitUntil(
      async () =>
        (await getTodoRepository().getAll(element.list)).some((todo) => todo.title === 'typed during the import'),
      'the add is saved',
      { timeout: 30_000 },
    );
    expect(items(element).filter((item) => item.hasAttribute('failed'))).to.have.length(0);
  });

  it('refuses a CSV without a column, says why, fires todo-error and changes nothing', async () => {
    const element = await app(['Keep me']);
    const failed = oneEvent(element, 'todo-error');
    await chooseFile(
      element,
      new File(['id,title,completed,createdAt,updatedAt\r\n'], 'todos.csv', { type: 'text/csv' }),
    );
    const error = (await failed).detail.error;
    expect(error).to.be.instanceOf(ImportError);
    const shown = message(element)!;
    expect(shown.getAttribute('role')).to.equal('alert');
    expect(shown.textContent!.trim()).to.equal(
      'Nothing was imported. The CSV has no "dueAt" column; it needs id, title, completed, createdAt, updatedAt, dueAt.',
    );
    await expectTitles(element, ['Keep me']);
  });

  it('refuses a file that is not an export, naming the problem', async () => {
    const element = await app(['Keep me']);
    await chooseFile(element, new File(['just some notes'], 'notes.txt', { type: 'text/plain' }));
    expect(message(element)!.textContent!.trim()).to.equal(
      'Nothing was imported. This file is neither a todo export in JSON nor a CSV with a header row.',
    );
    await expectTitles(element, ['Keep me']);
  });
});
