// Issue 14, failure mode 1: a leader that cannot open the database must not hold the other
// tabs hostage. Two real tabs of one persistent-profile Chromium on the production build; the
// asset host starts answering 404 for PGlite's engine files (a deploy removed them, a CDN
// outage), the leader tab closes, and the tab left must say so visibly instead of freezing;
// once the files are back it must work again without a reload, and so must a new tab.
// Timings are printed for reading; the bounds are generous and only about correctness.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostPage } from '../support/host-page.mjs';
import { distDir, useSite } from '../support/site.mjs';
import { addTodo, recordTodoEvents, waitForTodoEvent } from '../support/todo-page.mjs';
import {
  engineAssets,
  isLeader,
  openTab,
  statusOf,
  storedTitles,
  waitForTitles,
  waitForWorking,
  waitUntil,
} from '../support/tabs.mjs';

const LIST = 'leader-failure';
/** The bound for the remaining tab to show that no database can start. */
const FAILURE_SHOWN_MS = 30_000;
const dist = distDir();

describe(
  'a leader that cannot open the database (issue 14, failure mode 1)',
  { concurrency: false, timeout: 600_000 },
  () => {
    let url;
    /** Request paths that answer 404 while `refusing` is set. */
    let engine = new Set();
    let refusing = false;
    let refused = 0;
    let leader;
    let remaining;
    let openedDuringOutage;
    const titles = [];

    const site = useSite({
      files: { 'index.html': hostPage({ title: 'leader failure', list: LIST }) },
      serve: {
        refuse: (path) => {
          if (!refusing || !engine.has(path)) return false;
          refused++;
          return true;
        },
      },
    });

    before(async () => {
      url = site.url('/index.html');
      await recordTodoEvents(site.context);
    });

    /** Adds `title` through the UI of `page` and waits until it is saved. */
    async function add(page, title) {
      await addTodo(page, title);
      await waitForTodoEvent(page, 'todo-add', title).catch(async (error) => {
        assert.fail(
          `"${title}" was not saved: ${error.message.split('\n')[0]}; status: ${JSON.stringify(await statusOf(page))}`,
        );
      });
      titles.push(title);
    }

    it('1. two tabs share one database; the engine files are those the leader loads', async () => {
      let started = Date.now();
      const first = await openTab(site.context, url);
      await waitForWorking(first, 'the first tab opens the database');
      await add(first, 'added in the first tab');
      console.log(`# first tab: database and first add in ${Date.now() - started} ms`);
      const firstRequests = site.requests.splice(0);

      started = Date.now();
      const second = await openTab(site.context, url);
      await waitForWorking(second, 'the second tab joins');
      await add(second, 'added in the second tab');
      await Promise.all([first, second].map((page) => waitForTitles(page, titles, 'both tabs show both todos')));
      console.log(`# second tab: joined and added in ${Date.now() - started} ms`);
      const secondRequests = site.requests.splice(0);

      const leaders = await Promise.all([first, second].map(isLeader));
      assert.equal(leaders.filter(Boolean).length, 1, `exactly one tab leads: ${leaders}`);
      const [leaderRequests, followerRequests] = leaders[0]
        ? [firstRequests, secondRequests]
        : [secondRequests, firstRequests];
      // What PGlite's engine is made of, as far as the leader fetched it: its .wasm and .data, and
      // the JS chunks that load them unless a follower's worker loads them too (that worker's own
      // script must still load; only opening the database must fail).
      const binary = (path) => /\.(wasm|data)$/.test(path);
      engine = new Set(
        engineAssets(dist).filter(
          (path) => leaderRequests.includes(path) && (binary(path) || !followerRequests.includes(path)),
        ),
      );
      console.log(`# engine files (404 from test 2 on): ${[...engine].join(', ')}`);
      const preloaded = [...engine].filter((path) => followerRequests.includes(path));
      if (preloaded.length > 0)
        console.log(
          `# note: the follower fetched ${preloaded.join(', ')} before leading; refusing them later may provoke nothing`,
        );
      assert.ok(
        [...engine].some((path) => path.endsWith('.wasm')),
        'the leader fetched a .wasm',
      );
      assert.ok(
        [...engine].some((path) => path.endsWith('.data')),
        'the leader fetched a .data',
      );
      [leader, remaining] = leaders[0] ? [first, second] : [second, first];
      await remaining.evaluate(() => (window.sameDocument = true));
    });

    it('2. the engine files answer 404 and the leader tab closes: the other tab shows the failure within 30 s', async () => {
      assert.ok(remaining, 'test 1 set up two tabs');
      refusing = true;
      const closedAt = Date.now();
      await leader.close();
      const { value: status, elapsedMs } = await waitUntil(
        () => statusOf(remaining),
        (status) => status.role === 'failed',
        'the remaining tab shows [data-testid="db-status"][data-role="failed"]',
        FAILURE_SHOWN_MS,
      );
      console.log(
        `# failure shown ${elapsedMs} ms after the leader closed (${refused} engine requests refused so far): "${status.text}"`,
      );
      assert.match(status.text, /The database could not start: /);
      const alert = remaining.locator('todo-app').locator('p[part="error"][role="alert"]');
      await alert.waitFor({ timeout: 10_000 });
      console.log(
        `# alert: "${(await alert.textContent()).replace(/\s+/g, ' ').trim()}" (${Date.now() - closedAt} ms after the close)`,
      );

      // A tab opened during the outage fails to start too (its lists could not subscribe).
      openedDuringOutage = await openTab(site.context, url);
      await waitUntil(
        () => statusOf(openedDuringOutage),
        (status) => status.role === 'failed',
        'a tab opened during the outage shows the failure',
        FAILURE_SHOWN_MS,
      );
      await openedDuringOutage.evaluate(() => (window.sameDocument = true));
    });

    it('3. the files are back: the remaining tab recovers without reload, a new tab works, every todo is there', async () => {
      assert.ok(remaining, 'test 1 set up two tabs');
      refusing = false;
      const backAt = Date.now();
      const { value: status, elapsedMs } = await waitForWorking(
        remaining,
        'the remaining tab works again (leader or follower) without reload',
      );
      console.log(`# remaining tab ${status.role} again ${elapsedMs} ms after the files came back`);
      await waitForTitles(remaining, titles, 'the remaining tab shows every todo again');
      await add(remaining, 'added in the remaining tab after recovery');
      await waitForTitles(remaining, titles, 'the remaining tab shows its new todo');
      console.log(`# remaining tab: list live and an add saved ${Date.now() - backAt} ms after the files came back`);
      assert.equal(await remaining.evaluate(() => window.sameDocument), true, 'the remaining tab was not reloaded');

      // Its lists never had a subscription: they subscribe once the database runs.
      await waitForWorking(openedDuringOutage, 'the tab opened during the outage works without reload');
      await waitForTitles(openedDuringOutage, titles, 'the tab opened during the outage shows every todo');
      assert.equal(await openedDuringOutage.evaluate(() => window.sameDocument), true, 'it was not reloaded');

      const started = Date.now();
      const fresh = await openTab(site.context, url);
      await waitForWorking(fresh, 'a new tab opens the database');
      await waitForTitles(fresh, titles, 'a new tab shows every todo');
      await add(fresh, 'added in a new tab');
      await Promise.all(
        [fresh, remaining].map((page) => waitForTitles(page, titles, 'the new todo shows in both tabs')),
      );
      console.log(`# new tab: working, every todo shown and an add live in both tabs in ${Date.now() - started} ms`);
      assert.deepEqual((await storedTitles(fresh, LIST)).sort(), [...titles].sort(), 'every todo stored once');
    });
  },
);

// Issue 29, item 2: anything on the origin can post on the widget's channels. One well-formed
// "leader ready" (or "electing") from page script, for a term nobody runs, must not take the tabs
// away from the real leader: every add must still be saved, in every tab.
describe('a forged leader announcement (issue 29, item 2)', { concurrency: false, timeout: 600_000 }, () => {
  const site = useSite({ files: { 'index.html': hostPage({ title: 'forged announcement', list: 'forged' }) } });

  before(async () => {
    await recordTodoEvents(site.context);
  });

  it('the tabs keep saving to the real leader after a forged "ready" and "electing" on the channel', async () => {
    const url = `${site.origin}/index.html`;
    const tabs = [await openTab(site.context, url), await openTab(site.context, url)];
    for (const [index, tab] of tabs.entries()) await waitForWorking(tab, `tab ${index + 1} works`);
    // Any page of the origin, without the widget.
    const forger = await site.context.newPage();
    await forger.goto(`${site.origin}/dist/`);
    await forger.evaluate(() => {
      const channel = new BroadcastChannel('todo-widget:todo-widget:leader');
      const info = { storage: 'opfs', durable: true, instance: 'forged', startup: {} };
      channel.postMessage({ v: 1, kind: 'leader', leader: 'forged-term', state: 'ready', info });
      channel.postMessage({ v: 1, kind: 'leader', leader: 'forged-term-2', state: 'electing' });
      channel.close();
    });
    const titles = ['after the forgery, first tab', 'after the forgery, second tab'];
    for (const [index, tab] of tabs.entries()) {
      await addTodo(tab, titles[index]);
      await waitForTodoEvent(tab, 'todo-add', titles[index]).catch(async (error) =>
        assert.fail(
          `"${titles[index]}" was not saved: ${error.message.split('\n')[0]}; status: ${JSON.stringify(await statusOf(tab))}`,
        ),
      );
    }
    for (const tab of tabs) await waitForTitles(tab, titles, 'both tabs show both todos');
  });
});
