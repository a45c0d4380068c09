// Helpers for driving <todo-app> like a user in end-to-end tests. Playwright's locators
// pierce open shadow roots, so roles and test ids inside the widget are found directly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh PGlite takes 3–13 s here; everything that waits for the database gets this long. */
export const DB_TIMEOUT = 90_000;

/** The widget events a host page can listen to, recorded on `window.__todoEvents` for assertions. */
export const RECORDED_EVENTS = ['todo-add', 'todo-toggle', 'todo-rename', 'todo-remove', 'todo-error'];

/** Records every todo-* event that reaches `document`, in every page of `context`, from the first script on. */
export async function recordTodoEvents(context) {
  await context.addInitScript((types) => {
    window.__todoEvents = [];
    for (const type of types) {
      document.addEventListener(type, (event) => {
        const { todo, ids, error, list } = event.detail ?? {};
        window.__todoEvents.push({
          type,
          list,
          title: todo?.title,
          completed: todo?.completed,
          ids,
          error: error ? `${error.name}: ${error.message}` : undefined,
        });
      });
    }
  }, RECORDED_EVENTS);
}

/** Resolves once the page has recorded an event of `type` (optionally for `title`), returning it. */
export async function waitForTodoEvent(page, type, title, timeout = DB_TIMEOUT) {
  const handle = await page.waitForFunction(
    ([type, title]) =>
      window.__todoEvents?.find((event) => event.type === type && (title === undefined || event.title === title)),
    [type, title],
    { timeout },
  );
  return handle.jsonValue();
}

/** Types a title into the new-todo field of `scope` (a page or a locator) and presses Enter. */
export async function addTodo(scope, title) {
  const input = scope.getByRole('textbox', { name: 'New todo' });
  await input.fill(title);
  await input.press('Enter');
}

/** The row of the todo titled `title` inside `scope`. */
export function todoItem(scope, title) {
  return scope.getByTestId('todo-item').filter({ hasText: title });
}

/** Clicks a row's checkbox. */
export async function toggleTodo(scope, title) {
  await todoItem(scope, title).getByRole('checkbox', { name: 'Toggle Todo' }).click();
}

/** Hovers a row (the delete button only shows on hover) and clicks Delete. */
export async function deleteTodo(scope, title) {
  const row = todoItem(scope, title);
  await row.hover();
  await row.getByRole('button', { name: 'Delete' }).click();
}

/** Writes `files` (name → text) to a new temporary folder, for host pages served by serveStatic. */
export function writeSite(files, dir = mkdtempSync(join(tmpdir(), 'todo-site-'))) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/**
 * Waits until the list in `scope` shows its live rows. Rows on screen alone do not say so: a
 * warm start paints the rows of the window snapshot before the database runs (`aria-busy`
 * stays "true" until the live rows are in).
 */
export async function waitForLiveList(scope, timeout = DB_TIMEOUT) {
  await scope.locator('section.main[aria-busy="false"]').first().waitFor({ timeout });
}
