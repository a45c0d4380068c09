// Sync through the package's server, fast enough for `npm test`: two browser profiles (two
// devices) on the embedded PGlite server. An add, a rename, a toggle and a delete on device A
// show on device B; both offline (the server's requests blocked), edits on both, back online:
// the same list everywhere, the server's included, nothing doubled. The longer cases (real
// PostgreSQL, the leader tab closed mid-sync) are in test/e2e/long/sync-devices.e2e.mjs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support/site.mjs';
import { launchBrowser } from './support/browser.mjs';
import { startSyncServer } from './support/sync-server.mjs';
import { syncPage, openDevice, rows, waitForRows, renameTodo, statusOf, offline } from './support/sync-devices.mjs';
import { addTodo, deleteTodo, toggleTodo } from './support/todo-page.mjs';

const LIST = 'sync-smoke';

describe('sync between two devices (embedded server)', () => {
  const site = useSite({ files: { 'index.html': syncPage(LIST) } });
  let server;
  let deviceB;
  before(async () => {
    server = await startSyncServer();
    deviceB = await launchBrowser();
  });
  after(async () => {
    await deviceB?.close();
    await server?.close();
  });

  it('an add, a rename, a toggle and a delete on device A show on device B', async () => {
    const a = await openDevice(site.context, site.url('/index.html'), server.url);
    const b = await openDevice(deviceB.context, site.url('/index.html'), server.url);
    await addTodo(a, 'milk');
    await addTodo(a, 'bread');
    await waitForRows(b, ['bread: open', 'milk: open']);
    await renameTodo(a, 'milk', 'oat milk');
    await toggleTodo(a, 'bread');
    await waitForRows(b, ['bread: done', 'oat milk: open']);
    await deleteTodo(a, 'bread');
    await waitForRows(b, ['oat milk: open']);
    // And back: B's change reaches A.
    await addTodo(b, 'eggs');
    await waitForRows(a, ['eggs: open', 'oat milk: open']);
    assert.deepEqual(await server.titles(LIST), ['eggs: open', 'oat milk: open']);
    await waitForStatus(a, 'Synced');
    await a.close();
    await b.close();
  });

  it('offline on both, edits on both, then online: the same list everywhere, nothing doubled', async () => {
    const a = await openDevice(site.context, site.url('/index.html'), server.url);
    const b = await openDevice(deviceB.context, site.url('/index.html'), server.url);
    await waitForRows(b, await rows(a));
    const goOnline = [await offline(site.context, server.url), await offline(deviceB.context, server.url)];
    await addTodo(a, 'from A offline');
    await toggleTodo(a, 'oat milk');
    await addTodo(b, 'from B offline');
    await renameTodo(b, 'eggs', 'free-range eggs');
    await waitForStatus(a, /Offline — \d+ changes? waiting/);
    await waitForStatus(b, /Offline — \d+ changes? waiting/);
    for (const online of goOnline) await online();
    const expected = ['free-range eggs: open', 'from A offline: open', 'from B offline: open', 'oat milk: done'];
    await waitForRows(a, expected);
    await waitForRows(b, expected);
    await waitForStatus(a, 'Synced');
    await waitForStatus(b, 'Synced');
    assert.deepEqual(await server.titles(LIST), expected);
    await a.close();
    await b.close();
  });

  it('configure({ sync: { url, token } }): a refused token waits with the changes kept, "auth-required", and syncs once given a new one', async () => {
    // A third device, signed in (later) as another user: a fresh profile.
    const deviceC = await launchBrowser();
    const page = await openDevice(deviceC.context, site.url('/index.html'), server.url, 'expired');
    await addTodo(page, 'made while signed out');
    await waitForStatus(page, 'Sign in again to sync');
    const events = await page.evaluate(() => window.syncEvents);
    assert.ok(
      events.some((event) => event.state === 'auth-required' && event.error === 'SyncAuthError'),
      JSON.stringify(events),
    );
    assert.deepEqual(await server.titles(LIST, 'carol'), []);
    await page.evaluate(() => {
      window.nextToken = 'carol';
      window.retrySync();
    });
    await waitForStatus(page, 'Synced');
    assert.deepEqual(await server.titles(LIST, 'carol'), ['made while signed out: open']);
    await deviceC.close();
  });
});

async function waitForStatus(page, text) {
  await page
    .getByRole('status')
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (error) => {
      throw new Error(`status never showed ${text}; it shows "${await statusOf(page)}"`, { cause: error });
    });
}
