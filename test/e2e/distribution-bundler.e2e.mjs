// npm consumers: an app (test/e2e/fixtures/bundler-app/) that does `import 'todo-widget'` and
// builds with Vite, against the package as `npm pack` ships it. The package is unpacked into the
// app's node_modules; its dependencies are linked from this repo's node_modules, which is the
// only "install" (no network). Resolution goes through the package's `exports`, so the test
// fails if they point at a file that is missing, not packed, or that bundlers cannot rebuild.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'vite';
import { launchBrowser, watchPage } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';
import { DB_TIMEOUT, addTodo, recordTodoEvents, todoItem, toggleTodo, waitForTodoEvent } from './support/todo-page.mjs';

const repo = resolve('.');
const fixture = join(repo, 'test', 'e2e', 'fixtures', 'bundler-app');

/** `npm pack`s the repo and unpacks the tarball as `<app>/node_modules/todo-widget`, as `npm install` would. */
function installPackedPackage(app) {
  const packDir = mkdtempSync(join(tmpdir(), 'todo-pack-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: repo, encoding: 'utf8' }));
    const packedFiles = packed.files.map((file) => file.path);
    for (const file of ['dist/npm/index.js', 'dist/npm/elements.js', 'dist/npm/pglite.worker.js', 'dist/types/index.d.ts']) {
      assert.ok(packedFiles.includes(file), `npm pack leaves out ${file}`);
    }
    const target = join(app, 'node_modules', 'todo-widget');
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(packDir, packed.filename), '-C', target, '--strip-components=1']);
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
  // The package's declared dependencies, and nothing else: an undeclared import fails to resolve.
  const { dependencies } = JSON.parse(readFileSync(join(app, 'node_modules', 'todo-widget', 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies)) {
    const link = join(app, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), link, 'dir');
  }
}

describe('an app that installs the npm package and builds with Vite', { timeout: 600_000 }, () => {
  let app;
  let browser;
  let site;

  before(async () => {
    assert.ok(existsSync(join(repo, 'dist', 'npm', 'index.js')), 'dist/npm/ is missing: run `npm run build` first');
    app = mkdtempSync(join(tmpdir(), 'todo-consumer-'));
    cpSync(fixture, app, { recursive: true });
    installPackedPackage(app);
    // The app's own vite.config.js, as `vite build` in the app folder would load it.
    await build({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'error', build: { outDir: join(app, 'out') } });
    site = await serveStatic({ root: join(app, 'out') });
    browser = await launchBrowser();
    await recordTodoEvents(browser.context);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('starts the worker the app built, adds and toggles a todo, keeps it after a reload; a second tab downloads no WASM', async () => {
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${site.origin}/`);

    await addTodo(page, 'From the npm package');
    await waitForTodoEvent(page, 'todo-add', 'From the npm package');
    await toggleTodo(page, 'From the npm package');
    const toggled = await waitForTodoEvent(page, 'todo-toggle', 'From the npm package');
    assert.equal(toggled.completed, true);

    // One worker: the one Vite built from dist/npm/pglite.worker.js into the app's assets.
    assert.equal(page.workers().length, 1, 'one worker');
    assert.match(page.workers()[0].url(), new RegExp(`^${site.origin}/assets/pglite\\.worker-[^/]+\\.js$`));
    // PGlite's WASM and data came from the app's install of PGlite, emitted by the app's build.
    assert.ok(site.requests.some((path) => /^\/assets\/pglite-[^/]+\.wasm$/.test(path)), 'the WASM was served from the app');
    assert.ok(site.requests.some((path) => /^\/assets\/pglite-[^/]+\.data$/.test(path)), 'the data file was served from the app');
    assert.equal(await page.evaluate(() => window.__todoAppIsTheExportedClass), true, '"todo-widget" and "todo-widget/elements" share one copy');

    await page.reload();
    const saved = todoItem(page, 'From the npm package');
    await saved.waitFor({ timeout: DB_TIMEOUT });
    assert.equal(await saved.getByRole('checkbox', { name: 'Toggle Todo' }).isChecked(), true, 'still done after reload');

    // A second tab is a follower: it works through the first tab's database and downloads no WASM or data.
    const wasmAndData = () => site.requests.filter((path) => /\.(?:wasm|data)$/.test(path)).length;
    const before = wasmAndData();
    const second = await browser.context.newPage();
    watchPage(second, problems);
    await second.goto(`${site.origin}/`);
    await todoItem(second, 'From the npm package').waitFor({ timeout: DB_TIMEOUT });
    await addTodo(second, 'Added in tab two');
    await todoItem(page, 'Added in tab two').waitFor({ timeout: DB_TIMEOUT });
    assert.equal(wasmAndData(), before, 'the follower tab downloaded no WASM or data');

    const errors = await page.evaluate(() => window.__todoEvents.filter((event) => event.type === 'todo-error'));
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await second.close();
    await page.close();
  });
});
