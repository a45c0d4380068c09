// The setup end-to-end files share: a site served over HTTP (pages written for the test with the
// build linked in, or a folder already built), Debian's Chromium (or CHROME_PATH) with the
// project's flags and an on-disk profile, and pages opened on that site.
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, watchPage } from './browser.mjs';
import { serveStatic } from './static-server.mjs';
import { writeSite } from './todo-page.mjs';

/** The build the tests load: `dist/`, or E2E_DIST (e.g. a previous release's build). */
export const distDir = () => resolve(process.env.E2E_DIST ?? 'dist');

/** The demo build (`npm run build:demo`). */
export const demoDir = () => resolve('dist-demo');

/**
 * Writes `files` (name → text) to a new temporary folder with the widget's build linked in as
 * `dist/`, so that a page there loads `/dist/todo-widget.js`.
 */
export function writeHostSite(files) {
  const dist = distDir();
  assert.ok(existsSync(join(dist, 'todo-widget.js')), `${dist}/todo-widget.js is missing: run \`npm run build\` first`);
  const dir = writeSite(files);
  symlinkSync(dist, join(dir, 'dist'));
  return dir;
}

/**
 * What a site and its browser give a test (`state` holds them once set up; read them inside tests
 * and later hooks, not at once).
 */
function siteOf(state, { launch, launcher }) {
  const site = {
    /** The served folder. */
    get dir() {
      return state.dir;
    },
    /** `http://127.0.0.1:<port>` */
    get origin() {
      return state.server.origin;
    },
    /** Paths the server was asked for, in order. */
    get requests() {
      return state.server.requests;
    },
    /** What the launcher returned: launchBrowser's `{ context, profileDir, close() }`, or a crashable browser. */
    get browser() {
      return state.browser;
    },
    /** The browser's (persistent) context: its pages share storage. */
    get context() {
      return state.browser.context;
    },
    /** The absolute URL of `path` on the site. */
    url(path = '/') {
      return new URL(path, state.server.origin).href;
    },
    /**
     * A new page of the browser, going to `path` unless it is undefined; its console errors,
     * uncaught errors and failed requests are collected into `problems` if given.
     */
    async newPage(path, problems) {
      const page = await state.browser.context.newPage();
      if (problems) watchPage(page, problems);
      if (path !== undefined) await page.goto(site.url(path));
      return page;
    },
    /** Closes this browser and launches another (a fresh profile unless `options.profileDir`). */
    async relaunch(options = launch) {
      await state.browser?.close();
      state.browser = await launcher(options);
      return state.browser;
    },
    /** Closes the browser and stops the server. */
    async close() {
      await state.browser?.close();
      await state.server?.close();
    },
  };
  return site;
}

/** Makes or checks the folder to serve and starts its server (see useSite's `files`, `root`, `expect`, `serve`). */
async function serveSite(state, { files, root, expect, serve }) {
  const dir = typeof root === 'function' ? await root() : root;
  if (dir !== undefined && expect !== undefined)
    assert.ok(existsSync(join(dir, expect)), `${dir}/${expect} is missing: build it first (see CONTRIBUTING.md)`);
  state.dir = dir ?? writeHostSite(files ?? {});
  state.server = await serveStatic({ root: state.dir, ...serve });
}

/**
 * Registers, in the calling `describe`, the hooks that serve a site and launch a browser for its
 * tests, and returns what they set up (read it inside tests and later hooks, not at once).
 *
 * - `files` (name → text): pages written for the test, with the build linked in (writeHostSite);
 *   or `root`: a folder to serve as it is (e.g. demoDir()), checked to hold `expect` if given, or
 *   a function that makes that folder (awaited before the tests: e.g. after building another
 *   release).
 * - `serve`: more options for serveStatic (`cors`, `headers`, `refuse`, `host`, …).
 * - `launch`: options for the launcher (launchBrowser's: `backForwardCache`, `extraArgs`, …).
 * - `launcher`: what launches the browser: launchBrowser (default), or e.g. launchCrashableBrowser
 *   (crashable-browser.mjs), whose `crash()` and `restart()` a test then calls on `site.browser`.
 * - `browserPer`: `'file'` (default) launches one browser before the tests and closes it after;
 *   `'test'` launches a fresh one (a fresh profile, so a fresh database) for each test.
 *
 * @param {{ files?: Record<string,string>, root?: string | (() => string | Promise<string>), expect?: string, serve?: object, launch?: object, launcher?: (options: object) => Promise<{ context: import('playwright-core').BrowserContext, close(): Promise<void> }>, browserPer?: 'file' | 'test' }} options
 */
export function useSite({
  files,
  root,
  expect,
  serve = {},
  launch = {},
  launcher = launchBrowser,
  browserPer = 'file',
} = {}) {
  /** @type {{ server?: Awaited<ReturnType<typeof serveStatic>>, browser?: Awaited<ReturnType<typeof launchBrowser>>, dir?: string }} */
  const state = {};
  const site = siteOf(state, { launch, launcher });
  before(async () => {
    await serveSite(state, { files, root, expect, serve });
    if (browserPer === 'file') state.browser = await launcher(launch);
  });
  after(() => site.close());
  if (browserPer === 'test') {
    beforeEach(async () => {
      state.browser = await launcher(launch);
    });
    afterEach(async () => {
      await state.browser?.close();
      state.browser = undefined;
    });
  }
  return site;
}

/**
 * useSite's site and browser, set up now rather than in hooks: for a folder a test builds first,
 * or a site one test varies (its files or headers). The caller closes it (`await site.close()`).
 *
 * @param {{ files?: Record<string,string>, root?: string | (() => string | Promise<string>), expect?: string, serve?: object, launch?: object, launcher?: (options: object) => Promise<{ context: import('playwright-core').BrowserContext, close(): Promise<void> }> }} options
 */
export async function openSite({ files, root, expect, serve = {}, launch = {}, launcher = launchBrowser } = {}) {
  const state = {};
  const site = siteOf(state, { launch, launcher });
  try {
    await serveSite(state, { files, root, expect, serve });
    state.browser = await launcher(launch);
  } catch (error) {
    await site.close();
    throw error;
  }
  return site;
}
