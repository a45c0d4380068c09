// The React 19, Vue 3 and Svelte 5 demos (demo/react, demo/vue, demo/svelte), built from the source with Vite
// (`npm run build:demo`): the host framework sets attributes/properties on <todo-app> and receives its events.
// distribution-bundler.e2e.mjs builds the same demos from the packed package, as apps do.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../support/browser.mjs';
import { FRAMEWORK_DEMOS, checkFrameworkDemo } from '../support/framework-demo.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { recordTodoEvents } from '../support/todo-page.mjs';

const distDemo = resolve('dist-demo');

describe('framework demos', { timeout: 600_000 }, () => {
  let browser;
  let site;

  before(async () => {
    assert.ok(
      existsSync(join(distDemo, 'demo', 'react', 'index.html')),
      'dist-demo/ is missing: run `npm run build:demo` first',
    );
    site = await serveStatic({ root: distDemo, host: '127.0.0.1' });
    browser = await launchBrowser();
    await recordTodoEvents(browser.context);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const demo of FRAMEWORK_DEMOS) {
    it(`${demo.name}: adding and toggling a todo reaches the ${demo.name} host as events`, () =>
      checkFrameworkDemo(browser.context, site.origin, demo));
  }
});
