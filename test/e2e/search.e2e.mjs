// Search is live across real tabs of one Chromium against the production build: a todo added,
// renamed or completed in one tab joins or leaves another tab's results at once (issue 19 §1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { isLeader, openTab, waitForTitles, waitForWorking, waitUntil } from './support/tabs.mjs';
import { addTodo, todoItem, toggleTodo } from './support/todo-page.mjs';

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
  const site = useSite({ files: { 'index.html': page } });

  it("a todo added, renamed or completed in one tab joins or leaves the other tab's results at once", async () => {
    const searching = await openTab(site.context, `${site.origin}/index.html`, problems);
    const writing = await openTab(site.context, `${site.origin}/index.html`, problems);
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

  it('a backslash typed into the search field searches, and live queries whose first read fails leave nothing on the leader', async () => {
    const url = `${site.origin}/index.html`;
    const tabs = [await openTab(site.context, url), await openTab(site.context, url)];
    await Promise.all(tabs.map((tab, i) => waitForWorking(tab, `tab ${i + 1} runs`)));
    // The tabs of the test before are still open: the leader may be any tab of the site.
    const pages = site.context.pages();
    const flags = await Promise.all(pages.map((page) => isLeader(page)));
    const leader = pages[flags.indexOf(true)];
    const follower = tabs.find((tab) => tab !== leader);
    assert.ok(leader && follower, 'one tab leads, one of the new ones follows');
    /** The leader's live queries, from the diagnostics of the worker that runs the engine. */
    const liveQueryCount = async () => {
      for (const worker of leader.workers()) {
        const count = await worker
          .evaluate(() => globalThis.todoWidgetDiagnostics?.liveQueryCount?.())
          .catch(() => undefined);
        if (typeof count === 'number') return count;
      }
      return undefined;
    };
    await follower.evaluate(
      (list) => window.todoWidget.getTodoRepository().addMany(['Back up C:\\Users', 'foo\\bar'], list),
      LIST,
    );
    await follower.bringToFront();
    await waitUntil(liveQueryCount, (count) => typeof count === 'number', 'the leader publishes its live query count');
    const baseline = await liveQueryCount();

    const field = follower.getByRole('searchbox', { name: 'Search todos' });
    await field.pressSequentially('C:\\Users');
    await waitForTitles(follower, ['Back up C:\\Users'], 'the search finds the todo with the backslash');
    await waitForCount(follower, '1 match', 'the count follows');
    assert.equal(await follower.getByText(/could not be loaded/).count(), 0, 'no error shown while typing');
    await field.press('Escape');
    await waitUntil(
      liveQueryCount,
      (count) => count === baseline,
      "the search's live queries are gone from the leader",
    );

    // Live queries of the follower whose first read fails: each refused, none left on the leader.
    const refused = await follower.evaluate(async () => {
      const client = window.todoWidget.getDatabaseClient();
      const results = [];
      for (let i = 0; i < 5; i++)
        results.push(
          await client
            .liveQuery(`select * from no_such_table_${i}`, [], () => undefined)
            .then(
              () => 'subscribed',
              (error) => error.name,
            ),
        );
      return results;
    });
    assert.deepEqual(refused, Array(5).fill('QueryError'));
    await waitUntil(
      liveQueryCount,
      (count) => count === baseline,
      'the failed live queries are gone from the leader',
      10_000,
    );
    for (const tab of tabs) await tab.close();
  });
});
