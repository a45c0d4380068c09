// The React 19, Vue 3 and Svelte 5 demos (demo/react, demo/vue, demo/svelte), built from the source with Vite
// (`npm run build:demo`): the host framework sets attributes/properties on <todo-app> and receives its events.
// distribution-bundler.e2e.mjs builds the same demos from the packed package, as apps do.
import { before, describe, it } from 'node:test';
import { FRAMEWORK_DEMOS, checkFrameworkDemo } from '../support/framework-demo.mjs';
import { demoDir, useSite } from '../support/site.mjs';
import { recordTodoEvents } from '../support/todo-page.mjs';

describe('framework demos', { timeout: 600_000 }, () => {
  const site = useSite({ root: demoDir(), expect: 'demo/react/index.html' });

  before(async () => {
    await recordTodoEvents(site.context);
  });

  for (const demo of FRAMEWORK_DEMOS) {
    it(`${demo.name}: adding and toggling a todo reaches the ${demo.name} host as events`, () =>
      checkFrameworkDemo(site.context, site.origin, demo));
  }
});
