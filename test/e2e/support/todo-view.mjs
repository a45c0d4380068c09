// What a tab shows and what its database holds, read in the page, for tests that compare
// both with what they expect (the model check, the crash test).
import { watchPage } from './browser.mjs';

/**
 * The list draws only the rows near the viewport (plus an overscan): at least this many when
 * there are that many, on the 1100×800 window the e2e browsers use (about 16 in view + 10).
 */
export const MIN_DRAWN_ROWS = 20;

/**
 * What a tab shows: every drawn row (its place in the list, whether it is wholly in the
 * viewport, title, checkbox, pending), the
 * list's size as the rows announce it (aria-setsize), placeholders drawn for rows still on the
 * way, whether the list has loaded, and the footer's counter.
 */
export const viewOf = (page) =>
  page.evaluate(() => {
    const app = document.querySelector('todo-app');
    const list = app?.shadowRoot?.querySelector('todo-list');
    const section = list?.shadowRoot?.querySelector('section.main');
    const rows = [...(list?.shadowRoot?.querySelectorAll('todo-item') ?? [])].map((item) => ({
      position: Number(item.getAttribute('aria-posinset')),
      inViewport: item.getBoundingClientRect().top >= 0 && item.getBoundingClientRect().bottom <= innerHeight,
      title: item.shadowRoot.querySelector('[data-testid="todo-title"]')?.textContent ?? null,
      completed: item.shadowRoot.querySelector('input.toggle')?.checked ?? null,
      pending: item.hasAttribute('pending'),
    }));
    const first = list?.shadowRoot?.querySelector('[role="list"] > [aria-setsize]');
    const size = first ? Number(first.getAttribute('aria-setsize')) : 0;
    const placeholders = list?.shadowRoot?.querySelectorAll('[role="list"] > .placeholder').length ?? 0;
    const footer = app?.shadowRoot?.querySelector('todo-footer');
    const counter =
      footer && getComputedStyle(footer).display !== 'none'
        ? footer.shadowRoot.querySelector('[data-testid="todo-count"]')?.textContent.trim()
        : null;
    return { loaded: section?.getAttribute('aria-busy') === 'false', size, placeholders, rows, counter };
  });

/** The footer's text for `todos`, or null when the footer is hidden (no todos). */
export function expectedCounter(todos) {
  if (todos.length === 0) return null;
  const active = todos.filter((todo) => !todo.completed).length;
  return `${active} ${active === 1 ? 'item' : 'items'} left`;
}

/**
 * Whether `view` shows exactly `todos` ({ title, completed }, in order): loaded, the list's
 * size and counter match, a full window is drawn with no placeholder, and every drawn row is
 * the todo at its place, saved (not pending).
 */
export function showsExactly(view, todos) {
  if (!view.loaded || view.placeholders > 0 || view.counter !== expectedCounter(todos)) return false;
  if (todos.length === 0) return view.rows.length === 0;
  if (view.size !== todos.length || view.rows.length < Math.min(todos.length, MIN_DRAWN_ROWS)) return false;
  return view.rows.every((row, i) => {
    const todo = todos[row.position - 1];
    return (
      row.position === view.rows[0].position + i &&
      todo !== undefined &&
      !row.pending &&
      row.title === todo.title &&
      row.completed === todo.completed
    );
  });
}

/**
 * The todos of `list` in the database, oldest first (ids are UUIDv7), read through the page's
 * client once the page has loaded the widget; a read, so it is retried across a hand-over of
 * the leader (idempotent).
 */
export async function storedTodos(page, list) {
  await page.waitForFunction(() => window.todoWidgetLoaded === true, undefined, { timeout: 90_000 });
  return page.evaluate(
    (list) =>
      window.todoWidget
        .getDatabaseClient()
        .query('select id, title, completed from todos where list = $1 order by position, id', [list], {
          idempotent: true,
        }),
    list,
  );
}

/**
 * Opens the host page at `url` in a new tab of `context` and waits for the widget's exports;
 * the tab's console errors, uncaught errors and failed requests go to `problems`.
 */
export async function openHostPage(context, url, problems, { timeout = 90_000 } = {}) {
  const page = await context.newPage();
  watchPage(page, problems);
  await page.goto(url, { timeout });
  await page.waitForFunction(() => window.todoWidgetLoaded === true, undefined, { timeout });
  return page;
}

/**
 * The titles of `list` read twice, once with only a sequential scan of the table allowed and
 * once with only an index scan: after a crash they differ when an index lost entries its
 * table kept (or the other way round). For failure reports.
 */
export const titlesByScan = (page, list) =>
  page.evaluate(async (list) => {
    const client = window.todoWidget.getDatabaseClient();
    const read = (settings) =>
      client.transaction(async (tx) => {
        for (const setting of settings) await tx.exec(`set local ${setting} = off`);
        const plan = await tx.query('explain select title from todos where list = $1 order by id', [list]);
        const rows = await tx.query('select title from todos where list = $1 order by id', [list]);
        return {
          plan: plan.rows.map((row) => row['QUERY PLAN']).join(' / '),
          titles: rows.rows.map((row) => row.title),
        };
      });
    const table = await read(['enable_indexscan', 'enable_indexonlyscan', 'enable_bitmapscan']);
    const index = await read(['enable_seqscan', 'enable_bitmapscan']);
    return { table, index };
  }, list);
