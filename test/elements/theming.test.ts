import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { deepQuery, deepQueryAll, expectTitles, settled, uniqueList } from './helpers';

configure({ database: `test-theming-${Date.now()}` });

const WHITE = 'rgb(255, 255, 255)';
const DARK_SURFACE = 'rgb(32, 34, 38)';

/** A todo-app on its own list with one open and one done todo, rows and footer on screen. */
async function app(attributes: { theme?: string; className?: string } = {}): Promise<TodoApp> {
  const list = uniqueList();
  const repository = getTodoRepository();
  const [done] = await repository.addMany(['done', 'open'], list);
  await repository.setCompleted(done!.id, true);
  const element = await fixture<TodoApp>(
    html`<todo-app list=${list} theme=${attributes.theme ?? 'auto'} class=${attributes.className ?? ''}></todo-app>`,
  );
  await element.ready;
  await expectTitles(element, ['done', 'open']);
  await settled(element);
  return element;
}

const background = (element: TodoApp, part: string) =>
  getComputedStyle(deepQuery<HTMLElement>(element, `[part="${part}"]`)!).backgroundColor;

describe('theming', () => {
  describe('parts through <todo-app>', () => {
    let style: HTMLStyleElement;
    beforeEach(() => {
      style = document.createElement('style');
      style.textContent = `
        todo-app.themed::part(item) { background-color: rgb(1, 2, 3); }
        todo-app.themed::part(footer) { color: rgb(4, 5, 6); }
        todo-app.themed::part(item-error), todo-app.themed::part(list-status) { color: rgb(7, 8, 9); }
        todo-app.themed::part(clear-button) { outline: 3px solid rgb(10, 11, 12); }
        todo-app.themed::part(toggle-all) { width: 31px; }
      `;
      document.head.append(style);
    });
    afterEach(() => style.remove());

    it('styles every row and the footer from the host page', async () => {
      const element = await app({ className: 'themed' });
      const rows = deepQueryAll<HTMLElement>(element, '[part="item"]');
      expect(rows).to.have.length(2);
      for (const row of rows) expect(getComputedStyle(row).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(deepQuery<HTMLElement>(element, '[part="footer"]')!).color).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(deepQuery<HTMLElement>(element, '[part="clear-button"]')!).outlineColor).to.equal(
        'rgb(10, 11, 12)',
      );
      expect(getComputedStyle(deepQuery<HTMLElement>(element, '[part="toggle-all"]')!).width).to.equal('31px');
    });

    it('leaves an app without the class alone', async () => {
      const element = await app();
      expect(getComputedStyle(deepQuery<HTMLElement>(element, '[part="item"]')!).backgroundColor).not.to.equal(
        'rgb(1, 2, 3)',
      );
    });
  });

  describe('the theme attribute', () => {
    // Reduced motion: colours change at once, not through the rows' 150 ms transition.
    // Each call replaces every emulated feature, so each names both.
    const scheme = (colorScheme: 'light' | 'dark') => emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    beforeEach(() => scheme('light'));
    afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

    it('theme="light" stays light on a dark system, to the last row', async () => {
      await scheme('dark');
      expect(matchMedia('(prefers-color-scheme: dark)').matches).to.be.true;
      const element = await app({ theme: 'light' });
      expect(background(element, 'app')).to.equal(WHITE);
      expect(background(element, 'item')).to.equal(WHITE);
      expect(background(element, 'footer')).to.equal(WHITE);
      await expect(element).to.be.accessible();
    });

    it('auto follows the system, and theme="dark" is dark on a light system', async () => {
      await scheme('dark');
      const auto = await app();
      expect(background(auto, 'app')).to.equal(DARK_SURFACE);
      expect(background(auto, 'item')).to.equal(DARK_SURFACE);
      await scheme('light');
      expect(background(auto, 'item')).to.equal(WHITE);
      auto.remove(); // one widget per page for axe (two footers are two contentinfo landmarks)
      const dark = await app({ theme: 'dark' });
      expect(background(dark, 'app')).to.equal(DARK_SURFACE);
      expect(background(dark, 'item')).to.equal(DARK_SURFACE);
      expect(background(dark, 'footer')).to.equal(DARK_SURFACE);
      await expect(dark).to.be.accessible();
    });

    it('hands a changed theme down to the parts and rows', async () => {
      const element = await app({ theme: 'light' });
      element.theme = 'dark';
      await element.updateComplete;
      await settled(element);
      expect(element.getAttribute('theme')).to.equal('dark');
      const list = deepQuery<HTMLElement>(element, 'todo-list')!;
      await (list as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      expect(background(element, 'item')).to.equal(DARK_SURFACE);
      expect(background(element, 'footer')).to.equal(DARK_SURFACE);
    });
  });
});
