// npm consumers, the way a user gets there: `npm pack` (its prepack builds), then in a fresh app
// (test/e2e/fixtures/bundler-app/) a real `npm install <tarball>` (from the local npm cache where it
// can: --prefer-offline), then `import 'todo-widget'` built with Vite and with webpack 5, each run
// in Chromium. Resolution goes through the package's `exports` and the app's own node_modules, so
// the test fails if an export points at a file that is missing or not packed, if the package
// imports something it does not declare (Drizzle is an optional peer and is not installed here),
// or if a bundler cannot rebuild the worker and PGlite's assets.
//
// Why webpack 5 as the second bundler: it rewrites `new Worker(new URL('./pglite.worker.js',
// import.meta.url))` into a worker it builds, and `new URL('./pglite.wasm', import.meta.url)` into
// emitted assets, with no plugin. esbuild rewrites neither (its output keeps the URL, next to a
// file it never wrote); Rollup needs a plugin for each.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, createServer } from 'vite';
import webpack from 'webpack';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { launchBrowser, watchPage } from '../support/browser.mjs';
import { FRAMEWORK_DEMOS, checkFrameworkDemo } from '../support/framework-demo.mjs';
import { openSite } from '../support/site.mjs';
import { waitUntil } from '../support/tabs.mjs';
import {
  DB_TIMEOUT,
  addTodo,
  recordTodoEvents,
  todoItem,
  toggleTodo,
  waitForLiveList,
  waitForTodoEvent,
} from '../support/todo-page.mjs';

const repo = resolve('.');
const fixture = join(repo, 'test', 'e2e', 'fixtures', 'bundler-app');

/** What users need and nothing else: the builds, their types, the manifest and editor data, README, LICENSE, CHANGELOG. */
const MUST_SHIP = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'dist/todo-widget.js',
  'dist/custom-elements.json',
  'dist/web-types.json',
  'dist/vscode.html-custom-data.json',
  'dist/npm/index.js',
  'dist/npm/elements.js',
  'dist/npm/schema.js',
  'dist/npm/no-dom.js',
  'dist/npm/elements.no-dom.js',
  'dist/npm/pglite.worker.js',
  'dist/types/index.d.ts',
  'dist/types/frameworks.d.ts',
  'dist/types/react.d.ts',
  'dist/types/vue.d.ts',
];
/** The frameworks the demos use, at the versions this repository tests (so the install can come from the npm cache). */
const FRAMEWORKS = ['react', 'react-dom', 'vue', 'svelte'];
/**
 * `name@version` of each framework exactly as installed here, not its range in package.json: the
 * demos are compiled by this repository's plugins, and @sveltejs/vite-plugin-svelte compiles with
 * the repository's `svelte/compiler`, whose output only runs on a Svelte runtime of the same
 * version. With the range, the app got whatever Svelte the registry served that day (5.60.1 once
 * the repository had 5.57.3), and the compiled demo threw `invalid_bundler_config` on load.
 */
const frameworkSpecs = () => {
  const resolveHere = createRequire(join(repo, 'package.json'));
  return FRAMEWORKS.map((name) => `${name}@${resolveHere(`${name}/package.json`).version}`);
};
/** The version of `name` installed in `folder`'s node_modules. */
const installedVersion = (folder, name) =>
  JSON.parse(readFileSync(join(folder, 'node_modules', name, 'package.json'), 'utf8')).version;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'dependencies'];

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });

/** `npm pack`s the repo as it is (prepack runs the build) and returns the tarball's path and file list. */
function pack(destination) {
  run('npm', ['pack', '--pack-destination', destination], repo);
  const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote no tarball');
  const path = join(destination, tarball);
  const files = run('tar', ['-tzf', path])
    .trim()
    .split('\n')
    .map((file) => file.replace(/^package\//, ''));
  return { path, files };
}

function webpackBuild(app, outDir) {
  return import(join(app, 'webpack.config.js')).then(
    ({ default: config }) =>
      new Promise((resolveBuild, reject) => {
        webpack({ ...config, context: app, output: { ...config.output, path: outDir } }, (error, stats) => {
          if (error) return reject(error);
          if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
          resolveBuild(stats);
        });
      }),
  );
}

/**
 * Adds and toggles a todo, reloads, opens a follower tab, on the app built into `out`.
 * `worker` matches the path of the worker script the app's bundler built; `assets` the folder its WASM and data are in.
 */
async function useTheBuiltApp(out, { worker, assets }) {
  const site = await openSite({ root: out });
  try {
    await recordTodoEvents(site.context);
    const page = await site.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${site.origin}/`);

    await addTodo(page, 'From the npm package');
    await waitForTodoEvent(page, 'todo-add', 'From the npm package');
    await toggleTodo(page, 'From the npm package');
    const toggled = await waitForTodoEvent(page, 'todo-toggle', 'From the npm package');
    assert.equal(toggled.completed, true);

    // One worker: the one the app's bundler built from dist/npm/pglite.worker.js.
    assert.equal(page.workers().length, 1, 'one worker');
    assert.match(new URL(page.workers()[0].url()).pathname, worker);
    // PGlite's WASM and data came from the app's install of PGlite, emitted by the app's build.
    assert.ok(
      site.requests.some((path) => path.startsWith(assets) && path.endsWith('.wasm')),
      `the WASM was served from ${assets}`,
    );
    assert.ok(
      site.requests.some((path) => path.startsWith(assets) && path.endsWith('.data')),
      `the data file was served from ${assets}`,
    );
    // The first visit started from the prepared database the app's build copied from dist/npm/
    // (not from initdb in the browser, which would fetch PGlite's initdb.wasm), with the app's
    // own PGlite (here the newest 0.5.x, which may not be the one the widget was built with).
    const fetched = site.requests.map((path) => path.split('/').pop());
    assert.ok(
      fetched.some((name) => /^data-dir\.tar.*\.gz$/.test(name)),
      `the prepared database was fetched: ${fetched.join(', ')}`,
    );
    assert.ok(
      !fetched.some((name) => /^initdb.*\.wasm$/.test(name)),
      `initdb.wasm was not fetched: ${fetched.join(', ')}`,
    );
    assert.equal(
      await page.evaluate(() => window.__todoAppIsTheExportedClass),
      true,
      '"todo-widget" and "todo-widget/elements" share one copy',
    );

    await page.reload();
    const saved = todoItem(page, 'From the npm package');
    await saved.waitFor({ timeout: DB_TIMEOUT });
    // Its database running again (the rows above may be the snapshot's): the WASM it fetched is the leader's.
    await waitForLiveList(page);
    assert.equal(
      await saved.getByRole('checkbox', { name: 'Toggle Todo' }).isChecked(),
      true,
      'still done after reload',
    );

    // A second tab is a follower: it works through the first tab's database and downloads no WASM or data.
    const wasmAndData = () => site.requests.filter((path) => /\.(?:wasm|data)$/.test(path)).length;
    const before = wasmAndData();
    const second = await site.context.newPage();
    watchPage(second, problems);
    await second.goto(`${site.origin}/`);
    await todoItem(second, 'From the npm package').waitFor({ timeout: DB_TIMEOUT });
    await addTodo(second, 'Added in tab two');
    await todoItem(page, 'Added in tab two').waitFor({ timeout: DB_TIMEOUT });
    assert.equal(wasmAndData(), before, 'the follower tab downloaded no WASM or data');

    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
  } finally {
    await site.close();
  }
}

/**
 * features.html of the app at `origin`: one `<todo-app>` with every attribute that loads code of its
 * own (searchable, exportable, reorderable, lang="de", theme="dark"), each used once as a user
 * would: add, order with the keyboard, delete and undo, search, export, import. A lazy chunk the
 * app's bundler dropped or emptied (issue 28: `sideEffects` made Vite's `<todo-search>` and
 * `<todo-transfer>` chunks 0 bytes) leaves its tag undefined, and the step that needs it fails here.
 */
async function useEveryFeature({ context, origin }, work) {
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${origin}/features.html`);
  const app = page.locator('todo-app');

  // lang="de": the German catalogue (a lazy chunk) labels the field.
  const input = page.getByRole('textbox', { name: 'Neues To-do' });
  for (const title of ['Milch kaufen', 'Brot backen', 'Käse reiben']) {
    await input.fill(title);
    await input.press('Enter');
    await todoItem(page, title).waitFor({ timeout: DB_TIMEOUT });
  }
  await waitForLiveList(page);
  const titles = () => page.getByTestId('todo-title').allTextContents();
  const order = (expected, message) =>
    waitUntil(
      () => titles().then((shown) => shown.map((title) => title.trim())),
      (shown) => JSON.stringify(shown) === JSON.stringify(expected),
      message,
    );

  // reorderable: the last todo moves up with Alt+Arrow Up, and the move is announced.
  await todoItem(page, 'Käse reiben').getByRole('button', { name: 'Verschieben' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await order(['Milch kaufen', 'Käse reiben', 'Brot backen'], 'moved with the keyboard');
  await waitUntil(
    () => page.getByTestId('todo-move-status').first().textContent(),
    (text) => text?.trim() === 'An Position 2 von 3 verschoben',
    'the move is announced in German',
  );

  // Undo (its controller is a lazy chunk): a deleted todo comes back with the notice's button.
  const row = todoItem(page, 'Brot backen');
  await row.hover();
  await row.getByRole('button', { name: 'Löschen' }).click();
  await order(['Milch kaufen', 'Käse reiben'], 'deleted');
  await page.getByTestId('undo-status').getByRole('button', { name: 'Rückgängig' }).click();
  await order(['Milch kaufen', 'Käse reiben', 'Brot backen'], 'the delete undone');

  // searchable: <todo-search> (a lazy chunk) is defined and filters the list.
  assert.equal(
    await page.evaluate(() => customElements.get('todo-search') !== undefined),
    true,
    '<todo-search> defined',
  );
  await page.getByRole('searchbox', { name: 'To-dos durchsuchen' }).fill('milch');
  await order(['Milch kaufen'], 'the search shows one todo');
  await waitUntil(
    () => page.getByTestId('todo-search-count').first().textContent(),
    (text) => text?.trim() === '1 Treffer',
    'the search counts its match',
  );
  await page.getByRole('searchbox', { name: 'To-dos durchsuchen' }).fill('');
  await order(['Milch kaufen', 'Käse reiben', 'Brot backen'], 'the search cleared');

  // theme="dark": handed down to the lazily defined parts, whose styles apply it.
  assert.equal(
    await app.evaluate((element) => getComputedStyle(element.shadowRoot.querySelector('todo-search')).colorScheme),
    'dark',
    '<todo-search> is styled by theme="dark"',
  );

  // exportable: <todo-transfer> (a lazy chunk) downloads the list, and imports a file.
  assert.equal(
    await page.evaluate(() => customElements.get('todo-transfer') !== undefined),
    true,
    '<todo-transfer> defined',
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exportieren', exact: true }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(
    exported.todos.map((todo) => todo.title),
    ['Milch kaufen', 'Käse reiben', 'Brot backen'],
    'the export holds the list in its order',
  );
  const file = join(work, 'import.json');
  writeFileSync(
    file,
    // The exported document with one todo of another id and title: the import adds it.
    JSON.stringify({
      ...exported,
      todos: [{ ...exported.todos[0], id: '0b5c7a4e-8d2f-4c1a-9e3b-6f7d8a9b0c1d', title: 'Äpfel holen' }],
    }),
  );
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Importieren', exact: true }).click(),
  ]);
  await chooser.setFiles(file);
  await todoItem(page, 'Äpfel holen').waitFor({ timeout: DB_TIMEOUT });
  await waitUntil(
    () =>
      page
        .getByTestId('transfer-message')
        .textContent()
        .catch(() => ''),
    (text) => text.trim() === 'Importiert: 1 hinzugefügt, 0 aktualisiert, 0 unverändert.',
    'the import says what it did',
  );
  assert.deepEqual(problems, []);
}

/** useEveryFeature on the app built into `out`, served as the static files a host would serve. */
async function useEveryFeatureBuiltInto(out, work) {
  const site = await openSite({ root: out });
  try {
    await useEveryFeature(site, work);
  } finally {
    await site.close();
  }
}

describe('an app that installs the packed package with npm', { timeout: 900_000 }, () => {
  let work;
  let app;
  let packed;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'todo-consumer-'));
    packed = pack(work);
    app = join(work, 'app');
    cpSync(fixture, app, { recursive: true });
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', packed.path, ...frameworkSpecs()], app);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the builds, types, manifest, editor data, README, LICENSE and CHANGELOG, and no sources or tests', () => {
    for (const file of MUST_SHIP) assert.ok(packed.files.includes(file), `npm pack leaves out ${file}`);
    // dist/server and dist/types-server: the sync server (`todo-widget/server`, the `todo-widget-sync` bin).
    const extra = packed.files.filter(
      (file) => !MUST_SHIP.includes(file) && !/^dist\/(?:assets|npm|types|server|types-server)\//.test(file),
    );
    assert.deepEqual(extra, [], 'files outside dist/assets, dist/npm, dist/types, dist/server and dist/types-server');
  });

  it('carries no file twice (the prepared database once: dist/npm/ points at dist/assets/)', () => {
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    run('tar', ['-xzf', packed.path, '-C', unpacked]);
    const byContent = new Map();
    for (const file of packed.files.filter((name) => !name.endsWith('/'))) {
      const bytes = readFileSync(join(unpacked, 'package', file));
      if (bytes.length < 1024) continue;
      const digest = createHash('sha256').update(bytes).digest('hex');
      byContent.set(digest, [...(byContent.get(digest) ?? []), file]);
    }
    // Known and small: the server's declaration build emits again the declarations of the widget
    // modules it imports (errors, the sync protocol), under dist/types-server/src/. Any other pair fails.
    const serverCopy = (files) =>
      files.length === 2 &&
      files.some((file) => file.startsWith('dist/types-server/src/')) &&
      files.some((file) => file.startsWith('dist/types/'));
    const twice = [...byContent.values()].filter((files) => files.length > 1 && !serverCopy(files));
    assert.deepEqual(twice, [], 'files packed twice');
  });

  it('declares `sideEffects` with paths that are packed, covering every file of dist/npm that runs code on load', () => {
    // Issue 28: the list named ./src/… files, which are not packed, so Vite (Rolldown) took every
    // chunk for side-effect free and emptied the ones that define <todo-search> and <todo-transfer>.
    const { sideEffects } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    assert.ok(Array.isArray(sideEffects), 'sideEffects is a list');
    // The patterns use `*` only (one path segment), as bundlers read them relative to the package.
    const matcher = (pattern) =>
      new RegExp(
        `^${pattern
          .replace(/^\.\//, '')
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')}$`,
      );
    // The ./src/… entries are for this repository's own builds (Vite reads the same field when it
    // builds dist/ from src/); they must name sources that exist. Everything else must be packed.
    for (const pattern of sideEffects)
      if (pattern.startsWith('./src/'))
        assert.ok(existsSync(join(repo, pattern)), `sideEffects lists ${pattern}: no such source`);
      else
        assert.ok(
          packed.files.some((file) => matcher(pattern).test(file)),
          `sideEffects lists ${pattern}, which matches no packed file`,
        );
    // elements.js and schema.js only re-export, and the no-DOM entries only declare constants:
    // every other script may define a tag or register this copy.
    const pure = ['dist/npm/elements.js', 'dist/npm/schema.js', 'dist/npm/no-dom.js', 'dist/npm/elements.no-dom.js'];
    const uncovered = packed.files.filter(
      (file) =>
        /^dist\/(?:npm\/|assets\/)?[^/]+\.js$/.test(file) &&
        !pure.includes(file) &&
        !sideEffects.some((pattern) => matcher(pattern).test(file)),
    );
    assert.deepEqual(uncovered, [], 'scripts that sideEffects leaves out (a bundler may drop their top-level code)');
  });

  it('installs without running a script of ours, and without Drizzle (an optional peer)', () => {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules', 'todo-widget', 'package.json'), 'utf8'));
    const lifecycle = INSTALL_SCRIPTS.filter((name) => installed.scripts?.[name]);
    assert.deepEqual(lifecycle, [], "a consumer's install would run these");
    assert.equal(installed.peerDependenciesMeta?.['drizzle-orm']?.optional, true);
    assert.equal(existsSync(join(app, 'node_modules', 'drizzle-orm')), false, 'npm installed the optional peer');
    assert.equal(existsSync(join(app, 'node_modules', 'todo-widget', 'tools')), false, 'the lint tools were packed');
    for (const name of Object.keys(installed.dependencies)) {
      assert.ok(existsSync(join(app, 'node_modules', name, 'package.json')), `${name} was not installed`);
    }
  });

  it('imports in Node, as a server render does, without throwing', () => {
    for (const entry of ['todo-widget', 'todo-widget/elements']) {
      const script = `const m = await import(${JSON.stringify(entry)}); if (typeof m.TodoApp !== 'function') throw new Error('no TodoApp');`;
      run(process.execPath, ['--input-type=module', '-e', script], app);
    }
  });

  it('builds with Vite and runs: the worker Vite built, PGlite from the app, a follower tab downloads no WASM', async () => {
    const out = join(app, 'out-vite');
    // The app's own vite.config.js, as `vite build` in the app folder would load it.
    await build({
      root: app,
      configFile: join(app, 'vite.config.js'),
      logLevel: 'error',
      build: {
        outDir: out,
        rollupOptions: { input: { index: join(app, 'index.html'), features: join(app, 'features.html') } },
      },
    });
    await useTheBuiltApp(out, { worker: /^\/assets\/pglite\.worker-[^/]+\.js$/, assets: '/assets/' });
  });

  it('every feature works in the Vite build: search, export/import, order, undo, a language, a theme', async () => {
    await useEveryFeatureBuiltInto(join(app, 'out-vite'), work);
  });

  it('every feature works under `vite` (the dev server, its dependency pre-bundling)', async () => {
    const server = await createServer({
      root: app,
      configFile: join(app, 'vite.config.js'),
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    await server.listen();
    const browser = await launchBrowser();
    try {
      const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
      await useEveryFeature({ context: browser.context, origin }, work);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('builds with webpack 5 and runs: the worker webpack built, PGlite from the app, a follower tab downloads no WASM', async () => {
    const out = join(app, 'out-webpack');
    await webpackBuild(app, out);
    copyFileSync(join(app, 'index.html'), join(out, 'index.html'));
    copyFileSync(join(app, 'features.html'), join(out, 'features.html'));
    await useTheBuiltApp(out, { worker: /^\/assets\/todo-widget-db-[^/]+\.js$/, assets: '/assets/' });
  });

  it('every feature works in the webpack build: search, export/import, order, undo, a language, a theme', async () => {
    await useEveryFeatureBuiltInto(join(app, 'out-webpack'), work);
  });

  it('builds the React 19, Vue 3 and Svelte 5 demos from the package with Vite, and each framework gets the events', async () => {
    // demo/<framework>/ as they are in this repository, but `import 'todo-widget'` now resolves to the
    // installed tarball (no alias), and react/vue/svelte to the app's own install.
    // The Svelte compiler is the repository's (see frameworkSpecs): the app's runtime must match it.
    assert.equal(
      installedVersion(app, 'svelte'),
      installedVersion(repo, 'svelte'),
      "the app's Svelte runtime is the version of the compiler that builds the demo",
    );
    for (const framework of ['react', 'vue', 'svelte'])
      cpSync(join(repo, 'demo', framework), join(app, 'demo', framework), { recursive: true });
    copyFileSync(join(repo, 'demo', 'frameworks.css'), join(app, 'demo', 'frameworks.css'));
    const out = join(app, 'out-frameworks');
    await build({
      root: app,
      configFile: false,
      logLevel: 'error',
      worker: { format: 'es' },
      plugins: [
        react(),
        vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('todo-') } } }),
        svelte({ configFile: false }),
      ],
      build: {
        outDir: out,
        rollupOptions: {
          input: Object.fromEntries(
            ['react', 'vue', 'svelte'].map((name) => [name, join(app, 'demo', name, 'index.html')]),
          ),
        },
      },
    });
    const site = await openSite({ root: out });
    try {
      await recordTodoEvents(site.context);
      for (const demo of FRAMEWORK_DEMOS) await checkFrameworkDemo(site.context, site.origin, demo);
    } finally {
      await site.close();
    }
  });
});
