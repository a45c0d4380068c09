// Sync's longer end-to-end cases, in `npm run test:sync`: two browser profiles (two devices) on a
// sync server over a throwaway real PostgreSQL cluster (scripts/postgres.mjs) and on the embedded
// PGlite. Device A has two tabs; its leader tab is closed while a push is under way, and the
// other tab, now leading, sends the durable queue again: every change arrives once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPostgres } from '../../../scripts/postgres.mjs';
import { useSite } from '../support/site.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startSyncServer } from '../support/sync-server.mjs';
import { syncPage, openDevice, waitForRows, renameTodo } from '../support/sync-devices.mjs';
import { addTodo, deleteTodo, toggleTodo } from '../support/todo-page.mjs';

const isLeader = (page) => page.evaluate(() => window.todoWidget.getDatabaseClient().isLeader);

for (const backend of ['PostgreSQL', 'embedded PGlite']) {
  describe(`sync between two devices (${backend})`, () => {
    const list = `devices-${backend === 'PostgreSQL' ? 'pg' : 'pglite'}`;
    const site = useSite({ files: { 'index.html': syncPage(list) }, browserPer: 'test' });
    let cluster;
    let server;
    let deviceB;
    before(async () => {
      if (backend === 'PostgreSQL') cluster = await startPostgres();
      server = await startSyncServer(cluster ? { postgres: cluster.url } : {});
    });
    after(async () => {
      await deviceB?.close();
      await server?.close();
      await cluster?.stop();
    });

    it('every kind of change on device A shows on device B', async () => {
      deviceB = await launchBrowser();
      const a = await openDevice(site.context, site.url('/index.html'), server.url);
      const b = await openDevice(deviceB.context, site.url('/index.html'), server.url);
      for (const title of ['one', 'two', 'three']) await addTodo(a, title);
      await renameTodo(a, 'two', 'two, renamed');
      await toggleTodo(a, 'one');
      await deleteTodo(a, 'three');
      await waitForRows(b, ['one: done', 'two, renamed: open']);
      await a.getByRole('checkbox', { name: 'Mark all as complete' }).click();
      await waitForRows(b, ['one: done', 'two, renamed: done']);
      await a.getByRole('button', { name: 'Clear completed' }).click();
      await waitForRows(b, []);
      assert.deepEqual(await server.titles(list), []);
      await deviceB.close();
      deviceB = undefined;
    });

    it('the leader tab closed while it pushes: the other tab of the device pushes the queue, once', async () => {
      deviceB = await launchBrowser();
      const leader = await openDevice(site.context, site.url('/index.html'), server.url);
      const follower = await openDevice(site.context, site.url('/index.html'), server.url);
      const b = await openDevice(deviceB.context, site.url('/index.html'), server.url);
      assert.equal(await isLeader(leader), true);
      assert.equal(await isLeader(follower), false);
      // Pushes reach the route and hang there, unanswered, until the leader's tab is gone.
      let pushSeen;
      const pushing = new Promise((resolve) => (pushSeen = resolve));
      const hold = () => {
        pushSeen();
        return new Promise(() => undefined);
      };
      const pushes = `${server.url}/v1/push`;
      await site.context.route(pushes, hold);
      await addTodo(leader, 'queued in the leader');
      await addTodo(follower, 'queued from the follower');
      await pushing;
      await leader.close();
      await site.context.unroute(pushes, hold);
      await follower.waitForFunction(() => window.todoWidget.getDatabaseClient().isLeader, null, { timeout: 60_000 });
      const expected = ['queued from the follower: open', 'queued in the leader: open'];
      await waitForRows(b, expected);
      await waitForRows(follower, expected);
      assert.deepEqual(await server.titles(list), expected);
      await deviceB.close();
      deviceB = undefined;
    });
  });
}
