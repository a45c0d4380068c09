// Multi-tab behaviour with real tabs of one Chromium against the production build:
// one leader, live in every tab, failover without losing or doubling a write.
// Timings are printed for reading; assertions are about correctness, with generous bounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostPage } from './support/host-page.mjs';
import { useSite } from './support/site.mjs';
import { DB_TIMEOUT, addTodo, deleteTodo, todoItem, toggleTodo } from './support/todo-page.mjs';

const HANDOVER_BOUND_MS = 60_000;
/**
 * Leader hand-overs in the churn test (7): a few in `npm test`, where each costs ~10 s on this
 * machine; `npm run test:long` runs the file again with CHURN_ROUNDS=20.
 */
const CHURN_ROUNDS = Number(process.env.CHURN_ROUNDS ?? 4);
const LIST = 'tabs';

/** The host page also records the tab's lifecycle events on window.lifecycle. */
const multiTabPage = hostPage({
  title: 'multi-tab host',
  list: LIST,
  beforeImport: () => {
    window.lifecycle = [];
    for (const type of ['freeze', 'resume']) document.addEventListener(type, () => window.lifecycle.push(type));
    for (const type of ['pagehide', 'pageshow'])
      window.addEventListener(type, (e) => window.lifecycle.push(type + (e.persisted ? ':persisted' : '')));
  },
});

/** Another page of the same site, for a tab to navigate to (and come back from). */
const elsewherePage = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>elsewhere</title><link rel="icon" href="data:," /></head>
  <body><p>Another page of the site.</p></body>
</html>
`;

const problems = [];
// One origin serves the build and the host page, as a site hosting the widget itself would.
// The back/forward cache on, as for users: scenario 10 checks a cached tab lets go.
const site = useSite({
  files: { 'index.html': multiTabPage, 'elsewhere.html': elsewherePage },
  launch: { backForwardCache: true },
});

async function openTab() {
  const page = await site.newPage('/index.html', problems);
  await page.waitForFunction(() => window.todoWidgetLoaded === true);
  return page;
}

/** Resolves 'leader' or 'follower' once the tab's status line names one. */
async function roleOf(page) {
  const status = page.getByTestId('db-status');
  await status.filter({ hasText: /leader|follower/ }).waitFor({ timeout: DB_TIMEOUT });
  return /\(leader\)/.test(await status.textContent()) ? 'leader' : 'follower';
}

const isLeader = (page) => page.evaluate(() => window.todoWidget.getDatabaseClient().isLeader);

/** What a tab shows and, for the leader, which live queries its worker runs: for failure reports. */
async function describeTab(page) {
  const state = await page
    .evaluate(() => {
      const app = document.querySelector('todo-app');
      const list = app?.shadowRoot?.querySelector('todo-list');
      return {
        list: app?.list,
        leader: window.todoWidget.getDatabaseClient().isLeader,
        status: app?.shadowRoot?.querySelector('[data-testid=db-status]')?.textContent?.trim(),
        rows: list?.shadowRoot?.querySelectorAll('todo-item').length,
        listText: list?.shadowRoot?.textContent?.replace(/\s+/g, ' ').slice(0, 300),
      };
    })
    .then(async (state) => ({
      ...state,
      stored: await page
        .evaluate(
          (list) =>
            Promise.race([
              window.todoWidget
                .getDatabaseClient()
                .query('select count(*)::int as n from todos where list = $1', [list])
                .then((rows) => rows[0].n),
              new Promise((resolve) => setTimeout(() => resolve('no answer in 5 s'), 5000)),
            ]),
          state.list,
        )
        .catch((error) => String(error)),
    }))
    .catch((error) => ({ error: String(error) }));
  const liveQueries = await Promise.all(
    page
      .workers()
      .map((worker) => worker.evaluate(() => globalThis.todoWidgetDiagnostics?.liveQueries()).catch(() => 'n/a')),
  );
  return { ...state, liveQueries };
}

async function leaderIndex(pages, timeout = HANDOVER_BOUND_MS) {
  const started = Date.now();
  for (;;) {
    const flags = await Promise.all(pages.map((page) => isLeader(page).catch(() => false)));
    const leaders = flags.flatMap((flag, index) => (flag ? [index] : []));
    if (leaders.length === 1) return leaders[0];
    if (leaders.length > 1) {
      // Who really holds the election lock, for the report.
      const locks = await pages[leaders[0]].evaluate(async () =>
        (await navigator.locks.query()).held
          .filter((lock) => lock.name.startsWith('pglite-election'))
          .map((lock) => lock.clientId),
      );
      const statuses = await Promise.all(
        pages.map((page) =>
          page
            .getByTestId('db-status')
            .textContent()
            .catch(() => '?'),
        ),
      );
      assert.fail(
        `more than one leader: tabs ${leaders.join(', ')}; election lock held by ${locks}; statuses ${JSON.stringify(statuses.map((text) => text?.trim()))}`,
      );
    }
    if (Date.now() - started > timeout) {
      // Who holds or waits for the election lock, and what each tab shows, for the report.
      const locks = await pages[0]
        .evaluate(async () => {
          const { held, pending } = await navigator.locks.query();
          const election = (lock) => lock.name.startsWith('pglite-election');
          return {
            held: held.filter(election).map((lock) => lock.clientId),
            pending: pending.filter(election).map((lock) => lock.clientId),
          };
        })
        .catch((error) => String(error));
      const statuses = await Promise.all(
        pages.map((page) =>
          page
            .getByTestId('db-status')
            .textContent()
            .catch(() => '?'),
        ),
      );
      assert.fail(
        `no leader after ${timeout} ms; election lock ${JSON.stringify(locks)}; statuses ${JSON.stringify(statuses.map((text) => text?.trim()))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const titlesIn = (page) => page.getByTestId('todo-title').allTextContents();
const rowsInDatabase = (page, list = LIST) =>
  page.evaluate(async (list) => {
    const rows = await window.todoWidget
      .getDatabaseClient()
      .query('select title from todos where list = $1 order by position, id', [list]);
    return rows.map((row) => row.title);
  }, list);

/** Starts `count` adds through the public API at once; resolves which were acknowledged and which rejected. */
const startAdds = (page, prefix, count, list = LIST) =>
  page.evaluate(
    async ({ prefix, count, list }) => {
      const repository = window.todoWidget.getTodoRepository();
      const results = await Promise.allSettled(
        Array.from({ length: count }, (_, i) => repository.add(`${prefix} ${i}`, list)),
      );
      return {
        ok: results.flatMap((r, i) => (r.status === 'fulfilled' ? [`${prefix} ${i}`] : [])),
        failed: results.flatMap((r, i) =>
          r.status === 'rejected'
            ? [{ title: `${prefix} ${i}`, error: `${r.reason?.name}: ${r.reason?.message}` }]
            : [],
        ),
      };
    },
    { prefix, count, list },
  );

describe('multi-tab', { concurrency: false }, () => {
  let tabs = [];

  it('1. three tabs: exactly one leads, the others follow', async () => {
    const started = Date.now();
    tabs = [await openTab(), await openTab(), await openTab()];
    const roles = await Promise.all(tabs.map(roleOf));
    console.log(`# three tabs ready in ${Date.now() - started} ms; roles: ${roles.join(', ')}`);
    assert.equal(roles.filter((role) => role === 'leader').length, 1, `roles: ${roles}`);
    assert.equal(roles.filter((role) => role === 'follower').length, 2, `roles: ${roles}`);
    await leaderIndex(tabs);
  });

  it('2. a change in one tab shows in the others without reload', async () => {
    const [one, two, three] = tabs;
    let started = Date.now();
    await addTodo(two, 'shared todo');
    await Promise.all([one, three].map((page) => todoItem(page, 'shared todo').waitFor({ timeout: DB_TIMEOUT })));
    console.log(`# add in tab 2 -> visible in tabs 1 and 3: ${Date.now() - started} ms`);

    started = Date.now();
    await toggleTodo(three, 'shared todo');
    await Promise.all(
      [one, two].map((page) =>
        page.waitForFunction(
          () =>
            [
              ...document
                .querySelector('todo-app')
                .shadowRoot.querySelector('todo-list')
                .shadowRoot.querySelectorAll('todo-item'),
            ].some((item) => item.completed && item.todo?.title === 'shared todo'),
          null,
          { timeout: DB_TIMEOUT },
        ),
      ),
    );
    console.log(`# toggle in tab 3 -> visible in tabs 1 and 2: ${Date.now() - started} ms`);

    // Playwright's click waits for the button to be stable over animation frames, which a tab in
    // the background does not get (~5 s): the user clicks in the tab in front.
    await one.bringToFront();
    started = Date.now();
    await deleteTodo(one, 'shared todo');
    await Promise.all(
      [two, three].map((page) => todoItem(page, 'shared todo').waitFor({ state: 'detached', timeout: DB_TIMEOUT })),
    );
    console.log(`# delete in tab 1 -> gone in tabs 2 and 3: ${Date.now() - started} ms`);
  });

  it('3. closing the leader hands over; the survivors keep adding, toggling and updating live', async () => {
    for (const runBeforeUnload of [true, false]) {
      const leader = await leaderIndex(tabs);
      const closedAt = Date.now();
      await tabs[leader].close({ runBeforeUnload });
      tabs.splice(leader, 1);
      tabs.push(await openTab());
      const newLeader = await leaderIndex(tabs);
      const electedAfter = Date.now() - closedAt;
      const title = `after handover ${runBeforeUnload ? 'with' : 'without'} beforeunload`;
      await addTodo(tabs[0], title);
      await Promise.all(tabs.map((page) => todoItem(page, title).waitFor({ timeout: HANDOVER_BOUND_MS })));
      console.log(
        `# leader closed (runBeforeUnload=${runBeforeUnload}): new leader is tab ${newLeader} after ${electedAfter} ms; an add is live in every tab ${Date.now() - closedAt} ms after the close`,
      );
      await toggleTodo(tabs[1], title);
      await tabs[2].waitForFunction(
        (title) =>
          [
            ...document
              .querySelector('todo-app')
              .shadowRoot.querySelector('todo-list')
              .shadowRoot.querySelectorAll('todo-item'),
          ].some((item) => item.completed && item.todo?.title === title),
        title,
        { timeout: DB_TIMEOUT },
      );
    }
  });

  it('4. writes in flight during failover apply exactly once or reject, never twice', async () => {
    const list = 'failover';
    const leader = await leaderIndex(tabs);
    const writers = tabs.filter((_, index) => index !== leader);
    const adds = writers.map((page, index) => startAdds(page, `w${index}`, 50, list));
    await new Promise((r) => setTimeout(r, 30));
    const closedAt = Date.now();
    await tabs[leader].close();
    tabs = writers;
    const results = await Promise.all(adds);
    console.log(`# 100 adds across a leader close settled ${Date.now() - closedAt} ms after it`);
    const acknowledged = results.flatMap((result) => result.ok);
    const rejected = results.flatMap((result) => result.failed);
    console.log(
      `# acknowledged ${acknowledged.length}, rejected ${rejected.length}${rejected[0] ? ` (e.g. ${rejected[0].error})` : ''}`,
    );
    const stored = await rowsInDatabase(tabs[0], list);
    const counts = new Map();
    for (const title of stored) counts.set(title, (counts.get(title) ?? 0) + 1);
    assert.deepEqual(
      [...counts].filter(([, n]) => n > 1),
      [],
      'no title stored twice',
    );
    for (const title of acknowledged) assert.equal(counts.get(title), 1, `acknowledged "${title}" stored once`);
    for (const { title } of rejected) assert.equal(counts.has(title), false, `rejected "${title}" absent`);
    tabs.push(await openTab());
  });

  it('5. three tabs adding 100 todos each as fast as they can: exactly 300, in every tab', async () => {
    const list = 'burst';
    await Promise.all(
      tabs.map((page) => page.evaluate((list) => (document.querySelector('todo-app').list = list), list)),
    );
    const started = Date.now();
    const results = await Promise.all(tabs.map((page, index) => startAdds(page, `t${index}`, 100, list)));
    const acknowledged = results.flatMap((result) => result.ok);
    console.log(`# 300 adds from three tabs acknowledged in ${Date.now() - started} ms (${acknowledged.length} ok)`);
    assert.equal(acknowledged.length, 300);
    assert.equal((await rowsInDatabase(tabs[0], list)).length, 300);
    // The list is windowed: the rows in view are drawn, and each says how many there are in all.
    const expected = await rowsInDatabase(tabs[0], list);
    await Promise.all(
      tabs.map(async (page) => {
        const started = Date.now();
        for (;;) {
          const [setSize, titles] = await Promise.all([
            page.locator('todo-item').first().getAttribute('aria-setsize', { timeout: DB_TIMEOUT }),
            titlesIn(page),
          ]);
          const drawnInOrder = titles.length > 0 && titles.every((title, index) => title === expected[index]);
          if (setSize === '300' && drawnInOrder) return;
          if (Date.now() - started > DB_TIMEOUT)
            assert.fail(
              `all 300 rows in the list: aria-setsize ${setSize}; drawn ${JSON.stringify(titles.slice(0, 10))} (${titles.length})`,
            );
          await new Promise((r) => setTimeout(r, 25));
        }
      }),
    );
    console.log(`# ... and on screen in every tab after ${Date.now() - started} ms`);
  });

  it('6. everything is still there after every tab closed', async () => {
    const before = await rowsInDatabase(tabs[0], 'burst');
    for (const page of tabs) await page.close();
    tabs = [];
    const started = Date.now();
    const page = await openTab();
    await page.evaluate(() => (document.querySelector('todo-app').list = 'burst'));
    const after = await rowsInDatabase(page, 'burst');
    console.log(`# reopened after closing every tab in ${Date.now() - started} ms`);
    assert.deepEqual(after, before);
    tabs = [page];
  });

  it('7. leadership churn: tabs come and go while one keeps adding; data equals what was acknowledged', async () => {
    const list = 'churn';
    // The writer joins behind a leader, so closing leaders hands the database around.
    tabs.push(await openTab());
    const writer = tabs.at(-1);
    await writer.evaluate((list) => (document.querySelector('todo-app').list = list), list);
    const acknowledged = [];
    const rejected = [];
    let stop = false;
    const writing = (async () => {
      for (let i = 0; !stop; i++) {
        const result = await startAdds(writer, `c${i}`, 1, list);
        acknowledged.push(...result.ok);
        rejected.push(...result.failed);
      }
    })();
    const handovers = [];
    for (let round = 0; round < CHURN_ROUNDS; round++) {
      tabs.push(await openTab());
      try {
        await roleOf(tabs.at(-1));
      } catch (error) {
        const locks = await tabs[0].evaluate(async () => JSON.stringify(await navigator.locks.query()));
        const states = await Promise.all(
          tabs.map((page) =>
            page.evaluate(() => ({
              status: document.querySelector('todo-app').shadowRoot.querySelector('[data-testid=db-status]')
                ?.textContent,
              leader: window.todoWidget.getDatabaseClient().isLeader,
              lifecycle: window.lifecycle.join(' '),
            })),
          ),
        );
        console.log(
          `# stuck in round ${round}; tabs: ${JSON.stringify(states)}; locks: ${locks}; problems: ${JSON.stringify(problems)}; workers: ${tabs.map((page) => page.workers().length)}`,
        );
        throw error;
      }
      // Close the leader. When the writer leads, it is frozen and resumed instead (the
      // page-lifecycle events only: its add loop keeps running), which hands the database to
      // another tab and puts the writer at the back of the queue; then the oldest tab closes.
      const leader = await leaderIndex(tabs);
      const started = Date.now();
      if (tabs[leader] === writer) {
        await writer.evaluate(() => document.dispatchEvent(new Event('freeze')));
        await leaderIndex(tabs.filter((page) => page !== writer));
        handovers.push(Date.now() - started);
        await writer.evaluate(() => document.dispatchEvent(new Event('resume')));
        const victim = tabs.findIndex((page) => page !== writer);
        await tabs[victim].close({ runBeforeUnload: round % 2 === 0 });
        tabs.splice(victim, 1);
      } else {
        await tabs[leader].close({ runBeforeUnload: round % 2 === 0 });
        tabs.splice(leader, 1);
        await leaderIndex(tabs);
        handovers.push(Date.now() - started);
      }
    }
    stop = true;
    await writing;
    const sorted = [...handovers].sort((a, b) => a - b);
    console.log(
      `# churn: ${acknowledged.length} adds acknowledged, ${rejected.length} rejected${rejected[0] ? ` (e.g. ${rejected[0].error})` : ''}; ${handovers.length} leader hand-overs, median ${sorted[Math.floor(sorted.length / 2)] ?? '-'} ms (max ${sorted.at(-1) ?? '-'} ms) to a new leader`,
    );
    const stored = await rowsInDatabase(writer, list);
    assert.deepEqual([...stored].sort(), [...acknowledged].sort(), 'the table holds exactly the acknowledged adds');
    const last = tabs.find((page) => page !== writer) ?? writer;
    await last.evaluate((list) => (document.querySelector('todo-app').list = list), list);
    await addTodo(writer, 'live after churn');
    try {
      // The list draws only the rows in view, and the new row is last: look at the end.
      await last.waitForFunction(
        (title) => {
          scrollTo(0, document.documentElement.scrollHeight);
          const list = document.querySelector('todo-app')?.shadowRoot?.querySelector('todo-list');
          return [...(list?.shadowRoot?.querySelectorAll('todo-item') ?? [])].some(
            (item) => item.todo?.title === title,
          );
        },
        'live after churn',
        { timeout: DB_TIMEOUT, polling: 100 },
      );
    } catch (error) {
      console.log(`# not live after churn; tabs: ${JSON.stringify(await Promise.all(tabs.map(describeTab)))}`);
      throw error;
    }
  });

  let frozenTab;

  it('8. a frozen leader tab lets go: the others elect a new leader and keep working', async () => {
    const list = 'frozen';
    while (tabs.length < 2) tabs.push(await openTab());
    await Promise.all(
      tabs.map((page) => page.evaluate((list) => (document.querySelector('todo-app').list = list), list)),
    );
    const leader = tabs[await leaderIndex(tabs)];
    const others = tabs.filter((page) => page !== leader);
    const cdp = await site.context.newCDPSession(leader);
    const frozenAt = Date.now();
    // Chromium fires 'freeze' before it freezes a background tab, but CDP's
    // setWebLifecycleState freezes without firing it (checked here), so the test fires it
    // first, as the browser would, then really freezes the page and its worker.
    await leader.evaluate(() => document.dispatchEvent(new Event('freeze')));
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await leaderIndex(others);
    const electedAfter = Date.now() - frozenAt;
    await addTodo(others[0], 'added while a tab is frozen');
    // Saved, not just shown: the row loses its pending mark once the new leader committed it.
    await others[0]
      .locator('todo-item:not([pending])')
      .filter({ hasText: 'added while a tab is frozen' })
      .waitFor({ timeout: DB_TIMEOUT });
    console.log(
      `# leader frozen: another tab leads after ${electedAfter} ms; an add is on screen ${Date.now() - frozenAt} ms after the freeze`,
    );
    // Added through the API (no optimistic row): only the new leader's live query can show it.
    assert.deepEqual((await startAdds(others[0], 'api add while a tab is frozen', 1, list)).failed, []);
    try {
      await todoItem(others[0], 'api add while a tab is frozen 0').waitFor({ timeout: DB_TIMEOUT });
    } catch (error) {
      console.log(
        `# api add not shown after the freeze; tabs: ${JSON.stringify(await Promise.all(others.map(describeTab)))}`,
      );
      throw error;
    }
    frozenTab = { page: leader, cdp, others };
  });

  // This once failed 1 run in 5: a query that held the old leader's lock when the leader went
  // (here: the new leader tab's live-query set-up, started by the list switch just before the
  // freeze) hung for good in PGlite's worker client, so that tab's list stayed dead. Fixed by
  // a patch (patches/README.md: calls made with no leader connected fail at once).
  it('9. the frozen tab rejoins on resume as a follower and its writes reach the others', async () => {
    assert.ok(frozenTab, 'scenario 8 ran');
    const { page: resumed, cdp, others } = frozenTab;
    const resumedAt = Date.now();
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    // As with 'freeze', CDP's resume fires no 'resume' event; the browser would.
    await resumed.evaluate(() => document.dispatchEvent(new Event('resume')));
    try {
      await todoItem(resumed, 'api add while a tab is frozen 0').waitFor({ timeout: DB_TIMEOUT });
    } catch (error) {
      console.log(
        `# resumed tab not caught up; tabs: ${JSON.stringify(await Promise.all([resumed, ...others].map(describeTab)))}`,
      );
      throw error;
    }
    const catchUp = Date.now() - resumedAt;
    assert.equal(await isLeader(resumed), false, 'the resumed tab follows');
    await addTodo(resumed, 'added by the resumed tab');
    await todoItem(others[0], 'added by the resumed tab').waitFor({ timeout: DB_TIMEOUT });
    const started = Date.now();
    assert.deepEqual((await startAdds(others[0], 'api add after the resume', 1, 'frozen')).failed, []);
    await todoItem(resumed, 'api add after the resume 0').waitFor({ timeout: DB_TIMEOUT });
    console.log(
      `# frozen tab resumed: it shows what was added meanwhile after ${catchUp} ms; a change in another tab reaches it live in ${Date.now() - started} ms`,
    );
    await cdp.detach();
  });

  it('10. a tab in the back/forward cache lets go; restored, it shows current data live and can add', async () => {
    const list = 'bfcache';
    while (tabs.length < 3) tabs.push(await openTab());
    await Promise.all(
      tabs.map((page) => page.evaluate((list) => (document.querySelector('todo-app').list = list), list)),
    );
    const cached = tabs[await leaderIndex(tabs)];
    const others = tabs.filter((page) => page !== cached);
    const cdp = await site.context.newCDPSession(cached);
    await cdp.send('Page.enable');
    const notCached = [];
    cdp.on('Page.backForwardCacheNotUsed', (event) => notCached.push(event));

    const leftAt = Date.now();
    await cached.goto(`${site.origin}/elsewhere.html`);
    const locksAfterLeaving = await others[0].evaluate(async () => {
      const { held, pending } = await navigator.locks.query();
      const brief = (lock) => `${lock.name.slice(0, 22)}…${lock.name.slice(-4)}@${lock.clientId.slice(0, 4)}`;
      return { held: held.map(brief), pending: pending.map(brief) };
    });
    console.log(`# locks right after the leader left: ${JSON.stringify(locksAfterLeaving)}`);
    const newLeader = await leaderIndex(others);
    const electedAfter = Date.now() - leftAt;
    await addTodo(others[newLeader], 'added while a tab is cached');
    await todoItem(others[1 - newLeader], 'added while a tab is cached').waitFor({ timeout: DB_TIMEOUT });
    console.log(
      `# leader tab navigated away: another tab leads after ${electedAfter} ms; an add is live in the other tab ${Date.now() - leftAt} ms after`,
    );

    const backAt = Date.now();
    // A page restored from the cache fires no 'load'; 'commit' is all there is to wait for.
    await cached.goBack({ waitUntil: 'commit' });
    await cached.waitForFunction(
      () => window.lifecycle?.some((type) => type.startsWith('pageshow')) && window.todoWidgetLoaded === true,
      null,
      { timeout: DB_TIMEOUT },
    );
    const lifecycle = await cached.evaluate(() => window.lifecycle.join(' '));
    const reasons = notCached.flatMap((event) =>
      event.notRestoredExplanations.map((reason) => `${reason.type}: ${reason.reason}`),
    );
    // The page lets go of the database on 'pagehide' by terminating its worker, but Chromium
    // may freeze a busy worker before it has died: it then still holds the election lock, the
    // other tabs wait for it, and Chromium evicts the page to free it (the hand-over above
    // still took its usual ~100 ms). Going back then loads the page anew. 1 run in 5 here;
    // the page itself holding the election lock would close it (see the #7 note).
    const evictedForTheLock =
      reasons.length > 0 && reasons.every((reason) => reason === 'PageSupportNeeded: WebLocksContention');
    if (evictedForTheLock) {
      console.log(`# Chromium evicted the leader tab from the back/forward cache (${reasons}); going back reloaded it`);
      await cached.evaluate((list) => (document.querySelector('todo-app').list = list), list);
    } else {
      assert.deepEqual(reasons, [], 'Chromium kept the page in the back/forward cache');
      assert.match(
        lifecycle,
        /pagehide:persisted .*pageshow:persisted$/,
        'the page was restored from the back/forward cache, not reloaded',
      );
    }

    await todoItem(cached, 'added while a tab is cached').waitFor({ timeout: DB_TIMEOUT });
    const catchUp = Date.now() - backAt;
    assert.equal(await isLeader(cached), false, 'the restored tab follows');
    await addTodo(cached, 'added by the restored tab');
    await Promise.all(
      others.map((page) => todoItem(page, 'added by the restored tab').waitFor({ timeout: DB_TIMEOUT })),
    );
    const started = Date.now();
    assert.deepEqual((await startAdds(others[0], 'api add after the restore', 1, list)).failed, []);
    await todoItem(cached, 'api add after the restore 0').waitFor({ timeout: DB_TIMEOUT });
    console.log(
      `# back from the cache (…${lifecycle.split(' ').slice(-4).join(' ')}): shows what was added meanwhile after ${catchUp} ms; a change in another tab reaches it live in ${Date.now() - started} ms`,
    );
    await cdp.detach();
  });

  it('no uncaught error or failed request in any tab', () => {
    // PGlite's own calls that race a hand-over (e.g. a live query's refresh after a change
    // notification) reject unhandled; harmless (live queries are recreated on the new
    // leader), so only counted.
    const relevant = problems.filter((problem) => !/LeaderChangedError|Leader changed/.test(problem));
    console.log(`# ${problems.length - relevant.length} uncaught LeaderChangedError(s) from hand-overs ignored`);
    assert.deepEqual(relevant, []);
  });
});
