import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getDatabaseClient, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoList } from '../../src/elements/todo-list/todo-list.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';
import { deepQuery, items, uniqueList } from './helpers';

// A row's write can outlast the row: this tab's import holds its calls for seconds, and meanwhile
// the list scrolls (an add here keeps its end in view) and undraws the row clicked. The write
// still applies; the page must still hear that it did (or that it failed). Found by the model
// check: a toggle made while this tab imported was saved, and no todo-toggle ever came.
const DATABASE = `test-undrawn-row-events-${Date.now()}`;
configure({ database: DATABASE });

const todos = () => getTodoRepository();

/** Holds this tab's calls, as its own import does (`tabCallsWait`), until `release` is called. */
async function holdTabCalls(): Promise<{ release: () => void; ended: Promise<unknown> }> {
  let began!: () => void;
  let release!: () => void;
  const inside = new Promise<void>((resolve) => (began = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const ended = getDatabaseClient().transaction(
    async () => {
      began();
      await released;
    },
    { tabCallsWait: true },
  );
  await inside;
  return { release, ended };
}

async function longList(count: number) {
  const name = uniqueList('undrawn');
  const added = await todos().addMany(
    Array.from({ length: count }, (_, index) => `todo ${index}`),
    name,
  );
  const element = await fixture<TodoList>(html`<todo-list list=${name}></todo-list>`);
  await waitUntil(() => deepQuery(element, 'section.main[aria-busy="false"]') !== undefined, 'live', {
    timeout: 60_000,
  });
  await waitUntil(() => items(element).some((item) => item.todo?.id === added[0]!.id), 'the first row is drawn');
  return { element, name, added };
}

const rowOf = (element: TodoList, id: string) => items(element).find((item) => item.todo?.id === id);
const heard: { type: string; detail: { todo?: { id: string; completed: boolean }; ids?: string[] } }[] = [];
for (const type of ['todo-toggle', 'todo-remove', 'todo-error']) {
  document.addEventListener(type, (event) => heard.push({ type, detail: (event as CustomEvent).detail }));
}

describe('a row undrawn before its write is saved', () => {
  afterEach(() => window.scrollTo(0, 0));

  it('still fires todo-toggle, from the list that drew it, once the toggle is saved', async () => {
    const { element, added } = await longList(120);
    const first = added[0]!;
    const hold = await holdTabCalls();
    const item: TodoItem = rowOf(element, first.id)!;
    deepQuery<HTMLInputElement>(item, 'input.toggle')!.click();
    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(() => !item.isConnected, 'the row clicked is undrawn by the scroll', { timeout: 10_000 });
    expect(
      heard.filter(({ detail }) => detail.todo?.id === first.id),
      'not saved yet',
    ).to.deep.equal([]);
    hold.release();
    await hold.ended;
    await waitUntil(
      () => heard.some(({ type, detail }) => type === 'todo-toggle' && detail.todo?.id === first.id),
      'todo-toggle reaches the page',
      { timeout: 15_000 },
    );
    expect((await todos().get(first.id))?.completed).to.equal(true);
  });

  it('still fires todo-remove once the delete is saved', async () => {
    const { element, added } = await longList(120);
    const first = added[0]!;
    const hold = await holdTabCalls();
    const item: TodoItem = rowOf(element, first.id)!;
    deepQuery<HTMLButtonElement>(item, 'button.destroy')!.click();
    window.scrollTo(0, document.documentElement.scrollHeight);
    await waitUntil(() => !item.isConnected, 'the row clicked is undrawn by the scroll', { timeout: 10_000 });
    hold.release();
    await hold.ended;
    await waitUntil(
      () => heard.some(({ type, detail }) => type === 'todo-remove' && detail.ids?.includes(first.id)),
      'todo-remove reaches the page',
      { timeout: 15_000 },
    );
    expect(await todos().get(first.id)).to.equal(undefined);
  });
});
