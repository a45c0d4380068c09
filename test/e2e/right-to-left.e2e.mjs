// Issue 17, right-to-left: the production build on an English page and on an Arabic right-to-left
// page (<html lang="ar" dir="rtl">). Saves a screenshot of each to test-results/right-to-left/
// for a person to look at, and asserts the geometry rather than pixels: in Arabic the row's
// checkbox is at the right, the title to its left, the delete button further left; the footer
// starts at the right with the counter. Also shows the Arabic catalogue, a lazy chunk, loads from
// dist/ next to the bundle and the page reports no error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, watchPage } from './support/browser.mjs';
import { hostPage } from './support/host-page.mjs';
import { serveStatic } from './support/static-server.mjs';
import { writeSite } from './support/todo-page.mjs';
import { openTab, waitForTitles, waitForWorking } from './support/tabs.mjs';

const OUT = resolve('test-results/right-to-left');
const TITLES = ['شراء الحليب', 'Call Mum'];

/** The host page in `lang` and `dir`: the shared host page with its <html> attributes changed. */
const page = (lang, dir) =>
  hostPage({ title: `${lang} ${dir}`, list: `rtl-${lang}` }).replace('<html lang="en">', `<html lang="${lang}" dir="${dir}">`);

describe('right to left (issue 17)', { timeout: 600_000 }, () => {
  let browser;
  let server;

  before(async () => {
    const site = writeSite({ 'en.html': page('en', 'ltr'), 'ar.html': page('ar', 'rtl') });
    symlinkSync(resolve(process.env.E2E_DIST ?? 'dist'), join(site, 'dist'));
    server = await serveStatic({ root: site });
    browser = await launchBrowser();
    mkdirSync(OUT, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [lang, dir, counter, checkbox] of [
    ['en', 'ltr', '1 item left', 'Toggle Todo'],
    ['ar', 'rtl', 'مهمة واحدة متبقية', 'تبديل حالة المهمة'],
  ]) {
    it(`${lang}: mirrored as ${dir} asks, screenshot saved`, async () => {
      const problems = [];
      const tab = await openTab(browser.context, `${server.origin}/${lang}.html`, problems);
      await waitForWorking(tab, 'the database runs');
      await tab.evaluate(async ([list, titles]) => {
        const repository = window.todoWidget.getTodoRepository();
        const [first] = await repository.addMany(titles, list);
        await repository.setCompleted(first.id, true);
      }, [`rtl-${lang}`, TITLES]);
      await waitForTitles(tab, TITLES, 'both todos shown');
      await tab.getByTestId('todo-count').filter({ hasText: counter }).waitFor({ timeout: 30_000 });
      await tab.screenshot({ path: join(OUT, `${lang}-${dir}.png`) });

      const row = tab.getByTestId('todo-item').filter({ hasText: TITLES[1] });
      const [toggle, title, remove] = await Promise.all([
        row.getByRole('checkbox', { name: checkbox }).boundingBox(),
        row.getByTestId('todo-title').boundingBox(),
        row.getByRole('button').boundingBox(),
      ]);
      const forward = dir === 'ltr' ? 1 : -1;
      const centre = (box) => box.x + box.width / 2;
      assert.equal(Math.sign(centre(title) - centre(toggle)), forward, `the title comes after the checkbox (${dir})`);
      assert.equal(Math.sign(centre(remove) - centre(title)), forward, `the delete button comes after the title (${dir})`);
      const [count, clear] = await Promise.all([
        tab.getByTestId('todo-count').boundingBox(),
        tab.locator('todo-footer').locator('[part="clear-button"]').boundingBox(),
      ]);
      assert.equal(Math.sign(centre(clear) - centre(count)), forward, 'the footer starts with the counter');
      const decoration = await tab
        .getByTestId('todo-item')
        .filter({ hasText: TITLES[0] })
        .getByTestId('todo-title')
        .evaluate((element) => getComputedStyle(element).textDecorationLine);
      assert.equal(decoration, 'line-through', 'a done todo is struck through');
      assert.deepEqual(problems, [], 'no error on the page');
      await tab.close();
    });
  }
});
