import { existsSync } from 'node:fs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { viteProxy } from './scripts/wtr-vite-plugin.mjs';
import { chromiumPath, chromiumFlags } from './scripts/chromium.mjs';

/**
 * Real Chromium, real worker, real PGlite: no mocks. A fresh PGlite costs ~10 s on a
 * slow machine, so each test file shares one database and isolates tests by list.
 */
const executablePath = chromiumPath();
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}. Install it (apt-get install -y chromium) or set CHROME_PATH.`);
  process.exit(1);
}

const vite = viteProxy();

export default {
  // test/**/long/ holds the long ones: `npm run test:long` runs them (`wtr "test/**/long/*.test.ts"`).
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/**/long/**'],
  // a11ySnapshot: what assistive technology is given (names and descriptions), not just the DOM.
  plugins: [vite.plugin, a11ySnapshotPlugin()],
  middleware: [vite.middleware],
  // Two test files at a time, each in its own tab of one Chromium (each file has its own database
  // name, so they do not share a leader): the machine has two cores, and a file spends much of
  // its time waiting for its worker. The flags keep a tab that is not in front from being
  // throttled (timers, rendering), which would make timing-dependent tests wait.
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 120_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          ...chromiumFlags,
          '--disable-background-timer-throttling',
          '--disable-backgrounding-occluded-windows',
          '--disable-renderer-backgrounding',
        ],
      },
    }),
  ],
};
