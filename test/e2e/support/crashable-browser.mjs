// A Chromium that a test can kill like a power cut kills it: started by us (not by Playwright,
// whose launchPersistentContext hides the process), in its own process group, on an on-disk
// profile that outlives it; Playwright drives it over CDP. `crash()` sends SIGKILL to the whole
// group (browser, renderers, GPU and utility processes): nothing gets to flush or say goodbye.
// `restart()` starts a new Chromium on the same profile, as a user reopening the browser would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../../../scripts/chromium.mjs';

/** How long Chromium gets to print its DevTools address: a cold start on this machine takes a few seconds. */
const START_TIMEOUT_MS = 60_000;

/**
 * What Playwright passes on its own launches and a test's timing depends on: no throttling of
 * background tabs or timers, no back/forward cache (as launchBrowser), no crash reporter.
 */
const PLAYWRIGHT_LIKE_FLAGS = [
  '--headless',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-back-forward-cache',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-breakpad',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-default-browser-check',
  '--password-store=basic',
  '--mute-audio',
  '--hide-scrollbars',
  '--window-size=1100,800',
];

/**
 * Process groups of the Chromiums started here and not yet killed. Started detached, they
 * would outlive a test run that ends early (a timeout, Ctrl-C): they are killed on the way out.
 */
const running = new Set();
process.on('exit', () => running.forEach(killGroup));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    running.forEach(killGroup);
    process.kill(process.pid, signal);
  });
}

/** Starts Chromium on `profileDir` and resolves once Playwright is connected to it. */
async function start(profileDir) {
  const child = spawn(
    chromiumPath(),
    [
      ...chromiumFlags,
      ...PLAYWRIGHT_LIKE_FLAGS,
      '--remote-debugging-port=0',
      `--user-data-dir=${profileDir}`,
      'about:blank',
    ],
    // detached: its own process group, so one kill reaches every process it forks.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Chromium printed no DevTools address in ${START_TIMEOUT_MS} ms:\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-20_000);
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', reject);
    exited.then(({ code, signal }) =>
      reject(new Error(`Chromium exited (${code ?? signal}) before it listened:\n${stderr}`)),
    );
  }).catch((error) => {
    killGroup(child.pid);
    throw error;
  });
  // Keep draining stderr so a chatty Chromium never blocks on a full pipe.
  child.stderr.resume();
  const browser = await chromium.connectOverCDP(endpoint, { timeout: START_TIMEOUT_MS });
  return { child, exited, browser, context: browser.contexts()[0] };
}

function killGroup(pid) {
  running.delete(pid);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Resolves once no process of group `pid` is left (the renderers die a moment after the browser). */
async function groupGone(pid, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pid, 0);
    } catch (error) {
      if (error.code === 'ESRCH') return;
      throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`processes of Chromium's group ${pid} still alive ${timeoutMs} ms after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * @param {{ profileDir?: string, keepProfile?: boolean, onStart?: (context: import('playwright-core').BrowserContext) => Promise<void> }} [options]
 *   onStart runs on every (re)start before the test gets the context, e.g. to add init scripts.
 * @returns {Promise<{
 *   context: import('playwright-core').BrowserContext,
 *   readonly pid: number,
 *   profileDir: string,
 *   crash(): Promise<void>,
 *   restart(): Promise<import('playwright-core').BrowserContext>,
 *   close(): Promise<void>,
 * }>}
 *   `context` is replaced on every restart; read it from the returned object each time.
 */
export async function launchCrashableBrowser({
  profileDir = mkdtempSync(join(tmpdir(), 'todo-crash-')),
  keepProfile = false,
  onStart,
} = {}) {
  /** The Chromium now running on the profile: { child, exited, browser, context }. */
  let current;
  const handle = {
    profileDir,
    context: undefined,
    get pid() {
      return current?.child.pid;
    },
    /** SIGKILL to every process of this Chromium; resolves once they are all gone. */
    async crash() {
      if (!current) return;
      const { child, exited, browser } = current;
      current = undefined;
      killGroup(child.pid);
      await exited;
      await groupGone(child.pid);
      // The CDP connection is dead now; Playwright notices on its own, this only settles it.
      await browser.close().catch(() => undefined);
    },
    /** A new Chromium on the same profile (the old one must be gone: crash() or close() first). */
    async restart() {
      if (current) throw new Error('restart() while Chromium still runs: crash() or close() it first');
      current = await start(profileDir);
      handle.context = current.context;
      if (onStart) await onStart(handle.context);
      return handle.context;
    },
    /** Ends this Chromium (killed too: nothing is left to save) and, unless kept, deletes the profile. */
    async close() {
      await handle.crash();
      if (!keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
  await handle.restart();
  return handle;
}
