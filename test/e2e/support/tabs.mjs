// Helpers for tests with several tabs of one site: open a tab on the host page, read what
// the widget's status line and list show, wait for a state with a bound and a clear message.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchPage } from './browser.mjs';
import { DB_TIMEOUT } from './todo-page.mjs';

/** Opens `url` in a new tab of `context` and waits until the bundle's exports are on window. */
export async function openTab(context, url, problems) {
  const page = await context.newPage();
  if (problems) watchPage(page, problems);
  await page.goto(url);
  await page.waitForFunction(() => window.todoWidgetLoaded === true);
  return page;
}

/** The status line's `data-role` ('starting', 'leader', 'follower', 'failed', …) and text. */
export const statusOf = (page) =>
  page
    .getByTestId('db-status')
    .evaluate((element) => ({ role: element.dataset.role, text: element.textContent.replace(/\s+/g, ' ').trim() }))
    .catch((error) => ({ role: undefined, text: `no status line: ${error.message.split('\n')[0]}` }));

/** Polls `read()` every 100 ms until `done(value)`; fails after `timeout` ms with `message` and the last value. */
export async function waitUntil(read, done, message, timeout = DB_TIMEOUT) {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return { value, elapsedMs: Date.now() - started };
    if (Date.now() - started > timeout)
      assert.fail(`${message} (within ${timeout} ms); last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the status line says the tab leads or follows (a working database). */
export const waitForWorking = (page, message, timeout = DB_TIMEOUT) =>
  waitUntil(
    () => statusOf(page),
    (status) => status.role === 'leader' || status.role === 'follower',
    message,
    timeout,
  );

/** The titles the tab's list shows, in order. */
export const shownTitles = (page) => page.getByTestId('todo-title').allTextContents();

/** Waits until the tab shows exactly `titles` (in any order). */
export const waitForTitles = (page, titles, message, timeout = DB_TIMEOUT) =>
  waitUntil(
    () => shownTitles(page).catch(() => []),
    (shown) => shown.length === titles.length && [...shown].sort().join('\n') === [...titles].sort().join('\n'),
    message,
    timeout,
  );

/** Whether the tab's client says it runs the database (public API, unchanged by issue 14). */
export const isLeader = (page) =>
  page.evaluate(() => window.todoWidget.getDatabaseClient().isLeader).catch(() => false);

/** Titles stored in `list`, through the tab's client. */
export const storedTitles = (page, list) =>
  page.evaluate(
    async (list) =>
      (
        await window.todoWidget
          .getDatabaseClient()
          .query('select title from todos where list = $1 order by title', [list])
      ).map((row) => row.title),
    list,
  );

/**
 * The files of the built widget that make up PGlite's engine: every `.wasm` and `.data` under
 * `assets/`, and the JS chunks that load them (those whose text names one of them).
 * @returns {string[]} request paths, e.g. `/dist/assets/pglite-….wasm`
 */
export function engineAssets(dist, prefix = '/dist/assets/') {
  const names = readdirSync(join(dist, 'assets'));
  const binaries = names.filter((name) => /\.(wasm|data)$/.test(name));
  const loaders = names.filter(
    (name) =>
      name.endsWith('.js') &&
      binaries.some((binary) => readFileSync(join(dist, 'assets', name), 'utf8').includes(binary)),
  );
  return [...binaries, ...loaders].map((name) => prefix + name);
}
