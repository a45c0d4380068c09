// The README's script-tag embed as real sites serve it: the production build (dist/) on an asset
// host (the "CDN": 127.0.0.1, CORS headers, under /todo-widget/) and a host page on another origin
// (localhost), optionally with the strict Content-Security-Policy from the README.
import { mkdtempSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic } from './static-server.mjs';
import { writeSite } from './todo-page.mjs';

/** The "Use it on your site" snippet, with the asset host's URL filled in. */
export const embedPage = (widgetUrl) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>A shop that embeds the todo widget</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${widgetUrl}"></script>
  </head>
  <body>
    <todo-app></todo-app>
  </body>
</html>
`;

/** The Content-Security-Policy a strict host page needs, as documented in README.md. */
export const strictCsp = (assetOrigin) =>
  [
    "default-src 'self'",
    `script-src 'self' ${assetOrigin} 'wasm-unsafe-eval'`,
    // The worker is a blob: module, and its imports of the asset host's scripts are fetched
    // as "worker" requests, so worker-src needs the asset origin too (script-src is not asked).
    `worker-src 'self' blob: ${assetOrigin}`,
    `connect-src 'self' ${assetOrigin}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');

/**
 * Records, from the page's first script on, what a driver-neutral test needs to see: uncaught
 * errors, unhandled rejections, console.error, CSP violations (`problems`); every `todo-*` event
 * with its time; and the time of each Enter pressed in the widget (for add-to-saved timings).
 * Served from the host's own origin, so `script-src 'self'` allows it.
 */
const RECORDER = `(() => {
  const record = (window.__record = { problems: [], events: [], enters: [] });
  addEventListener('error', (event) => record.problems.push('error: ' + (event.message || event.error || event.type) + ' ' + (event.filename || '') + ':' + (event.lineno || '')));
  addEventListener('unhandledrejection', (event) => record.problems.push('unhandledrejection: ' + (event.reason && (event.reason.stack || event.reason.message) || event.reason)));
  document.addEventListener('securitypolicyviolation', (event) => record.problems.push('CSP violation: ' + event.violatedDirective + ' blocked ' + event.blockedURI));
  const consoleError = console.error;
  console.error = (...args) => {
    record.problems.push('console.error: ' + args.map((arg) => (arg && arg.stack) || String(arg)).join(' '));
    return consoleError.apply(console, args);
  };
  // A page restored from the back/forward cache keeps this record and says so here.
  addEventListener('pageshow', (event) => {
    if (event.persisted) record.restoredFromCache = (record.restoredFromCache || 0) + 1;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') record.enters.push(performance.now());
  }, true);
  for (const type of ['todo-add', 'todo-toggle', 'todo-rename', 'todo-remove', 'todo-error', 'todo-filter-change']) {
    document.addEventListener(type, (event) => {
      const detail = event.detail || {};
      record.events.push({
        type,
        at: performance.now(),
        list: detail.list,
        title: detail.todo && detail.todo.title,
        completed: detail.todo && detail.todo.completed,
        error: detail.error ? detail.error.name + ': ' + detail.error.message : undefined,
      });
    });
  }
})();
`;

/** The embed snippet plus the recorder (first) and `<todo-app list=… show-status>` (and `database=…`). */
const recordedEmbedPage = (widgetUrl, list, database) =>
  embedPage(widgetUrl)
    .replace('<script type="module"', '<script src="/record.js"></script>\n    <script type="module"')
    .replace(
      '<todo-app></todo-app>',
      `<todo-app list="${list}"${database ? ` database="${database}"` : ''} show-status></todo-app>`,
    );

/**
 * Starts the asset host and a host site. Pages on the site: `/` (list `default`) and
 * `/list-NAME.html` for any NAME in `lists`, each the recorded embed snippet; `/db-NAME.html` for
 * any NAME in `databases` (list `home` of database NAME); `/elsewhere.html`, a page without the
 * widget; `/DIR/…` for each DIR → folder in `mounts`. `csp`: send the README's strict policy. Returns `{ cdn, site, widgetUrl, url(list), databaseUrl(database), close() }`.
 */
export async function startEmbedSite({ csp = true, lists = [], databases = [], mounts = {} } = {}) {
  const dist = resolve('dist');
  if (!existsSync(join(dist, 'todo-widget.js')))
    throw new Error('dist/todo-widget.js is missing: run `npm run build` first');
  const cdnRoot = mkdtempSync(join(tmpdir(), 'todo-cdn-'));
  symlinkSync(dist, join(cdnRoot, 'todo-widget'), 'dir');
  const cdn = await serveStatic({ root: cdnRoot, host: '127.0.0.1', cors: true });
  const widgetUrl = `${cdn.origin}/todo-widget/todo-widget.js`;
  const files = {
    'record.js': RECORDER,
    'index.html': recordedEmbedPage(widgetUrl, 'default'),
    'elsewhere.html':
      '<!doctype html>\n<html lang="en"><head><meta charset="utf-8" /><title>Another page of the site</title><link rel="icon" href="data:," /></head><body><p>No widget here.</p></body></html>\n',
  };
  for (const list of lists) files[`list-${list}.html`] = recordedEmbedPage(widgetUrl, list);
  for (const database of databases) files[`db-${database}.html`] = recordedEmbedPage(widgetUrl, 'home', database);
  const root = writeSite(files);
  for (const [dir, folder] of Object.entries(mounts)) symlinkSync(folder, join(root, dir), 'dir');
  const site = await serveStatic({
    root,
    host: 'localhost',
    headers: csp ? { 'Content-Security-Policy': strictCsp(cdn.origin) } : {},
  });
  return {
    cdn,
    site,
    widgetUrl,
    url: (list = 'default') => (list === 'default' ? `${site.origin}/` : `${site.origin}/list-${list}.html`),
    databaseUrl: (database) => `${site.origin}/db-${database}.html`,
    async close() {
      await site.close();
      await cdn.close();
      rmSync(cdnRoot, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
