// What each framework demo (demo/react, demo/vue, demo/svelte) must do wherever it was built from:
// the framework sets `list` and `showStatus` on <todo-app>, receives its events, and changes the list.
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { DB_TIMEOUT, addTodo, todoItem, toggleTodo, waitForTodoEvent } from './todo-page.mjs';

export const FRAMEWORK_DEMOS = [
  { name: 'React', path: '/demo/react/', list: 'react', otherList: 'react-errands' },
  { name: 'Vue', path: '/demo/vue/', list: 'vue', otherList: 'vue-errands' },
  { name: 'Svelte', path: '/demo/svelte/', list: 'svelte', otherList: 'svelte-errands' },
];

/** Adds and toggles a todo in the demo at `origin + demo.path` and checks what reached the framework. */
export async function checkFrameworkDemo(context, origin, { name, path, list, otherList }) {
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${origin}${path}`);

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
}
