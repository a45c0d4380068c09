// Playwright Test for the TodoMVC demo suite only (test/todomvc/demo-todo-app.spec.ts), run by
// test/e2e/todomvc.e2e.mjs against the built demo page (TODOMVC_URL). Debian's Chromium, no
// browser download: @playwright/test drives it through executablePath like playwright-core does.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumFlags, chromiumPath } from '../../scripts/chromium.mjs';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // Each test gets a fresh browser context, so a fresh database: 5–9 s to start here, more when
  // the machine is shared.
  timeout: 240_000,
  expect: { timeout: 90_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  // Traces and screenshots of failures, outside the work tree.
  outputDir: join(tmpdir(), 'todo-widget-todomvc-results'),
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumFlags },
    actionTimeout: 90_000,
  },
});
