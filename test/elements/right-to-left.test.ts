import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { deepQuery, deepQueryAll, expectTitles, focusOn, settled, uniqueList } from './helpers';

configure({ database: `test-rtl-${Date.now()}` });

const box = (element: Element) => element.getBoundingClientRect();
const centre = (element: Element) => box(element).left + box(element).width / 2;

/** An app on a page with `lang` and `dir`, its rows "done" (completed) and "open", everything drawn. */
async function page(lang: string, dir: 'ltr' | 'rtl'): Promise<TodoApp> {
  const list = uniqueList(lang);
  const repository = getTodoRepository();
  const [done] = await repository.addMany(['done', 'open'], list);
  await repository.setCompleted(done!.id, true);
  const host = await fixture<HTMLElement>(
    html`<div lang=${lang} dir=${dir} style="width: 600px"><todo-app list=${list}></todo-app></div>`,
  );
  const app = host.querySelector('todo-app')!;
  await app.ready;
  await expectTitles(app, ['done', 'open']);
  await settled(app);
  const clear = () => deepQuery<HTMLElement>(app, '.clear-completed')?.textContent?.trim();
  await waitUntil(() => (clear() === 'Clear completed') === (lang === 'en'), `${lang} text shown`);
  return app;
}

for (const [lang, dir] of [
  ['en', 'ltr'],
  ['ar', 'rtl'],
] as const) {
  describe(`${lang}, ${dir}`, () => {
    // Which way the line runs: +1 left to right, -1 right to left.
    const forward = dir === 'ltr' ? 1 : -1;

    it(`puts each row's checkbox at the ${dir === 'ltr' ? 'left' : 'right'}, the title next, the delete button last`, async () => {
      const app = await page(lang, dir);
      for (const row of deepQueryAll<HTMLElement>(app, '[part="item"]')) {
        const [toggle, title, destroy] = ['[part="toggle"]', '[part="title"]', '[part="delete-button"]'].map(
          (selector) => row.querySelector(selector)!,
        );
        expect(getComputedStyle(row).direction).to.equal(dir);
        expect(Math.sign(centre(title!) - centre(toggle!)), 'title after the checkbox').to.equal(forward);
        expect(Math.sign(centre(destroy!) - centre(title!)), 'delete button after the title').to.equal(forward);
        const rowBox = box(row);
        const near = dir === 'ltr' ? box(toggle!).left - rowBox.left : rowBox.right - box(toggle!).right;
        expect(near, 'checkbox at the starting edge').to.be.below(40);
      }
      const done = deepQuery<HTMLElement>(app, '[part="title"]')!;
      expect(getComputedStyle(done).textDecorationLine).to.equal('line-through');
      const toggleAll = deepQuery<HTMLElement>(app, '[part="toggle-all"]')!;
      const label = deepQuery<HTMLElement>(app, 'label[for="toggle-all"]')!;
      expect(Math.sign(centre(label) - centre(toggleAll)), '"Mark all" label after its checkbox').to.equal(forward);
    });

    it('starts the footer with the counter and ends it with "Clear completed"', async () => {
      const app = await page(lang, dir);
      const counter = deepQuery<HTMLElement>(app, '[part="counter"]')!;
      const filters = deepQuery<HTMLElement>(app, '[part="filters"]')!;
      const clear = deepQuery<HTMLElement>(app, '[part="clear-button"]')!;
      expect(Math.sign(centre(filters) - centre(counter))).to.equal(forward);
      expect(Math.sign(centre(clear) - centre(filters))).to.equal(forward);
      const links = deepQueryAll<HTMLElement>(app, '.filters a');
      expect(Math.sign(centre(links[1]!) - centre(links[0]!)), '"All" first').to.equal(forward);
      const field = deepQuery<HTMLInputElement>(app, 'input.new-todo')!;
      expect(getComputedStyle(field).direction).to.equal(dir);
      // English placeholders are italic; Arabic has no italics, so it stays upright.
      expect(getComputedStyle(field, '::placeholder').fontStyle).to.equal(lang === 'ar' ? 'normal' : 'italic');
    });

    it('moves focus along the row in reading order: checkbox, title, delete button', async () => {
      const app = await page(lang, dir);
      const row = deepQuery<HTMLElement>(app, '[part="item"]')!;
      const toggle = row.querySelector<HTMLElement>('[part="toggle"]')!;
      await focusOn(row.getRootNode() instanceof ShadowRoot ? (row.getRootNode() as ShadowRoot).host : row, toggle);
      const seen: number[] = [centre(toggle)];
      const root = row.getRootNode() as ShadowRoot;
      for (const part of ['title', 'delete-button']) {
        await sendKeys({ press: 'Tab' });
        await waitUntil(() => root.activeElement?.getAttribute('part') === part, `Tab reaches ${part}`);
        seen.push(centre(root.activeElement!));
      }
      expect(Math.sign(seen[1]! - seen[0]!)).to.equal(forward);
      expect(Math.sign(seen[2]! - seen[1]!)).to.equal(forward);
    });
  });
}
