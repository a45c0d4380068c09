import { launchBrowser, watchPage } from './test/e2e/support/browser.mjs';
import { serveStatic } from './test/e2e/support/static-server.mjs';
import { addTodo, recordTodoEvents, todoItem, waitForTodoEvent } from './test/e2e/support/todo-page.mjs';
const site = await serveStatic({ root: process.argv[2] });
const browser = await launchBrowser();
await recordTodoEvents(browser.context);
const page = await browser.context.newPage();
const problems = watchPage(page);
await page.goto(`${site.origin}/`);
const t0 = Date.now();
try {
  await addTodo(page, 'hello');
  await waitForTodoEvent(page, 'todo-add', 'hello', 60000);
  console.log('added in', Date.now() - t0, 'ms; workers', page.workers().map((w) => w.url()));
} catch (e) { console.log('FAIL', e.message); }
console.log(problems, site.requests);
await browser.close(); await site.close();
