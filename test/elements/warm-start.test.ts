import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { WindowSnapshots } from '../../src/workers/leader/window-snapshots';
import { todoStatements } from '../../src/db/repositories/todo-statements.generated';
import { counter_, deepQuery, items, titles } from './helpers';
import { filesName } from '../../src/workers/engine';

// A warm start with a database that never runs on this page (its worker never answers): all the
// list can show is the window snapshot the leader left (written here with the leader's own code,
// over stand-in files: an IndexedDB database named as PGlite's idb:// storage names its own).
const DATABASE = `test-warm-${Date.now().toString(36)}`;
configure({
  database: DATABASE,
  createWorker: () => new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' }))),
  startTimeoutMs: 600_000,
});

const MARKUP = '<img src=x onerror="window.__xss = true"> <b>bold?</b>';
const todo = (list: string, n: number, title = `${list} ${n}`, completed = false) => ({
  id: `0190aaaa-0000-7000-8000-${String(n).padStart(12, '0')}`,
  list,
  title,
  completed,
  createdAt: new Date(1_700_000_000_000),
  updatedAt: new Date(1_700_000_000_000),
  dueAt: null,
});

let snapshots: WindowSnapshots;

/** Stores what a leader would after showing `rows` of `list` (in all `total`), and its counts. */
function leaderShowed(list: string, rows: ReturnType<typeof todo>[], total = rows.length) {
  const active = rows.filter((row) => !row.completed).length;
  snapshots.afterRead([
    {
      sql: todoStatements.listAll.sql,
      params: [list],
      window: { offset: 0, limit: 88 },
      delivery: { type: 'rows', rows, window: { offset: 0, limit: 88 }, totalCount: total },
    },
    {
      sql: todoStatements.counts.sql,
      params: [list],
      window: undefined,
      delivery: { type: 'rows', rows: [{ total, active, completed: total - active }] },
    },
  ]);
  return new Promise((resolve) => setTimeout(resolve, 50));
}

const busy = (element: TodoApp) => deepQuery(element, 'section.main')?.getAttribute('aria-busy');

describe('<todo-app> on a warm start, before its database runs', () => {
  before(async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(`/pglite/${filesName(DATABASE)}`);
      open.onsuccess = () => (open.result.close(), resolve());
      open.onerror = () => reject(open.error);
    });
    snapshots = (await WindowSnapshots.open(DATABASE, 'auto'))!;
    await snapshots.prepare('idb', false);
  });

  it('paints the rows and counts of the snapshot, titles as text, and stays busy', async () => {
    await leaderShowed('shown', [todo('shown', 1), todo('shown', 2, MARKUP), todo('shown', 3, 'shown 3', true)]);
    const element = await fixture<TodoApp>(html`<todo-app list="shown"></todo-app>`);
    await waitUntil(() => titles(element).length === 3, 'the snapshot rows are painted', { timeout: 5_000 });
    expect(titles(element)).to.deep.equal(['shown 1', MARKUP, 'shown 3']);
    expect((window as { __xss?: boolean }).__xss).to.equal(undefined);
    expect(items(element)[2]!.completed).to.equal(true);
    await waitUntil(
      () => counter_(element)?.textContent?.includes('2 items left'),
      'the footer counts from the snapshot',
      { timeout: 5_000 },
    );
    expect(busy(element), 'not live').to.equal('true');
    expect(items(element).some((item) => item.pending)).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('a toggle, a rename and a delete on those rows show at once, as pending, and move the counter', async () => {
    await leaderShowed('act', [todo('act', 1), todo('act', 2), todo('act', 3)]);
    const element = await fixture<TodoApp>(html`<todo-app list="act"></todo-app>`);
    await waitUntil(() => titles(element).length === 3, 'the snapshot rows are painted', { timeout: 5_000 });
    const [first, second, third] = items(element);

    deepQuery<HTMLInputElement>(first!, 'input.toggle')!.click();
    deepQuery<HTMLElement>(second!, '[data-testid="todo-title"]')!.dispatchEvent(
      new MouseEvent('dblclick', { bubbles: true, composed: true }),
    );
    await second!.updateComplete;
    const field = deepQuery<HTMLInputElement>(second!, 'input.edit')!;
    field.value = 'act 2 renamed';
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    deepQuery<HTMLButtonElement>(third!, 'button.destroy')!.click();

    await waitUntil(() => items(element).every((item) => item.pending), 'every changed row is pending', {
      timeout: 5_000,
    });
    expect(items(element).map((item) => [item.todo?.title, item.completed])).to.deep.equal([
      ['act 1', true],
      ['act 2 renamed', false],
      ['act 3', false],
    ]);
    expect(deepQuery(second!, 'input.edit'), 'the editor closed').to.equal(undefined);
    await waitUntil(
      () => counter_(element)?.textContent?.includes('1 item left'),
      'the counter counts the pending changes',
      { timeout: 5_000 },
    );
    expect(busy(element)).to.equal('true');
  });

  it('shows no rows from a snapshot a write made out of date', async () => {
    await leaderShowed('stale', [todo('stale', 1)]);
    await snapshots.beforeWrite();
    const element = await fixture<TodoApp>(html`<todo-app list="stale"></todo-app>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(titles(element)).to.deep.equal([]);
    expect(deepQuery(element, '[part="status"][role="status"]')?.textContent).to.contain('Loading');
  });
});
