// Issue 17, right-to-left, on the production build embedded as README.md says: dist/ on an asset
// host (another origin, CORS) and host pages with the strict Content-Security-Policy, one
// <html lang="en"> and one <html lang="ar" dir="rtl">. Todos are added and ticked through the UI,
// by their translated names. Saves a screenshot of each page to test-results/right-to-left/ for a
// person to look at, and asserts geometry rather than pixels: in Arabic the row's checkbox is at
// the right, the title to its left, the delete button further left, and the footer starts at the
// right with the counter. The Arabic catalogue is a lazy chunk: it must load from the asset host
// under that policy, with no error or CSP violation on the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { watchPage } from '../support/browser.mjs';
import { distDir, useSite } from '../support/site.mjs';
import { embedPage, strictCsp } from '../support/embed-site.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { writeSite } from '../support/todo-page.mjs';
import { waitForTitles } from '../support/tabs.mjs';

const OUT = resolve('test-results/right-to-left');
const TITLES = ['شراء الحليب', 'Call Mum'];

const PAGES = [
  {
    lang: 'en',
    dir: 'ltr',
    field: 'New todo',
    checkbox: 'Toggle Todo',
    counter: '1 item left',
    clear: 'Clear completed',
  },
  {
    lang: 'ar',
    dir: 'rtl',
    field: 'مهمة جديدة',
    checkbox: 'تبديل حالة المهمة',
    counter: 'مهمة واحدة متبقية',
    clear: 'مسح المكتملة',
  },
];

describe('right to left (issue 17)', { timeout: 600_000 }, () => {
  let site;
  // The asset host (the site useSite serves) holds the build under /todo-widget/.
  const cdn = useSite({
    root: () => {
      const dir = mkdtempSync(join(tmpdir(), 'todo-cdn-'));
      symlinkSync(distDir(), join(dir, 'todo-widget'), 'dir');
      return dir;
    },
    serve: { host: '127.0.0.1', cors: true },
  });

  before(async () => {
    const snippet = embedPage(`${cdn.origin}/todo-widget/todo-widget.js`);
    const pages = Object.fromEntries(
      PAGES.map(({ lang, dir }) => [
        `${lang}.html`,
        snippet
          .replace('<html lang="en">', `<html lang="${lang}" dir="${dir}">`)
          .replace('<todo-app>', `<todo-app list="${lang}">`),
      ]),
    );
    site = await serveStatic({
      root: writeSite(pages),
      host: 'localhost',
      headers: { 'Content-Security-Policy': strictCsp(cdn.origin) },
    });
    mkdirSync(OUT, { recursive: true });
  });

  after(async () => {
    await site?.close();
    if (cdn.dir) rmSync(cdn.dir, { recursive: true, force: true });
  });

  for (const { lang, dir, field, checkbox, counter, clear } of PAGES) {
    it(`${lang}: laid out ${dir}, screenshot saved`, async () => {
      const tab = await cdn.context.newPage();
      const problems = watchPage(tab);
      await tab.goto(`${site.origin}/${lang}.html`);
      const input = tab.getByRole('textbox', { name: field });
      for (const title of TITLES) {
        await input.fill(title);
        await input.press('Enter');
      }
      await waitForTitles(tab, TITLES, 'both todos shown');
      const rows = tab.getByTestId('todo-item');
      await rows.filter({ hasText: TITLES[0] }).getByRole('checkbox', { name: checkbox }).click();
      await tab.getByTestId('todo-count').filter({ hasText: counter }).waitFor({ timeout: 30_000 });
      await tab.getByRole('button', { name: clear }).waitFor();
      await tab.screenshot({ path: join(OUT, `${lang}-${dir}.png`) });

      const row = rows.filter({ hasText: TITLES[1] });
      const [toggle, title, remove] = await Promise.all([
        row.getByRole('checkbox', { name: checkbox }).boundingBox(),
        row.getByTestId('todo-title').boundingBox(),
        row.getByRole('button').boundingBox(),
      ]);
      const forward = dir === 'ltr' ? 1 : -1;
      const centre = (box) => box.x + box.width / 2;
      assert.equal(Math.sign(centre(title) - centre(toggle)), forward, `the title comes after the checkbox (${dir})`);
      assert.equal(
        Math.sign(centre(remove) - centre(title)),
        forward,
        `the delete button comes after the title (${dir})`,
      );
      const [count, clearButton] = await Promise.all([
        tab.getByTestId('todo-count').boundingBox(),
        tab.getByRole('button', { name: clear }).boundingBox(),
      ]);
      assert.equal(Math.sign(centre(clearButton) - centre(count)), forward, 'the footer starts with the counter');
      const decoration = await rows
        .filter({ hasText: TITLES[0] })
        .getByTestId('todo-title')
        .evaluate((element) => getComputedStyle(element).textDecorationLine);
      assert.equal(decoration, 'line-through', 'a done todo is struck through');
      assert.deepEqual(problems, [], 'no error or CSP violation on the page');
      await tab.close();
    });
  }
});
