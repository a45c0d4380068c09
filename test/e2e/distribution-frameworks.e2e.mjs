// The React 19, Vue 3 and Svelte 5 demos (demo/react, demo/vue, demo/svelte), built with Vite (`npm run build:demo`):
// the host framework sets attributes/properties on <todo-app> and receives its events.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, watchPage } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, todoItem, toggleTodo, waitForTodoEvent } from './support/todo-page.mjs';

const distDemo = resolve('dist-demo');

describe('framework demos', { timeout: 600_000 }, () => {
  let browser;
  let site;

  before(async () => {
    assert.ok(
      existsSync(join(distDemo, 'demo', 'react', 'index.html')),
      'dist-demo/ is missing: run `npm run build:demo` first',
    );
    site = await serveStatic({ root: distDemo, host: '127.0.0.1' });
    browser = await launchBrowser();
    await recordTodoEvents(browser.context);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const { name, path, list, otherList } of [
    { name: 'React', path: '/demo/react/', list: 'react', otherList: 'react-errands' },
    { name: 'Vue', path: '/demo/vue/', list: 'vue', otherList: 'vue-errands' },
    { name: 'Svelte', path: '/demo/svelte/', list: 'svelte', otherList: 'svelte-errands' },
  ]) {
    it(`${name}: adding and toggling a todo reaches the ${name} host as events`, async () => {
      const page = await browser.context.newPage();
      const problems = watchPage(page);
      await page.goto(`${site.origin}${path}`);

      // Set by the framework: `list` (property, reflected) and `showStatus` (property, reflected).
      const app = page.locator(`todo-app[list="${list}"]`);
      await app.waitFor();
      await page.locator('todo-app[show-status]').waitFor();
      await app.getByTestId('db-status').waitFor();

      const title = `Ship the ${name} demo`;
      await addTodo(app, title);
      await page
        .getByTestId('host-event')
        .filter({ hasText: `todo-add: ${title} (completed: false, list: ${list})` })
        .waitFor({ timeout: DB_TIMEOUT });

      await toggleTodo(app, title);
      await page
        .getByTestId('host-event')
        .filter({ hasText: `todo-toggle: ${title} (completed: true, list: ${list})` })
        .waitFor({ timeout: DB_TIMEOUT });
      await waitForTodoEvent(page, 'todo-toggle', title);

      // The framework changes the list: the widget follows.
      await page.getByRole('combobox', { name: 'List' }).selectOption(otherList);
      await page.locator(`todo-app[list="${otherList}"]`).waitFor();
      await todoItem(page, title).waitFor({ state: 'detached', timeout: DB_TIMEOUT });
      await page.getByRole('combobox', { name: 'List' }).selectOption(list);
      await todoItem(page, title).waitFor({ timeout: DB_TIMEOUT });

      assert.equal(await page.getByTestId('host-event').count(), 2, 'exactly one add and one toggle reached the host');
      const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
      assert.deepEqual(errors, []);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
