// Search is live across real tabs of one Chromium against the production build: a todo added,
// renamed or completed in one tab joins or leaves another tab's results at once (issue 19 §1).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';
import { openTab, waitForTitles, waitForWorking, waitUntil } from './support/tabs.mjs';
import { addTodo, todoItem, toggleTodo, writeSite } from './support/todo-page.mjs';

const LIST = 'search-tabs';
const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>search host</title>
    <link rel="icon" href="data:," />
    <script type="module">
      window.todoWidget = await import('/dist/todo-widget.js');
      window.todoWidgetLoaded = true;
    </script>
  </head>
  <body><todo-app list="${LIST}" searchable show-status></todo-app></body>
</html>
`;

let site;
let server;
let browser;
const problems = [];

const searchCount = (tab) =>
  tab
    .getByTestId('todo-search-count')
    .textContent()
    .then((text) => text.trim())
    .catch(() => undefined);
const waitForCount = (tab, text, message) =>
  waitUntil(
    () => searchCount(tab),
    (shown) => shown === text,
    message,
  );

describe('search across tabs', { concurrency: false }, () => {
  before(async () => {
    site = writeSite({ 'index.html': page });
    symlinkSync(resolve(process.env.E2E_DIST ?? 'dist'), join(site, 'dist'));
    server = await serveStatic({ root: site });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a todo added, renamed or completed in one tab joins or leaves the other tab's results at once", async () => {
    const searching = await openTab(browser.context, `${server.origin}/index.html`, problems);
    const writing = await openTab(browser.context, `${server.origin}/index.html`, problems);
    await Promise.all([waitForWorking(searching, 'tab 1 runs'), waitForWorking(writing, 'tab 2 runs')]);

    await addTodo(writing, 'Call mom');
    await waitForTitles(searching, ['Call mom'], 'tab 1 shows the first todo');
    await searching.getByRole('link', { name: 'Active' }).click();
    const field = searching.getByRole('searchbox', { name: 'Search todos' });
    await field.pressSequentially('mil');
    await waitForCount(searching, 'No todos match', 'nothing matches yet');

    let started = Date.now();
    await addTodo(writing, 'Buy milk');
    await waitForTitles(searching, ['Buy milk'], 'an add in tab 2 joins the results in tab 1');
    await waitForCount(searching, '1 match', 'the count follows');
    console.log(`# add in tab 2 -> in tab 1's results: ${Date.now() - started} ms (noisy)`);

    started = Date.now();
    await writing.bringToFront();
    const title = todoItem(writing, 'Call mom').getByTestId('todo-title');
    await title.dblclick();
    const edit = writing.getByRole('textbox', { name: 'Edit' });
    await edit.fill('Call mom about milk');
    await edit.press('Enter');
    await waitForTitles(searching, ['Buy milk', 'Call mom about milk'], 'a rename in tab 2 joins the results in tab 1');
    console.log(`# rename in tab 2 -> in tab 1's results: ${Date.now() - started} ms (noisy)`);
    assert.deepEqual(await searching.locator('mark').allTextContents(), ['milk', 'milk']);

    started = Date.now();
    await toggleTodo(writing, 'Buy milk');
    await waitForTitles(searching, ['Call mom about milk'], "a todo completed in tab 2 leaves tab 1's Active results");
    await waitForCount(searching, '1 match', 'the count follows');
    console.log(`# complete in tab 2 -> gone from tab 1's results: ${Date.now() - started} ms (noisy)`);

    await searching.bringToFront();
    await field.press('Escape');
    await waitForTitles(searching, ['Call mom about milk'], 'Escape shows the (Active) list again');
    assert.equal(await field.inputValue(), '');
    assert.equal(await searchCount(searching), undefined);
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  });
});
