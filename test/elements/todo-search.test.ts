import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoList } from '../../src/elements/todo-list/todo-list.element';
import { deepQuery, deepQueryAll, expectTitles, focusOn, settled, titles, uniqueList } from './helpers';

configure({ database: `test-search-elements-${Date.now()}` });

type Pwned = { __pwned?: unknown };

async function app(seed: readonly string[], attrs = 'searchable'): Promise<TodoApp> {
  const list = uniqueList('search');
  if (seed.length > 0) await getTodoRepository().addMany(seed, list);
  const element = await fixture<TodoApp>(`<todo-app list="${list}" ${attrs}></todo-app>`);
  await element.ready;
  await settled(element);
  return element;
}

const searchbox = (root: ParentNode) => deepQuery<HTMLInputElement>(root, 'input[type="search"]');
const searchCount = (root: ParentNode) => deepQuery<HTMLElement>(root, '[data-testid="todo-search-count"]');
const marks = (root: ParentNode) =>
  deepQueryAll<HTMLElement>(root, 'mark[part="match"]').map((mark) => mark.textContent);

/** Types into the search field like a user. */
async function search(element: TodoApp, text: string): Promise<void> {
  const field = searchbox(element)!;
  await focusOn(element, field);
  await sendKeys({ type: text });
}

async function expectCount(root: ParentNode, text: string | undefined): Promise<void> {
  await waitUntil(
    () => searchCount(root)?.textContent?.trim() === text,
    `search count: expected ${text}, saw ${searchCount(root)?.textContent?.trim()}`,
    { timeout: 15_000 },
  );
}

describe('<todo-app searchable>', () => {
  afterEach(() => expect((window as Pwned).__pwned).to.equal(undefined));

  it('has no search field unless asked for', async () => {
    const element = await app(['Buy milk'], '');
    expect(searchbox(element)).to.equal(undefined);
  });

  it('shows a searchbox named "Search todos", reachable by keyboard and accessible', async () => {
    const element = await app(['Buy milk']);
    const field = searchbox(element)!;
    expect(field.getAttribute('aria-label')).to.equal('Search todos');
    expect(field.type).to.equal('search'); // the implicit role is searchbox
    expect(field.tabIndex).to.equal(0);
    await expect(element).to.be.accessible();
  });

  it('filters to the matches as the user types, best match first, and says how many', async () => {
    const element = await app(['Buy milk', 'Call mom', 'milk milk milk', 'Walk the dog']);
    const searched = oneEvent(element, 'todo-search-change');
    await search(element, 'mil');
    const event = await searched;
    expect(event.detail.list).to.equal(element.list);
    expect(event.bubbles && event.composed).to.be.true;
    await expectTitles(element, ['milk milk milk', 'Buy milk']);
    await expectCount(element, '2 matches');
    expect(searchCount(element)!.getAttribute('role')).to.equal('status');
    expect(searchCount(element)!.getAttribute('aria-live')).to.equal('polite');
    await expect(element).to.be.accessible();
  });

  it('finds accented titles without the accents, and says when nothing matches', async () => {
    const element = await app(['Café au lait', 'Tea']);
    await search(element, 'cafe');
    await expectTitles(element, ['Café au lait']);
    await expectCount(element, '1 match');
    await sendKeys({ type: 'x' });
    await expectCount(element, 'No todos match');
    expect(titles(element)).to.deep.equal([]);
  });

  it('marks the matched words in <mark part="match">', async () => {
    const element = await app(['Buy milk and bread', 'Café crème']);
    await search(element, 'buy mil');
    await expectTitles(element, ['Buy milk and bread']);
    await waitUntil(() => marks(element).length === 2, 'marks drawn');
    expect(marks(element)).to.deep.equal(['Buy', 'milk']);
    await sendKeys({ press: 'Escape' });
    await search(element, 'creme');
    await waitUntil(() => JSON.stringify(marks(element)) === '["crème"]', `marks: ${JSON.stringify(marks(element))}`);
  });

  it('keeps a hostile title inert while marking its words', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"> milk <b>bold</b> ${window.__pwned=2}';
    const element = await app([hostile, 'other']);
    await search(element, 'mil');
    await expectTitles(element, [hostile]);
    await waitUntil(() => marks(element).length === 1, 'mark drawn');
    expect(marks(element)).to.deep.equal(['milk']);
    expect(deepQueryAll(element, 'img, b, script')).to.have.length(0);
  });

  it('clears on Escape and shows the whole list again', async () => {
    const element = await app(['Buy milk', 'Call mom']);
    await search(element, 'mom');
    await expectTitles(element, ['Call mom']);
    const cleared = oneEvent(element, 'todo-search-change');
    await sendKeys({ press: 'Escape' });
    expect((await cleared).detail.query).to.equal('');
    expect(searchbox(element)!.value).to.equal('');
    await expectTitles(element, ['Buy milk', 'Call mom']);
    await waitUntil(() => searchCount(element) === undefined, 'the count goes with the search');
    expect(marks(element)).to.deep.equal([]);
  });

  it('combines with the All / Active / Completed filter', async () => {
    const element = await app(['milk done', 'milk open', 'bread']);
    const done = (await getTodoRepository().getAll(element.list)).find((todo) => todo.title === 'milk done')!;
    await getTodoRepository().setCompleted(done.id, true);
    await search(element, 'milk');
    await expectCount(element, '2 matches');
    element.filter = 'active';
    await expectTitles(element, ['milk open']);
    await expectCount(element, '1 match');
    element.filter = 'completed';
    await expectTitles(element, ['milk done']);
  });

  it('shows a matching todo added, renamed or completed elsewhere at once, and drops one that stops matching', async () => {
    const element = await app(['Buy milk', 'Call mom']);
    element.filter = 'active';
    await search(element, 'mil');
    await expectTitles(element, ['Buy milk']);
    const repository = getTodoRepository();
    const all = await repository.getAll(element.list);
    const mom = all.find((todo) => todo.title === 'Call mom')!;
    const milk = all.find((todo) => todo.title === 'Buy milk')!;
    await repository.rename(mom.id, 'Call mom about milk');
    await expectTitles(element, ['Buy milk', 'Call mom about milk']);
    await repository.add('Mild salsa', element.list);
    await expectCount(element, '3 matches');
    await repository.setCompleted(milk.id, true);
    await expectTitles(element, ['Call mom about milk', 'Mild salsa']);
    await repository.rename(mom.id, 'Call mom');
    await expectTitles(element, ['Mild salsa']);
    await expectCount(element, '1 match');
  });

  it("never says the whole list's count while a search's results are on the way", async () => {
    const element = await app([...Array.from({ length: 30 }, (_, i) => `item ${i}`), 'needle']);
    const list = deepQuery<TodoList>(element, 'todo-list')!;
    const said = new Set<string>();
    const observer = new MutationObserver(() => said.add(searchCount(list)?.textContent?.trim() ?? '(none)'));
    observer.observe(list.shadowRoot!, { childList: true, subtree: true, characterData: true });
    element.query = 'needle';
    await expectCount(element, '1 match');
    element.query = 'item 1';
    await expectCount(element, '11 matches');
    observer.disconnect();
    expect([...said].filter((text) => text !== '' && text !== '(none)')).to.deep.equal(['1 match', '11 matches']);
  });

  it('hides "Mark all as complete" while searching (it would change todos not shown)', async () => {
    const element = await app(['Buy milk', 'Call mom']);
    expect(deepQuery(element, 'input.toggle-all')).to.exist;
    await search(element, 'mil');
    await expectCount(element, '1 match');
    expect(deepQuery(element, 'input.toggle-all')).to.equal(undefined);
  });
});

describe('<todo-list query>', () => {
  it('stops its search while detached and resubscribes when attached again', async () => {
    const list = uniqueList('search-leak');
    await getTodoRepository().addMany(['Buy milk'], list);
    const element = await fixture<TodoList>(`<todo-list list="${list}" query="mil"></todo-list>`);
    await element.ready;
    await expectTitles(element, ['Buy milk']);
    // A witness on the same search: once it shows the write, the detached list would have too.
    const witness = await fixture<TodoList>(`<todo-list list="${list}" query="mil"></todo-list>`);
    await expectTitles(witness, ['Buy milk']);
    const parent = element.parentElement!;
    element.remove();
    await getTodoRepository().add('Mild salsa', list);
    await expectTitles(witness, ['Buy milk', 'Mild salsa']);
    await element.updateComplete;
    expect(titles(element)).to.deep.equal(['Buy milk']);
    parent.append(element);
    await expectTitles(element, ['Buy milk', 'Mild salsa']);
    await expectCount(element, '2 matches');
  });

  it('searches through its query attribute and property', async () => {
    const list = uniqueList('search-list');
    await getTodoRepository().addMany(['Buy milk', 'Call mom'], list);
    const element = await fixture<TodoList>(`<todo-list list="${list}" query="mom"></todo-list>`);
    await element.ready;
    await expectTitles(element, ['Call mom']);
    await expectCount(element, '1 match');
    element.query = '';
    await expectTitles(element, ['Buy milk', 'Call mom']);
    expect(searchCount(element)).to.equal(undefined);
  });
});
