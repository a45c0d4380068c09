// Configuring the one-script-tag build (dist/todo-widget.js, `npm run build` first) two ways:
// with no code at all (the elements' `database` and `storage` attributes), and with configure(),
// called after the bundle defined the tags but before an element connected; or in the module
// script that imports the bundle, while <todo-app> is already in the HTML.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './support/browser.mjs';
import { useSite } from './support/site.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, todoItem, waitForTodoEvent } from './support/todo-page.mjs';

const page = (head, body = '') => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>configure the todo widget</title>
    <link rel="icon" href="data:," />
    ${head}
  </head>
  <body>
    ${body}
  </body>
</html>
`;

const PAGES = {
  // No script of the host's: two apps on database "shop-a" (the first says where it keeps its
  // files), one on "shop-b", all three showing a list of the same name.
  'attributes.html': page(
    '<script type="module" src="/dist/todo-widget.js"></script>',
    `<todo-app id="a1" database="shop-a" storage="memory" list="groceries" show-status></todo-app>
    <todo-app id="a2" database="shop-a" list="groceries"></todo-app>
    <todo-app id="b" database="shop-b" storage="memory" list="groceries" show-status></todo-app>`,
  ),
  // The bundle defines the tags; a while later a script configures, then adds the element.
  'configure-later.html': page(
    `<script type="module" src="/dist/todo-widget.js"></script>
    <script type="module">
      const widget = await import('/dist/todo-widget.js');
      window.definedBeforeConfigure = customElements.get('todo-app') !== undefined;
      await new Promise((resolve) => setTimeout(resolve, 300));
      widget.configure({ database: 'configured-later', storage: 'memory' });
      const app = document.createElement('todo-app');
      app.setAttribute('list', 'configured');
      app.setAttribute('show-status', '');
      document.body.append(app);
      await new Promise((resolve) => setTimeout(resolve));
      try {
        widget.configure({ database: 'too-late' });
        window.lateConfigure = 'accepted';
      } catch (error) {
        window.lateConfigure = error.name;
      }
      window.widget = widget;
    </script>`,
  ),
  // <todo-app> is in the HTML, so it connects the moment the bundle defines it, inside this very
  // script: configure() right after the import still comes first.
  'configure-inline.html': page(
    `<script type="module">
      import { configure } from '/dist/todo-widget.js';
      configure({ database: 'configured-inline', storage: 'memory' });
      window.widget = await import('/dist/todo-widget.js');
    </script>`,
    '<todo-app list="configured" show-status></todo-app>',
  ),
};

describe('configuring the script-tag build', { timeout: 600_000 }, () => {
  const site = useSite({ files: PAGES });

  before(async () => {
    await recordTodoEvents(site.context);
  });

  const statusOf = (scope) => scope.getByTestId('db-status');

  it('with attributes only: elements with the same `database` share it, another `database` is separate, `storage` is honoured', async () => {
    const tab = await site.context.newPage();
    const problems = watchPage(tab);
    await tab.goto(`${site.origin}/attributes.html`);
    const [a1, a2, b] = ['#a1', '#a2', '#b'].map((id) => tab.locator(id));

    await addTodo(a1, 'Only in shop A');
    await waitForTodoEvent(tab, 'todo-add', 'Only in shop A');
    await todoItem(a2, 'Only in shop A').waitFor({ timeout: DB_TIMEOUT });
    await addTodo(b, 'Only in shop B');
    await waitForTodoEvent(tab, 'todo-add', 'Only in shop B');
    await todoItem(b, 'Only in shop B').waitFor({ timeout: DB_TIMEOUT });
    assert.equal(await todoItem(b, 'Only in shop A').count(), 0, "shop B does not show shop A's todo");
    assert.equal(await todoItem(a1, 'Only in shop B').count(), 0, "shop A does not show shop B's todo");
    assert.equal(await todoItem(a2, 'Only in shop B').count(), 0);

    // Two databases, two workers; the default database was never started.
    assert.equal(tab.workers().length, 2, 'one worker per database');
    for (const scope of [a1, b]) {
      await assert.doesNotReject(
        statusOf(scope).filter({ hasText: 'in-memory only' }).waitFor({ timeout: DB_TIMEOUT }),
        'storage="memory" keeps the database in memory',
      );
    }
    const clients = await tab.evaluate(async () => {
      const widget = await import('/dist/todo-widget.js');
      return ['shop-a', 'shop-b'].map((name) => ({
        database: widget.getDatabaseClient(name).database,
        storage: widget.getDatabaseClient(name).storage,
      }));
    });
    assert.deepEqual(clients, [
      { database: 'shop-a', storage: 'memory' },
      { database: 'shop-b', storage: 'memory' },
    ]);

    const errors = await tab.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await tab.close();
  });

  it('with configure() after the bundle defined the tags, before the first element connects; refused once one has', async () => {
    const tab = await site.context.newPage();
    const problems = watchPage(tab);
    await tab.goto(`${site.origin}/configure-later.html`);
    await addTodo(tab, 'Configured later');
    await waitForTodoEvent(tab, 'todo-add', 'Configured later');
    await statusOf(tab).filter({ hasText: 'in-memory only' }).waitFor({ timeout: DB_TIMEOUT });
    await tab.waitForFunction(() => window.widget !== undefined);
    const seen = await tab.evaluate(() => ({
      definedBeforeConfigure: window.definedBeforeConfigure,
      lateConfigure: window.lateConfigure,
      database: window.widget.getDatabaseClient().database,
      storage: window.widget.getDatabaseClient().storage,
    }));
    assert.deepEqual(seen, {
      definedBeforeConfigure: true,
      lateConfigure: 'ConfigurationError',
      database: 'configured-later',
      storage: 'memory',
    });
    assert.deepEqual(problems, []);
    await tab.close();
  });

  it('with configure() in the module script that imports the bundle, while <todo-app> is already in the HTML', async () => {
    const tab = await site.context.newPage();
    const problems = watchPage(tab);
    await tab.goto(`${site.origin}/configure-inline.html`);
    await addTodo(tab, 'Configured inline');
    await waitForTodoEvent(tab, 'todo-add', 'Configured inline');
    await statusOf(tab).filter({ hasText: 'in-memory only' }).waitFor({ timeout: DB_TIMEOUT });
    await tab.waitForFunction(() => window.widget !== undefined);
    const client = await tab.evaluate(() => ({
      database: window.widget.getDatabaseClient().database,
      storage: window.widget.getDatabaseClient().storage,
    }));
    assert.deepEqual(client, { database: 'configured-inline', storage: 'memory' });
    const errors = await tab.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await tab.close();
  });
});
