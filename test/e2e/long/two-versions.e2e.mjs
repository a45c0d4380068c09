// Issue 17, failure mode 5: two different versions of the widget on one page (two
// micro-frontends, a deploy under way) each work. The first copy to load defines the elements;
// the newest copy serves them all (src/registry.ts, registerCopy). Before, whichever loaded first
// served both: once a newer version had upgraded the database, a page whose older copy loaded
// first said "please reload" forever, since a reload repeats the same order.
// Two real production builds: "previous" is this source built to know one migration fewer
// (VITE_TODO_WIDGET_MIGRATIONS), as in version-skew.e2e.mjs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hostPage } from '../support/host-page.mjs';
import { buildPreviousRelease } from '../support/previous-release.mjs';
import { distDir, useSite } from '../support/site.mjs';
import {
  DB_TIMEOUT,
  addTodo,
  deleteTodo,
  recordTodoEvents,
  todoItem,
  toggleTodo,
  waitForTodoEvent,
  writeSite,
} from '../support/todo-page.mjs';
import { openTab, waitForWorking } from '../support/tabs.mjs';

const LIST = 'two-versions';

/** A page that loads both copies, `first` then `second`, with <todo-app> in the page from the start. */
const bothCopies = (first, second) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>two versions: ${first} then ${second}</title>
    <link rel="icon" href="data:," />
    <script type="module">
      window.copies = {};
      window.copies.${first} = await import('/${first}/todo-widget.js');
      window.copies.${second} = await import('/${second}/todo-widget.js');
      window.todoWidget = window.copies.${first};
      window.todoWidgetLoaded = true;
    </script>
  </head>
  <body>
    <todo-app list="${LIST}" show-status></todo-app>
  </body>
</html>
`;

describe('two versions of the widget on one page (issue 17)', { timeout: 900_000 }, () => {
  let previousDist;
  const problems = [];
  const site = useSite({
    root: () => {
      previousDist = buildPreviousRelease();
      const dir = writeSite({
        'current.html': hostPage({ title: 'current only', list: LIST, bundle: '/current/todo-widget.js' }),
        'previous-first.html': bothCopies('previous', 'current'),
        'current-first.html': bothCopies('current', 'previous'),
      });
      symlinkSync(previousDist, join(dir, 'previous'));
      symlinkSync(distDir(), join(dir, 'current'));
      return dir;
    },
  });

  before(async () => {
    await recordTodoEvents(site.context);
  });

  after(() => {
    if (previousDist) rmSync(previousDist, { recursive: true, force: true });
  });

  it('a current tab creates the database with the newest schema', async () => {
    const page = await openTab(site.context, `${site.origin}/current.html`, problems);
    await waitForWorking(page, 'the current version opens the database');
    await addTodo(page, 'written by the current version');
    await waitForTodoEvent(page, 'todo-add', 'written by the current version');
    await page.close();
  });

  for (const [order, file] of [
    ['the older copy loads first (and defines the elements)', 'previous-first.html'],
    ['the newer copy loads first', 'current-first.html'],
  ]) {
    it(`${order}: the widget works, served by the newest copy, and both copies' APIs share its client`, async () => {
      // Every kind of write, not only adds: a newer copy that takes over must leave nothing of
      // the old one in use (before, changes and undo went on to the closed client).
      const page = await openTab(site.context, `${site.origin}/${file}`, problems);
      await waitForWorking(page, 'the widget on the two-version page works');
      await todoItem(page, 'written by the current version').waitFor({ timeout: DB_TIMEOUT });
      assert.equal(await page.getByTestId('reload-needed').count(), 0, 'no "please reload"');
      const title = `typed on ${file}`;
      await addTodo(page, title);
      await waitForTodoEvent(page, 'todo-add', title);
      await todoItem(page, title).waitFor({ timeout: DB_TIMEOUT });
      await toggleTodo(page, title);
      await waitForTodoEvent(page, 'todo-toggle', title);
      const renamed = `${title}, renamed`;
      await todoItem(page, title).getByTestId('todo-title').dblclick();
      await page.getByRole('textbox', { name: 'Edit' }).fill(renamed);
      await page.getByRole('textbox', { name: 'Edit' }).press('Enter');
      await waitForTodoEvent(page, 'todo-rename', renamed);
      await deleteTodo(page, renamed);
      await page.waitForFunction(() => window.__todoEvents.some((event) => event.type === 'todo-remove'), undefined, {
        timeout: DB_TIMEOUT,
      });
      await todoItem(page, renamed).waitFor({ state: 'detached', timeout: DB_TIMEOUT });
      await page.getByTestId('undo-status').getByRole('button', { name: 'Undo' }).click();
      await todoItem(page, renamed).waitFor({ timeout: DB_TIMEOUT });
      const clients = await page.evaluate(() => {
        const previous = window.copies.previous.getDatabaseClient();
        const current = window.copies.current.getDatabaseClient();
        return { same: previous === current, ready: current.ready, outdated: Boolean(current.schemaTooNew) };
      });
      assert.deepEqual(clients, { same: true, ready: true, outdated: false });
      const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('no page error, no failed request', () => {
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('console.error')),
      [],
    );
  });
});
