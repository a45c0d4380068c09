// The server that serves the repository (compressed like a CDN) and the browsers the bench drives:
// one fresh persistent profile per launch, pages of an implementation, their start-up, their
// main-thread heap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../chromium.mjs';
import { serveStatic } from '../../test/e2e/support/static-server.mjs';
import { root, withTimeout } from './config.mjs';

/** The bench's server: set by startServer(), read by the scenarios (a live binding). */
export let server;

/** Serves the repository as a CDN would: compressed, so the throttled first visit downloads what a user would. */
export async function startServer() {
  server = await serveStatic({ root, compress: true });
  return server;
}

export const pageUrl = (impl, query) => {
  const path = impl === 'widget' ? '/bench/pages/widget.html' : `/bench/.build/${impl}.html`;
  return `${server.origin}${path}?${new URLSearchParams(query)}`;
};

export async function launch() {
  const profileDir = mkdtempSync(join(tmpdir(), 'todo-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1100, height: 800 },
    timeout: 90_000,
  });
  return {
    context,
    async close() {
      await withTimeout(context.close(), 30_000, 'close browser').catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export const consoleProblems = [];
export async function openPage(context, impl, query, { reuse = false, beforeGoto } = {}) {
  const page = (reuse && context.pages()[0]) || (await context.newPage());
  await beforeGoto?.(page);
  page.on('pageerror', (e) => consoleProblems.push(`${impl}: pageerror ${e.message}`.slice(0, 300)));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleProblems.push(`${impl}: console.error ${m.text()}`.slice(0, 300));
  });
  await page.goto(pageUrl(impl, query), { timeout: 60_000 });
  await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 60_000 });
  return page;
}

export const startup = (page, timeoutMs = 180_000) =>
  withTimeout(
    page.evaluate(() => window.bench.startup()),
    timeoutMs,
    'start-up',
  );

/**
 * Closes a tab once it has nothing in flight (pages that can tell: `window.benchSettled`). Bare
 * PGlite deadlocks every tab when one closes while it waits for the leader's lock (docs/upstream.md).
 */
export async function closeSettled(page) {
  await withTimeout(
    page.evaluate(() => window.benchSettled?.()),
    60_000,
    'tab settled',
  ).catch(() => undefined);
  await page.close();
}

/** Main-thread JS heap after a forced GC, in MB (the tab's worker is not included: see README). */
export async function heapMb(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await withTimeout(cdp.send('HeapProfiler.collectGarbage'), 60_000, 'collect garbage');
    const { usedSize } = await withTimeout(cdp.send('Runtime.getHeapUsage'), 20_000, 'heap usage');
    return usedSize / 1048576;
  } finally {
    await withTimeout(cdp.detach(), 10_000, 'detach').catch(() => undefined);
  }
}
