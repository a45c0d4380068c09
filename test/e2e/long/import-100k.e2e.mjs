// Long (npm run test:long): an import of 100,000 todos in the real browser while the same tab is
// used (issue 29): the import commits, an add and a tick made meanwhile are saved, none fails.
// Production build. The short export/import round trip is test/e2e/export-import.e2e.mjs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSite } from '../support/site.mjs';
import { openTab, waitForWorking, waitUntil } from '../support/tabs.mjs';
import { addTodo, toggleTodo, todoItem } from '../support/todo-page.mjs';
import { importFile, transferMessage as message, transferPage } from '../support/transfer.mjs';

const BIG_LIST = 'transfer-big';
/** The size issue 29 asks an import to handle while the same tab is used. */
const BIG = 100_000;
const problems = [];

describe('a big import in the browser', { concurrency: false }, () => {
  const site = useSite({ files: { 'big.html': transferPage(BIG_LIST) } });

  it('imports 100,000 todos while the same tab adds and ticks: the import commits, the add and the tick are saved, none fails', async () => {
    const tab = await openTab(site.context, `${site.origin}/big.html`, problems);
    await waitForWorking(tab, 'the tab runs');
    await tab.evaluate((list) => window.todoWidget.getTodoRepository().addMany(['tick me'], list), BIG_LIST);
    await todoItem(tab, 'tick me').waitFor();
    const path = join(site.dir, 'big.json');
    const todos = Array.from({ length: BIG }, (_, i) => ({
      id: `0190cccc-0000-7000-8000-${String(i).padStart(12, '0')}`,
      title: `imported ${i}`,
      completed: i % 3 === 0,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      dueAt: null,
    }));
    writeFileSync(path, JSON.stringify({ format: 'todo-widget', version: 1, todos }));

    const started = Date.now();
    await importFile(tab, path);
    const progress = tab.getByRole('progressbar', { name: 'Import progress' });
    await progress.waitFor({ timeout: 60_000 });
    // While it runs, the user goes on using the same tab.
    await addTodo(tab, 'typed during the import');
    await toggleTodo(tab, 'tick me');
    const { elapsedMs } = await waitUntil(
      () => message(tab),
      (text) => text.startsWith('Imported') || text.startsWith('Nothing was imported'),
      'the import ends',
      600_000,
    );
    const importMs = Date.now() - started;
    assert.match(await message(tab), /^Imported: 100,?000 added, 0 updated, 0 unchanged\.$/);
    assert.equal(await progress.count(), 0, 'the progress bar is gone');
    const stored = await tab.evaluate(
      (list) =>
        window.todoWidget
          .getDatabaseClient()
          .query(
            "select count(*)::int as total, count(*) filter (where title = 'tick me' and completed)::int as ticked, count(*) filter (where title = 'typed during the import')::int as typed from todos where list = $1",
            [list],
          ),
      BIG_LIST,
    );
    assert.deepEqual(stored, [{ total: BIG + 2, ticked: 1, typed: 1 }]);
    assert.equal(await tab.locator('todo-item[failed]').count(), 0, 'no row is marked failed');
    console.log(`# import of ${BIG} todos with concurrent use: ${importMs} ms (message after ${elapsedMs} ms)`);
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
    await tab.close();
  });
});
