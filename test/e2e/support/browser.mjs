// Launches Debian's Chromium (or CHROME_PATH) for end-to-end tests, with an on-disk
// profile so OPFS and IndexedDB behave as they do for users (incognito keeps them in memory).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../../../scripts/chromium.mjs';

/**
 * @param {{ profileDir?: string, keepProfile?: boolean, backForwardCache?: boolean }} [options]
 *   backForwardCache: let Chromium keep pages in the back/forward cache, as it does for users
 *   (Playwright turns it off by default so that going back always reloads).
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, profileDir: string, close(): Promise<void> }>}
 */
export async function launchBrowser({
  profileDir = mkdtempSync(join(tmpdir(), 'todo-e2e-')),
  keepProfile = false,
  backForwardCache = false,
  extraArgs = [],
} = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumFlags, ...extraArgs],
    ignoreDefaultArgs: backForwardCache ? ['--disable-back-forward-cache'] : [],
    viewport: { width: 1100, height: 800 },
  });
  return {
    context,
    profileDir,
    async close() {
      await context.close().catch(() => undefined);
      if (!keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Collects console errors, uncaught errors and failed requests of a page, for "no error" assertions. */
export function watchPage(page, problems = []) {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // A navigation away aborts in-flight requests; that is not a failure of the page.
    if (!failure.includes('ERR_ABORTED')) problems.push(`requestfailed: ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}
