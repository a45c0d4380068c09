/**
 * The npm build's `createDatabaseWorker` (vite.npm.config.ts swaps it in for ./create-worker.ts).
 * The app's bundler builds the worker, so its URL is only known to that bundler: the call below is
 * the one form Vite, webpack 5, Parcel and Rollup's worker plugins all recognise and rewrite, and
 * it must stay literally this (a variable URL or options object would hide it from them). The
 * build checks that it reaches dist/npm/ unchanged, pointing at dist/npm/pglite.worker.js.
 */
export function createDatabaseWorker(): Worker {
  // jsdom, happy-dom and Node (an app's own unit tests) have no Worker. Said here, not in the
  // script-tag build's starter, which has no bytes left in the main-thread budget.
  if (typeof Worker === 'undefined') throw new Error(NO_WORKER);
  try {
    return new Worker(new URL('./pglite.worker.js', import.meta.url), { type: 'module', name: 'todo-widget-db' });
  } catch (error) {
    // Browsers refuse a worker script from another origin. The script-tag build (dist/todo-widget.js)
    // works around it with a blob: bootstrap, which needs the worker's URL before starting it; here
    // only the app's bundler knows that URL, inside the expression above.
    if ((error as { name?: unknown } | null)?.name !== 'SecurityError') throw error;
    throw new Error(
      "The app serves its bundled assets from another origin than the page, and browsers refuse a worker script from another origin. Serve the built worker from the page's origin, or load the widget with its script tag (dist/todo-widget.js), which works from any origin.",
      { cause: error },
    );
  }
}

const NO_WORKER =
  'This environment has no Web Worker (jsdom, happy-dom and Node have none), and the widget keeps its database in one, so it cannot start here. Run tests that need the database in a real browser (Vitest browser mode, Web Test Runner, Playwright); in jsdom or happy-dom, test your side only: the attributes you set and your listeners, fed with the events the widget fires (see "Testing an app that embeds the widget" in docs/embedding.md).';
