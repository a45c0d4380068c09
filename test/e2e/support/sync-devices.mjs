// Driving devices that sync: a host page whose <todo-app sync> takes the server's URL from the
// page's query string (the server's port is known only once it runs), and what a device shows.
import { DB_TIMEOUT } from './todo-page.mjs';

/** A host page: `<todo-app list=… sync=<?sync=…>>`, the bundle's exports on `window.todoWidget`. */
export function syncPage(list) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>sync host</title>
    <link rel="icon" href="data:," />
    <script type="module">
      window.todoWidget = await import('/dist/todo-widget.js');
      window.syncEvents = [];
      document.addEventListener('todo-sync', (event) => {
        window.syncEvents.push({ state: event.detail.state, pending: event.detail.pending, error: event.detail.error?.name });
        if (event.detail.retry) window.retrySync = event.detail.retry;
      });
      const params = new URL(location.href).searchParams;
      const app = document.createElement('todo-app');
      app.setAttribute('list', ${JSON.stringify(list)});
      // ?token=<first token>: configure({ sync: { url, token } }), the token read from window.nextToken.
      if (params.has('token')) {
        window.nextToken = params.get('token');
        window.todoWidget.configure({ sync: { url: params.get('sync'), token: async () => window.nextToken } });
      } else app.setAttribute('sync', params.get('sync'));
      document.body.append(app);
    </script>
  </head>
  <body></body>
</html>
`;
}

/** Opens the host page in `context` (one device's browser) with sync to `serverUrl`, its list live. */
export async function openDevice(context, pageUrl, serverUrl, token) {
  const page = await context.newPage();
  const withToken = token === undefined ? '' : `&token=${encodeURIComponent(token)}`;
  await page.goto(`${pageUrl}?sync=${encodeURIComponent(serverUrl)}${withToken}`);
  // Attached, not visible: an empty list hides its section (TodoMVC).
  await page.locator('section.main[aria-busy="false"]').first().waitFor({ state: 'attached', timeout: DB_TIMEOUT });
  return page;
}

/** The rows a device shows, as `title: done|open`, sorted by title. */
export async function rows(page) {
  const items = page.getByTestId('todo-item');
  const texts = await items.evaluateAll((elements) =>
    elements.map((row) => {
      const title = row.querySelector('[data-testid="todo-title"]')?.textContent ?? '';
      return `${title.trim()}: ${row.classList.contains('completed') ? 'done' : 'open'}`;
    }),
  );
  return texts.sort();
}

/** Waits until the device shows exactly `expected` (sorted `title: done|open`). */
export async function waitForRows(page, expected, timeout = DB_TIMEOUT) {
  const want = [...expected].sort();
  const deadline = Date.now() + timeout;
  let seen;
  while (Date.now() < deadline) {
    seen = await rows(page);
    if (JSON.stringify(seen) === JSON.stringify(want)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the device shows ${JSON.stringify(seen)}, not ${JSON.stringify(want)}`);
}

/** Renames a row as a user does: double-click, type, Enter. */
export async function renameTodo(page, from, to) {
  await page.getByTestId('todo-title').filter({ hasText: from }).dblclick();
  const edit = page.getByRole('textbox', { name: 'Edit' });
  await edit.fill(to);
  await edit.press('Enter');
}

/** The sync status line's text. */
export async function statusOf(page) {
  return (
    await page
      .locator('[part="sync-status"]')
      .textContent()
      .catch(() => '')
  )?.trim();
}

/**
 * Blocks the device's requests to the sync server (the leader's worker makes them) with
 * Playwright routing. @returns a function that unblocks them.
 */
export async function offline(context, serverUrl) {
  const pattern = `${serverUrl}/**`;
  const block = (route) => route.abort('internetdisconnected');
  await context.route(pattern, block);
  return () => context.unroute(pattern, block);
}
