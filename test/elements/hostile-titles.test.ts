import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { deepQuery, deepQueryAll, expectTitles, focusOn, items, newTodoField, settled, uniqueList } from './helpers';

configure({ database: `test-hostile-${Date.now()}` });

type Pwned = { __pwned?: unknown };

async function app(): Promise<TodoApp> {
  const element = await fixture<TodoApp>(`<todo-app list="${uniqueList('hostile')}"></todo-app>`);
  await element.ready;
  return element;
}

/** Puts `text` in the new-todo field as a paste would (typing 100 KB key by key takes minutes) and presses Enter. */
async function submit(element: TodoApp, text: string): Promise<void> {
  const field = newTodoField(element);
  await focusOn(element, field);
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await sendKeys({ press: 'Enter' });
}

const titleLabels = (element: TodoApp) => deepQueryAll<HTMLElement>(element, '[data-testid="todo-title"]');

describe('<todo-app> with hostile titles', () => {
  afterEach(() => {
    // Anything a title managed to run would have set this.
    expect((window as Pwned).__pwned).to.equal(undefined);
  });

  it('shows markup, script, template syntax, SQL, RTL, combining marks and ZWJ emoji verbatim, as text', async () => {
    const element = await app();
    const titles = [
      '<script>window.__pwned = "script"</script>',
      '<img src=x onerror="window.__pwned = \'img\'">',
      '<svg onload="window.__pwned = \'svg\'"></svg><a href="javascript:window.__pwned=1">link</a>',
      '${window.__pwned = "template literal"} {{constructor.constructor("window.__pwned = 1")()}} <%= x %> {% x %}',
      '&lt;b&gt;not bold&lt;/b&gt; &amp; &#x3C;',
      "'); DROP TABLE todos; --",
      '\u202Eevil.exe\u202C שלום עולם مرحبا',
      'e\u0301 a\u0308\u0332 Z\u0351\u0352\u0357\u0358\u0359',
      '👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇦 👍🏽',
      'bell\u0007 escape\u001b[31m red tab\there',
    ];
    for (const title of titles) await submit(element, title);
    await expectTitles(element, titles);
    await settled(element);
    for (const label of titleLabels(element)) expect(label.children, label.textContent ?? '').to.have.length(0);
    // Nothing the titles name made it into any shadow root as an element.
    expect(deepQueryAll(element, 'script, img, svg, a[href^="javascript"]')).to.have.length(0);
    const stored = (await getTodoRepository().getAll(element.list)).map((todo) => todo.title);
    expect(stored).to.deep.equal(titles);
  });

  it('renames to a hostile title and shows it as text', async () => {
    const element = await app();
    await submit(element, 'plain');
    await expectTitles(element, ['plain']);
    await settled(element);
    const label = titleLabels(element)[0]!;
    label.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await waitUntil(() => deepQuery(element, 'input[aria-label="Edit"]'), 'the edit field opens');
    const edit = deepQuery<HTMLInputElement>(element, 'input[aria-label="Edit"]')!;
    const hostile = '<img src=x onerror="window.__pwned = \'rename\'"> ${x} 👩‍👩‍👧';
    edit.value = hostile;
    const renamed = oneEvent(element, 'todo-rename');
    await focusOn(element, edit);
    await sendKeys({ press: 'Enter' });
    expect((await renamed).detail.todo.title).to.equal(hostile);
    await expectTitles(element, [hostile]);
    expect(titleLabels(element)[0]!.children).to.have.length(0);
  });

  it('refuses a 100 KB title with the length message, keeps the text, and writes nothing', async () => {
    const element = await app();
    const huge = 'ab'.repeat(50 * 1024);
    const failed = oneEvent(element, 'todo-error');
    await submit(element, huge);
    expect((await failed).detail.error.name).to.equal('TitleTooLongError');
    expect(deepQuery<HTMLElement>(element, '[part="message"]')!.textContent).to.contain(
      'at most 1000 characters; this one has 102400',
    );
    expect(newTodoField(element).value).to.equal(huge);
    expect(items(element)).to.have.length(0);
    expect(await getTodoRepository().getAll(element.list)).to.deep.equal([]);
  });

  it('refuses NUL and lone surrogates with a message, keeps the text, and writes nothing', async () => {
    const element = await app();
    for (const bad of ['before\u0000after', 'half an emoji \uD83D', '\uDC00 backwards']) {
      const failed = oneEvent(element, 'todo-error');
      await submit(element, bad);
      expect((await failed).detail.error.name).to.equal('TitleCharactersError');
      expect(deepQuery<HTMLElement>(element, '[part="message"]')!.textContent).to.contain('cannot contain NUL');
      expect(newTodoField(element).value).to.equal(bad);
    }
    expect(items(element)).to.have.length(0);
    expect(await getTodoRepository().getAll(element.list)).to.deep.equal([]);
  });
});
