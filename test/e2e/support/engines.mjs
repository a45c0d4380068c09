// One browser-neutral layer over three engines, so a scenario is written once and runs in each:
//   chromium  Debian's Chromium through playwright-core (CDP), as the rest of the e2e suite
//   firefox   Debian's Firefox ESR through puppeteer-core (WebDriver BiDi)
//   webkit    WebKitGTK through WebKitWebDriver (W3C WebDriver classic, support/webdriver.mjs),
//             under xvfb-run, driving scripts/webkitgtk-browser.py (a persistent profile) or,
//             with WEBKIT_BROWSER set, another WebKitGTK browser such as MiniBrowser.
// Every engine runs on an on-disk profile that `restart()` reopens, as a user reopening the browser.
//
// Elements are found by a *locator*: one step `{ css, text? }` or an array of steps, each searched
// in the previous step's element and every open shadow root below it (`text`: the element's
// text, shadow content included, contains it). Clicks and typing are the driver's own (real
// input events); everything else is a script evaluated in the page.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumFlags, chromiumPath } from '../../../scripts/chromium.mjs';
import { KEYS, isElement, newSession } from './webdriver.mjs';

export const ENGINE_NAMES = ['chromium', 'firefox', 'webkit'];

export const firefoxPath = () => process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const webkitDriverPath = () => process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
/** The WebKitGTK browser WebKitWebDriver starts; the default keeps its profile on disk (see the script). */
export const webkitBrowserPath = () => process.env.WEBKIT_BROWSER || resolve('scripts/webkitgtk-browser.py');
/** Whether the WebKitGTK browser keeps a profile across restarts (MiniBrowser's automation sessions are ephemeral). */
export const webkitPersistentProfile = () => !process.env.WEBKIT_BROWSER;

/** How long a driver command may take: the machine is slow and a page may be busy opening PGlite. */
const COMMAND_TIMEOUT = 180_000;

/** Finds the element(s) a locator names, through open shadow roots. Runs in the page (no closure). */
function findInPage(locator, all) {
  const steps = Array.isArray(locator) ? locator : [locator];
  const deepText = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return '';
    const children = node.shadowRoot ? [...node.shadowRoot.childNodes] : [...node.childNodes];
    return children.map(deepText).join('');
  };
  const deepQuery = (root, css) => {
    const found = [];
    const walk = (scope) => {
      for (const element of scope.querySelectorAll('*')) {
        if (element.matches(css)) found.push(element);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return found;
  };
  let scopes = [document];
  for (const step of steps) {
    const { css, text } = typeof step === 'string' ? { css: step } : step;
    scopes = scopes
      .flatMap((scope) => deepQuery(scope, css))
      .filter((element) => text === undefined || deepText(element).includes(text));
  }
  return all ? scopes : (scopes[0] ?? null);
}

const describeLocator = (locator) => JSON.stringify(locator);

/** The JS expression (no eval in the page, so a strict CSP does not stop it) finding `locator`. */
const findExpression = (locator, all) => `(${findInPage})(${JSON.stringify(locator)}, ${all})`;

/** A free TCP port on 127.0.0.1 (for WebKitWebDriver, which needs one given). */
async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * The methods every engine's page shares, over three primitives the engine supplies:
 * `run(expression)` (evaluates a JS expression in the page, awaiting a promise, returns JSON),
 * `element(locator)` (a driver element handle, or null), `clickElement`, `typeInto(element, text, enter)`.
 */
function pageApi(primitives) {
  const page = {
    ...primitives,
    /** Evaluates `fn(...args)` in the page (fn is serialised: no closure); resolves its JSON result. */
    evaluate: (fn, ...args) => primitives.run(`(${fn})(...${JSON.stringify(args)})`),
    /** Polls `fn(...args)` in the page until it returns a truthy value; fails with `message` and the last value. */
    async waitFor(fn, args = [], { timeout = 90_000, message = 'condition', interval = 100 } = {}) {
      const started = Date.now();
      let last;
      for (;;) {
        try {
          last = await page.evaluate(fn, ...args);
          if (last) return last;
        } catch (error) {
          last = `evaluate failed: ${error.message.split('\n')[0]}`;
        }
        if (Date.now() - started > timeout)
          throw new Error(`waited ${timeout} ms for ${message}; last: ${JSON.stringify(last)}`);
        await new Promise((done) => setTimeout(done, interval));
      }
    },
    /**
     * Goes back in the tab's history without waiting for a load (a page restored from the
     * back/forward cache fires none); poll the page for what should follow.
     */
    back: () => primitives.run('void setTimeout(() => history.back(), 0)'),
    /** Waits for the locator to match, then returns the driver's element for it. */
    async find(locator, { timeout = 90_000 } = {}) {
      const started = Date.now();
      while (!(await primitives.run(`!!${findExpression(locator, false)}`).catch(() => false))) {
        if (Date.now() - started > timeout)
          throw new Error(`no element ${describeLocator(locator)} within ${timeout} ms`);
        await new Promise((done) => setTimeout(done, 100));
      }
      const element = await primitives.element(locator);
      if (!element) throw new Error(`element ${describeLocator(locator)} went away`);
      return element;
    },
    /** How many elements the locator matches now. */
    count: (locator) => primitives.run(`${findExpression(locator, true)}.length`),
    /** The text contents of every element the locator matches now. */
    texts: (locator) => primitives.run(`${findExpression(locator, true)}.map((element) => element.textContent.trim())`),
    /** A property of the first element the locator matches (e.g. 'checked'), or undefined. */
    property: (locator, name) => primitives.run(`${findExpression(locator, false)}?.[${JSON.stringify(name)}]`),
    async click(locator, options) {
      await primitives.clickElement(await page.find(locator, options));
    },
    /** Types `text` into the element (appending to its value), then Enter if `enter`. */
    async type(locator, text, { enter = false, ...options } = {}) {
      await primitives.typeInto(await page.find(locator, options), text, enter);
    },
  };
  return page;
}

// ---------------------------------------------------------------------------------------------
// Chromium (playwright-core, CDP)

async function launchChromium(profileDir) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1100, height: 800 },
    timeout: COMMAND_TIMEOUT,
    // Playwright turns the back/forward cache off; users have it.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
  context.setDefaultTimeout(COMMAND_TIMEOUT);
  const version =
    context.browser()?.version() ??
    (await (async () => {
      const page = context.pages()[0] ?? (await context.newPage());
      return page.evaluate(() => navigator.userAgent.match(/Chrome\/(\S+)/)?.[1]);
    })());
  const wrap = (pwPage) =>
    pageApi({
      native: pwPage,
      goto: (url) => pwPage.goto(url, { timeout: COMMAND_TIMEOUT }).then(() => undefined),
      reload: () => pwPage.reload({ timeout: COMMAND_TIMEOUT }).then(() => undefined),
      run: (expression) => pwPage.evaluate(expression),
      element: async (locator) => {
        const handle = await pwPage.evaluateHandle(findExpression(locator, false));
        return handle.asElement();
      },
      clickElement: (element) => element.click(),
      typeInto: async (element, text, enter) => {
        await element.type(text);
        if (enter) await element.press('Enter');
      },
      close: () => pwPage.close(),
    });
  const first = context.pages()[0];
  return {
    version,
    firstPage: first ? wrap(first) : undefined,
    newPage: async () => wrap(await context.newPage()),
    close: () => context.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Firefox (puppeteer-core, WebDriver BiDi)

async function launchFirefox(profileDir) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profileDir,
    protocolTimeout: COMMAND_TIMEOUT,
    timeout: COMMAND_TIMEOUT,
    defaultViewport: { width: 1100, height: 800 },
  });
  const version = (await browser.version()).replace(/^firefox\//, '');
  const wrap = (ppPage) => {
    ppPage.setDefaultTimeout(COMMAND_TIMEOUT);
    return pageApi({
      native: ppPage,
      goto: (url) => ppPage.goto(url).then(() => undefined),
      reload: () => ppPage.reload().then(() => undefined),
      run: (expression) => ppPage.evaluate(expression),
      element: async (locator) => {
        const handle = await ppPage.evaluateHandle(findExpression(locator, false));
        return handle.asElement();
      },
      clickElement: (element) => element.click(),
      typeInto: async (element, text, enter) => {
        await element.type(text);
        if (enter) await element.press('Enter');
      },
      close: () => ppPage.close(),
    });
  };
  const [first] = await browser.pages();
  return {
    version,
    firstPage: first ? wrap(first) : undefined,
    newPage: async () => wrap(await browser.newPage()),
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// WebKitGTK (WebKitWebDriver, W3C WebDriver classic)

async function launchWebKit(profileDir) {
  const port = await freePort();
  // xvfb-run -a: a private X display; detached so one kill reaches Xvfb, the driver and the browser.
  const child = spawn('xvfb-run', ['-a', webkitDriverPath(), `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => (log = (log + chunk).slice(-20_000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const killAll = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const status = await (await fetch(`${base}/status`)).json();
        if (status.value?.ready) break;
      } catch {}
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${base} within 60 s:\n${log}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    const args = ['--automation'];
    if (webkitPersistentProfile()) args.push(`--profile=${profileDir}`);
    const session = await newSession(base, { 'webkitgtk:browserOptions': { binary: webkitBrowserPath(), args } });
    await session.setTimeouts({ script: COMMAND_TIMEOUT, pageLoad: COMMAND_TIMEOUT, implicit: 0 });
    let current = await session.windowHandle();
    const use = async (handle) => {
      if (current !== handle) await session.switchToWindow(handle);
      current = handle;
    };
    const wrap = (handle) =>
      pageApi({
        handle,
        goto: async (url) => {
          await use(handle);
          await session.navigate(url);
        },
        reload: async () => {
          await use(handle);
          await session.refresh();
        },
        run: async (expression) => {
          await use(handle);
          const result = await session.executeAsync(
            `const done = arguments[arguments.length - 1];
             Promise.resolve().then(() => (${expression})).then(
               (value) => done({ ok: value === undefined ? null : value }),
               (error) => done({ error: String(error && error.stack || error) }));`,
          );
          if (result && 'error' in result) throw new Error(result.error);
          return result?.ok ?? undefined;
        },
        element: async (locator) => {
          await use(handle);
          const element = await session.executeSync(`return ${findExpression(locator, false)};`);
          return isElement(element) ? element : null;
        },
        clickElement: (element) => session.click(element),
        typeInto: (element, text, enter) => session.sendKeys(element, enter ? text + KEYS.Enter : text),
        close: async () => {
          await use(handle);
          await session.closeWindow();
          current = undefined;
        },
      });
    return {
      version: session.capabilities.browserVersion,
      firstPage: wrap(current),
      newPage: async () => wrap(await session.newWindow('tab')),
      close: async () => {
        await session.delete().catch(() => undefined);
        killAll();
      },
    };
  } catch (error) {
    killAll();
    error.message += `\n--- WebKitWebDriver output ---\n${log}`;
    throw error;
  }
}

const LAUNCHERS = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit };

/** Whether `name`'s binaries are on this machine (so a suite can say what it skips and why). */
export function engineMissing(name) {
  const needed = {
    chromium: [chromiumPath()],
    firefox: [firefoxPath()],
    webkit: [webkitDriverPath(), '/usr/bin/xvfb-run'],
  }[name];
  const missing = needed.filter((path) => !existsSync(path));
  return missing.length ? `missing ${missing.join(', ')} (run scripts/setup.sh)` : undefined;
}

/**
 * Starts engine `name` on a profile folder (new unless given). Returns
 * `{ name, version, profileDir, newPage(), restart(), close(), dispose() }`:
 * `newPage()` opens a tab (the first call reuses the window the browser opened with);
 * `restart()` closes the browser and starts it again on the same profile;
 * `close()` ends it keeping the profile; `dispose()` ends it and deletes the profile.
 */
export async function launchEngine(name, { profileDir = mkdtempSync(join(tmpdir(), `todo-${name}-`)) } = {}) {
  let running = await LAUNCHERS[name](profileDir);
  const handle = {
    name,
    version: running.version,
    profileDir,
    async newPage() {
      if (running.firstPage) {
        const page = running.firstPage;
        running.firstPage = undefined;
        return page;
      }
      return running.newPage();
    },
    async restart() {
      await running.close();
      running = await LAUNCHERS[name](profileDir);
      handle.version = running.version;
    },
    close: () => running.close(),
    async dispose() {
      await running.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return handle;
}
