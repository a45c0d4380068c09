// An Angular CLI app (the esbuild `application` builder, Angular from the registry) built from the
// `npm pack` tarball, used in Chromium. The route that works, and the one documented in
// docs/embedding.md ("Angular"): angular.json's `assets` copies the script-tag build
// (node_modules/todo-widget/dist/todo-widget.js and dist/assets/) into the app's output, and
// index.html loads it with a <script type="module">; the app imports only types.
//
// Why not `import 'todo-widget'`: the esbuild builder bundles dist/npm/ but leaves
// `new Worker(new URL('./pglite.worker.js', import.meta.url))` as it is, without emitting the
// worker (nor PGlite's WASM and data), so the page asks for a file that is not there (seen with
// Angular 21.2: the chunk keeps the expression, the output has no pglite.worker.js).
//
// Angular 22 needs Node ≥ 22.22; on an older Node (the package supports Node 20) the newest 21.x.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useSite } from '../support/site.mjs';
import { makeApp, packInto, run } from '../support/tarball.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, todoItem, waitForTodoEvent } from '../support/todo-page.mjs';

const fixture = resolve('test/e2e/fixtures/angular-app');
const nodeMajor = Number(process.versions.node.split('.')[0]);
const [ANGULAR, TYPESCRIPT] = nodeMajor >= 22 ? ['^22.3.0', '~6.0.0'] : ['^21.2.0', '~5.9.0'];

describe(`an Angular CLI app (esbuild application builder, Angular ${ANGULAR}) built from the tarball`, () => {
  let packed;
  const site = useSite({
    expect: 'index.html',
    root: () => {
      packed = packInto('todo-angular-');
      const angular = (name) => [`@angular/${name}`, ANGULAR];
      const app = makeApp(fixture, packed, {
        dependencies: Object.fromEntries([
          ...['common', 'compiler', 'core', 'platform-browser'].map(angular),
          ['rxjs', '^7.8.0'],
          ['tslib', '^2.8.0'],
        ]),
        devDependencies: Object.fromEntries([
          ...['build', 'cli', 'compiler-cli'].map(angular),
          ['typescript', TYPESCRIPT],
        ]),
      });
      run('npx', ['ng', 'build'], app, { NG_CLI_ANALYTICS: 'false' });
      return join(app, 'dist', 'ng-app', 'browser');
    },
  });
  after(() => packed?.remove());

  it('adds a todo in Chromium, heard by an Angular (todo-add) binding, kept across a reload', async () => {
    assert.ok(existsSync(join(site.dir, 'todo-widget', 'todo-widget.js')), 'angular.json assets copied the widget');
    await recordTodoEvents(site.context);
    const problems = [];
    const page = await site.newPage('/', problems);
    await addTodo(page, 'From Angular');
    await waitForTodoEvent(page, 'todo-add', 'From Angular');
    // Angular's event binding on <todo-app> received the composed event and re-rendered.
    await page.getByTestId('last-added').filter({ hasText: 'From Angular' }).waitFor({ timeout: DB_TIMEOUT });
    assert.equal(
      await page.evaluate(() => document.querySelector('todo-app')?.list),
      'angular',
      'the [list] property binding',
    );
    // The worker is the script-tag build's, started from the copied assets.
    assert.equal(page.workers().length, 1, 'one worker');
    assert.ok(
      site.requests.some((path) => path.startsWith('/todo-widget/assets/') && path.endsWith('.wasm')),
      'the WASM came from the copied assets',
    );

    await page.reload();
    await todoItem(page, 'From Angular').waitFor({ timeout: DB_TIMEOUT });
    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
  });
});
