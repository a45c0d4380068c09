// What a tab shows and what its database holds, read in the page, for tests that compare
// both with what they expect (the model check, the crash test).
import { watchPage } from './browser.mjs';

/**
 * What a tab shows: every rendered row (title, checkbox, pending), whether the list has
 * loaded, and the footer's counter.
 */
export const viewOf = (page) =>
  page.evaluate(() => {
    const app = document.querySelector('todo-app');
    const list = app?.shadowRoot?.querySelector('todo-list');
    const section = list?.shadowRoot?.querySelector('section.main');
    const rows = [...(list?.shadowRoot?.querySelectorAll('todo-item') ?? [])].map((item) => ({
      title: item.shadowRoot.querySelector('[data-testid="todo-title"]')?.textContent ?? null,
      completed: item.shadowRoot.querySelector('input.toggle')?.checked ?? null,
      pending: item.hasAttribute('pending'),
    }));
    const footer = app?.shadowRoot?.querySelector('todo-footer');
    const counter = footer && !footer.hidden ? footer.shadowRoot.querySelector('[data-testid="todo-count"]')?.textContent.trim() : null;
    return { loaded: section?.getAttribute('aria-busy') === 'false', rows, counter };
  });

/** The todos of `list` in the database, oldest first (ids are UUIDv7), read through the page's client. */
export const storedTodos = (page, list) =>
  page.evaluate(
    (list) => window.todoWidget.getDatabaseClient().query('select id, title, completed from todos where list = $1 order by id', [list]),
    list,
  );

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
