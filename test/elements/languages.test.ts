import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { a11ySnapshot } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import { registerTranslation, SHIPPED_LANGUAGES } from '../../src/i18n/catalogue';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoFooter } from '../../src/elements/todo-footer/todo-footer.element';
import { deepQuery, deepQueryAll, expectTitles, newTodoField, settled, uniqueList } from './helpers';

configure({ database: `test-languages-${Date.now()}` });

const text = (root: ParentNode, selector: string) =>
  deepQuery<HTMLElement>(root, selector)?.textContent?.replace(/\s+/g, ' ').trim();
const counterText = (footer: Element) => text(footer, '[data-testid="todo-count"]');

/** Waits until `read()` gives `expected`, saying what it gave instead. */
async function shows(read: () => string | undefined | null, expected: string, what: string): Promise<void> {
  await waitUntil(
    () => read() === expected,
    `${what}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(read())}`,
    { timeout: 20_000 },
  );
}

interface AxNode {
  role?: string;
  name?: string;
  description?: string;
  children?: AxNode[];
}
const flatten = (node: AxNode): AxNode[] => [node, ...(node.children ?? []).flatMap(flatten)];

/** Four footers counting 1, 2, 5 and 1,234 active todos. */
async function counters(lang: string, dir = 'ltr'): Promise<{ page: HTMLElement; footers: TodoFooter[] }> {
  const lists = [1, 2, 5, 1234].map((count) => ({ list: uniqueList(`count${count}`), count }));
  const repository = getTodoRepository();
  for (const { list, count } of lists)
    await repository.addMany(
      Array.from({ length: count }, (_, i) => `t${i}`),
      list,
    );
  const page = await fixture<HTMLElement>(html`
    <div lang=${lang} dir=${dir}>${lists.map(({ list }) => html`<todo-footer list=${list}></todo-footer>`)}</div>
  `);
  const footers = [...page.querySelectorAll('todo-footer')];
  await Promise.all(footers.map((footer) => footer.ready));
  return { page, footers };
}

describe('languages', () => {
  describe('English', () => {
    it("keeps today's names, and each row's checkbox and delete button are described by its title", async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(['Milk', 'Bread'], list);
      const app = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
      await app.ready;
      await expectTitles(app, ['Milk', 'Bread']);
      await settled(app);
      expect(newTodoField(app).placeholder).to.equal('What needs to be done?');
      const tree = flatten((await a11ySnapshot({})) as unknown as AxNode);
      const toggles = tree.filter((node) => node.role === 'checkbox' && node.name === 'Toggle Todo');
      const deletes = tree.filter((node) => node.role === 'button' && node.name === 'Delete');
      expect(toggles.map((node) => node.description)).to.deep.equal(['Milk', 'Bread']);
      expect(deletes.map((node) => node.description)).to.deep.equal(['Milk', 'Bread']);
      expect(tree.some((node) => node.role === 'checkbox' && node.name === 'Mark all as complete')).to.be.true;
      for (const label of ['All', 'Active', 'Completed'])
        expect(
          tree.some((node) => node.role === 'link' && node.name === label),
          label,
        ).to.be.true;
      expect(counterText(app)).to.equal('2 items left');
    });
  });

  describe('a page in German, then Arabic right to left', () => {
    it("counts 1, 2, 5 and 1,234 in the page's language, and again when its lang changes", async () => {
      const { page, footers } = await counters('de');
      const read = () => footers.map(counterText).join(' | ');
      await shows(read, '1 Eintrag übrig | 2 Einträge übrig | 5 Einträge übrig | 1.234 Einträge übrig', 'German');
      expect(text(footers[0]!, '.clear-completed')).to.equal(undefined);
      expect(deepQueryAll<HTMLAnchorElement>(footers[0]!, '.filters a').map((link) => link.textContent)).to.deep.equal([
        'Alle',
        'Offen',
        'Erledigt',
      ]);

      page.setAttribute('dir', 'rtl');
      page.setAttribute('lang', 'ar');
      await shows(read, 'مهمة واحدة متبقية | مهمتان متبقيتان | 5 مهام متبقية | 1,234 مهمةً متبقيةً', 'Arabic');
      expect(deepQueryAll<HTMLAnchorElement>(footers[0]!, '.filters a').map((link) => link.textContent)).to.deep.equal([
        'الكل',
        'النشطة',
        'المكتملة',
      ]);

      page.setAttribute('lang', 'ja');
      await shows(read, '残り 1 件 | 残り 2 件 | 残り 5 件 | 残り 1,234 件', 'Japanese');
    });

    it('follows <html lang>, and a lang on the element or on an ancestor inside a shadow root wins', async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(['a', 'b', 'c', 'd', 'e'], list);
      const before = document.documentElement.getAttribute('lang');
      document.documentElement.setAttribute('lang', 'fr');
      try {
        const host = await fixture<HTMLElement>(html`<div></div>`);
        const shadow = host.attachShadow({ mode: 'open' });
        shadow.innerHTML = `<section><todo-footer list="${list}"></todo-footer></section><todo-footer list="${list}" lang="es"></todo-footer>`;
        const [inner, own] = [...shadow.querySelectorAll('todo-footer')];
        await shows(() => counterText(inner!), '5 tâches restantes', 'from <html lang="fr">');
        await shows(() => counterText(own!), 'Quedan 5 tareas', 'its own lang="es"');
        shadow.querySelector('section')!.setAttribute('lang', 'de');
        await shows(() => counterText(inner!), '5 Einträge übrig', 'a section in a shadow root turned German');
        document.documentElement.setAttribute('lang', 'ja');
        expect(counterText(own!)).to.equal('Quedan 5 tareas');
        own!.removeAttribute('lang');
        await shows(() => counterText(own!), '残り 5 件', 'its lang removed: <html lang="ja">');
      } finally {
        if (before === null) document.documentElement.removeAttribute('lang');
        else document.documentElement.setAttribute('lang', before);
      }
    });

    it('speaks the language of wherever it is moved to', async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(['a', 'b'], list);
      const page = await fixture<HTMLElement>(
        html`<div>
          <div lang="fr"><todo-footer list=${list}></todo-footer></div>
          <div lang="de"></div>
        </div>`,
      );
      const footer = page.querySelector('todo-footer')!;
      const [french, german] = [...page.children] as HTMLElement[];
      await footer.ready;
      await shows(() => counterText(footer), '2 tâches restantes', 'in the French box');
      footer.remove();
      french!.lang = 'ja'; // detached: nothing to follow
      german!.append(footer);
      await shows(() => counterText(footer), '2 Einträge übrig', 'moved into the German box');
      french!.append(footer);
      await shows(() => counterText(footer), '残り 2 件', 'back in the box that turned Japanese meanwhile');
    });

    it('translates the whole app: field, rows, list, footer, with names assistive technology reads', async () => {
      const list = uniqueList();
      const repository = getTodoRepository();
      const [done] = await repository.addMany(['Milch', 'Brot'], list);
      await repository.setCompleted(done!.id, true);
      const page = await fixture<HTMLElement>(html`<div lang="de"><todo-app list=${list}></todo-app></div>`);
      const app = page.querySelector('todo-app')!;
      await app.ready;
      await settled(app);
      const field = () => deepQuery<HTMLInputElement>(app, 'input.new-todo');
      await shows(() => field()?.placeholder, 'Was ist zu tun?', 'placeholder');
      expect(field()!.getAttribute('aria-label')).to.equal('Neues To-do');
      await shows(() => counterText(app), '1 Eintrag übrig', 'counter');
      const tree = flatten((await a11ySnapshot({})) as unknown as AxNode);
      const named = (role: string, name: string) => tree.filter((node) => node.role === role && node.name === name);
      expect(named('checkbox', 'To-do abhaken').map((node) => node.description)).to.deep.equal(['Milch', 'Brot']);
      expect(named('button', 'Löschen').map((node) => node.description)).to.deep.equal(['Milch', 'Brot']);
      expect(named('checkbox', 'Alle als erledigt markieren')).to.have.length(1);
      expect(named('button', 'Erledigte löschen')).to.have.length(1);
      expect(deepQuery(app, '[role="list"]')!.getAttribute('aria-label')).to.equal('To-do-Einträge');
      expect(deepQuery(app, 'section.main')!.getAttribute('aria-label')).to.equal('To-dos');
      expect(tree.some((node) => /Toggle Todo|Delete|Clear completed|items? left/.test(node.name ?? ''))).to.be.false;
    });
  });

  describe('messages that come from errors and the database', () => {
    it("says why a title is refused in the field's language, and again when the language changes", async () => {
      const page = await fixture<HTMLElement>(
        html`<div lang="de"><todo-input list=${uniqueList()}></todo-input></div>`,
      );
      const field = deepQuery<HTMLInputElement>(page, 'input.new-todo')!;
      await shows(() => field.placeholder, 'Was ist zu tun?', 'German loaded');
      field.value = 'x'.repeat(1001);
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      const message = () => text(page, '[part="message"]');
      await shows(message, 'Ein Titel darf höchstens 1000 Zeichen haben; dieser hat 1001.', 'German message');
      page.lang = 'en';
      await shows(message, 'A title can have at most 1000 characters; this one has 1001.', 'English message');
    });

    it("shows the status line in the page's language", async () => {
      const page = await fixture<HTMLElement>(
        html`<div lang="es"><todo-app list=${uniqueList()} show-status></todo-app></div>`,
      );
      const app = page.querySelector('todo-app')!;
      await app.ready;
      await shows(
        () => text(app, '[data-testid="db-status"]')?.split(' · ')[0],
        'Esta pestaña ejecuta la base de datos (líder)',
        'Spanish status',
      );
    });
  });

  describe("a host's own messages", () => {
    it('shows an overridden message, and a language the widget does not ship, falling back to English', async () => {
      const list = uniqueList();
      await getTodoRepository().addMany(['x', 'y'], list);
      const page = await fixture<HTMLElement>(html`
        <div>
          <todo-footer lang="en-x-host" list=${list}></todo-footer><todo-footer lang="nl" list=${list}></todo-footer>
        </div>
      `);
      const [english, dutch] = [...page.querySelectorAll('todo-footer')];
      await Promise.all([english!.ready, dutch!.ready]);
      expect(counterText(english!)).to.equal('2 items left');
      registerTranslation('en-x-host', { itemsLeft: { one: '{count} thing to do', other: '{count} things to do' } });
      registerTranslation('nl', { filterAll: 'Alles' });
      await shows(() => counterText(english!), '2 things to do', 'override re-renders');
      await shows(() => text(dutch!, '.filters a'), 'Alles', 'a new language');
      expect(counterText(dutch!)).to.equal('2 items left');
    });
  });

  describe('axe', () => {
    for (const lang of SHIPPED_LANGUAGES) {
      it(`finds nothing wrong in ${lang}`, async () => {
        const list = uniqueList();
        const repository = getTodoRepository();
        const [done] = await repository.addMany(['one', 'two', 'three'], list);
        await repository.setCompleted(done!.id, true);
        const dir = lang === 'ar' ? 'rtl' : 'ltr';
        const page = await fixture<HTMLElement>(
          html`<div lang=${lang} dir=${dir}><todo-app list=${list} show-status></todo-app></div>`,
        );
        const app = page.querySelector('todo-app')!;
        await app.ready;
        await settled(app);
        // Wait for the language's catalogue: until then the text is English.
        const english = lang === 'en';
        await waitUntil(() => {
          const clear = text(app, '.clear-completed');
          return clear !== undefined && (clear === 'Clear completed') === english;
        }, `${lang} shown`);
        await expect(app).to.be.accessible();
      });
    }
  });
});
