// Issue 17, "Nothing typed is lost": todos typed while the database is still starting (a first
// visit takes 5–9 s here) are kept in the browser before they are shown, and whichever tab opens
// the database next saves them, once, even though the tab that took them was closed. Where the
// browser will not keep them (site storage full), closing the tab asks the "Leave site?" question.
// Real tabs of Debian's Chromium, production build.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser } from './support/browser.mjs';
import { hostPage } from './support/host-page.mjs';
import { serveStatic } from './support/static-server.mjs';
import { addTodo, writeSite } from './support/todo-page.mjs';
import { openTab, statusOf, storedTitles, waitForTitles, waitForWorking } from './support/tabs.mjs';

describe('todos typed before the database is ready (issue 17)', { timeout: 600_000 }, () => {
  let server;

  before(async () => {
    const site = writeSite({
      'index.html': hostPage({ title: 'nothing lost', list: 'typed-early' }),
      'full.html': hostPage({ title: 'storage full', list: 'typed-early' }),
    });
    symlinkSync(resolve(process.env.E2E_DIST ?? 'dist'), join(site, 'dist'));
    server = await serveStatic({ root: site });
  });

  after(async () => {
    await server?.close();
  });

  it('typed during a first visit, the tab closed before the database started: the next tab shows them, once', async () => {
    const browser = await launchBrowser();
    try {
      const url = `${server.origin}/index.html`;
      const first = await openTab(browser.context, url);
      const titles = ['typed while starting one', 'typed while starting two'];
      for (const title of titles) await addTodo(first, title);
      await waitForTitles(first, titles, 'the first tab shows both as pending', 10_000);
      const { role } = await statusOf(first);
      assert.equal(
        role,
        'starting',
        'the todos were typed before the database was ready (else this test proves nothing)',
      );
      await first.close();

      const second = await openTab(browser.context, url);
      await waitForWorking(second, 'the second tab opens the database');
      await waitForTitles(second, titles, 'the second tab shows the todos typed in the closed one');
      // Exactly once each, in the database itself, after everything has settled.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.deepEqual(await storedTitles(second, 'typed-early'), [...titles].sort());
      const third = await openTab(browser.context, url);
      await waitForWorking(third, 'a third tab joins');
      await waitForTitles(third, titles, 'a third tab replays nothing twice');
      assert.deepEqual(await storedTitles(third, 'typed-early'), [...titles].sort());
    } finally {
      await browser.close();
    }
  });

  it('when the browser cannot keep them (storage full), closing the tab asks "Leave site?" first', async () => {
    const browser = await launchBrowser();
    try {
      const page = await openTab(browser.context, `${server.origin}/full.html`);
      // Fill the origin's localStorage to the last character, as a host page's own data may.
      const filled = await page.evaluate(() => {
        let index = 0;
        for (let size = 512 * 1024; size >= 1; size = Math.floor(size / 2)) {
          const chunk = 'x'.repeat(size);
          try {
            for (;;) localStorage.setItem(`h${index++}`, chunk);
          } catch {
            // Full at this size: go on with smaller pieces.
          }
        }
        return index;
      });
      assert.ok(filled > 0, 'localStorage is full');
      await addTodo(page, 'cannot be kept');
      assert.equal((await statusOf(page)).role, 'starting', 'typed before the database was ready');
      const dialogs = [];
      let answered;
      const asked = new Promise((resolve) => (answered = resolve));
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.type());
        answered(dialog.type());
        await dialog.dismiss(); // stay on the page
      });
      await page.close({ runBeforeUnload: true });
      assert.equal(
        await Promise.race([asked, new Promise((resolve) => setTimeout(() => resolve('no dialog'), 5_000))]),
        'beforeunload',
      );
      assert.equal(page.isClosed(), false, 'the user chose to stay: the tab is still open');
      await waitForWorking(page, 'the database starts');
      await waitForTitles(page, ['cannot be kept'], 'the todo is saved after all');
      // Saved: nothing left to lose, so closing no longer asks.
      await page.waitForFunction(
        () =>
          !document
            .querySelector('todo-app')
            ?.shadowRoot?.querySelector('todo-list')
            ?.shadowRoot?.querySelector('todo-item[pending]'),
      );
      dialogs.length = 0;
      await page.close({ runBeforeUnload: true });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.deepEqual(dialogs, [], 'no question once the todo is saved');
    } finally {
      await browser.close();
    }
  });
});
