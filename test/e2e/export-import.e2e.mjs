// Export and import through the real browser: the download a user gets, the file chooser a user
// picks from, and the imported todos live in another tab (issue 19 §4). Production build.
// The import of 100,000 todos while the tab is used is long: test/e2e/long/import-100k.e2e.mjs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite } from './support/site.mjs';
import { openTab, waitForTitles, waitForWorking, waitUntil } from './support/tabs.mjs';
import { download, importFile, transferMessage as message, transferPage } from './support/transfer.mjs';

const LIST = 'transfer-tabs';
const TITLES = [
  'Buy milk',
  'comma, "quotes"\nand a new line',
  '=HYPERLINK("http://evil")',
  '<img src=x onerror="window.__pwned=1">',
];

const problems = [];

describe('export and import in the browser', { concurrency: false }, () => {
  const site = useSite({ files: { 'index.html': transferPage(LIST) } });

  it('downloads todos-<list>.json and .csv, and a re-import restores the list live in another tab', async () => {
    const one = await openTab(site.context, `${site.origin}/index.html`, problems);
    const two = await openTab(site.context, `${site.origin}/index.html`, problems);
    await Promise.all([waitForWorking(one, 'tab 1 runs'), waitForWorking(two, 'tab 2 runs')]);
    await one.evaluate(([list, titles]) => window.todoWidget.getTodoRepository().addMany(titles, list), [LIST, TITLES]);
    await waitForTitles(two, TITLES, 'tab 2 shows the todos');

    const json = await download(one, 'Export');
    assert.equal(json.name, `todos-${LIST}.json`);
    const document = JSON.parse(json.text);
    assert.equal(document.format, 'todo-widget');
    assert.equal(document.version, 1);
    assert.equal(document.list, LIST);
    assert.deepEqual(
      document.todos.map((todo) => todo.title),
      TITLES,
    );
    assert.deepEqual(Object.keys(document.todos[0]).sort(), [
      'completed',
      'createdAt',
      'dueAt',
      'id',
      'order',
      'title',
      'updatedAt',
    ]);
    const csv = await download(one, 'Export CSV');
    assert.equal(csv.name, `todos-${LIST}.csv`);
    // A UTF-8 byte order mark first: Excel on Windows reads the titles as UTF-8 then.
    assert.match(csv.text, /^\uFEFFid,title,completed,createdAt,updatedAt,dueAt\r\n/);
    assert.match(csv.text, /,"'=HYPERLINK\(""http:\/\/evil""\)",false,/, 'a formula is defused with an apostrophe');

    // The list is emptied, then restored from the file by a user in tab 1; tab 2 sees it live.
    await one.evaluate(
      (list) =>
        window.todoWidget
          .getTodoRepository()
          .importTodos(list, { format: 'todo-widget', version: 1, todos: [] }, { mode: 'replace' }),
      LIST,
    );
    await waitForTitles(two, [], 'tab 2 shows the list emptied');
    const jsonPath = join(site.dir, 'restore.json');
    const csvPath = join(site.dir, 'restore.csv');
    writeFileSync(jsonPath, json.text);
    writeFileSync(csvPath, csv.text);
    await importFile(one, jsonPath);
    await waitUntil(
      () => message(one),
      (text) => text === 'Imported: 4 added, 0 updated, 0 unchanged.',
      'tab 1 says what the import did',
    );
    await waitForTitles(two, TITLES, 'tab 2 shows the restored todos live');
    const restored = await one.evaluate((list) => window.todoWidget.getTodoRepository().exportTodos(list), LIST);
    assert.deepEqual(restored.todos, document.todos, 'ids, titles, flags, times and order as exported');

    // The CSV of the same list changes nothing.
    await importFile(one, csvPath);
    await waitUntil(
      () => message(one),
      (text) => text === 'Imported: 0 added, 0 updated, 4 unchanged.',
      'the CSV holds the same todos',
    );
    assert.equal(await one.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  });
});
