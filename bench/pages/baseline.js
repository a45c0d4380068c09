// The baseline page: what the widget does, with nothing but PGliteWorker, live.changes and
// plain DOM (no Lit, no Drizzle, no repository). Adds show when the live query delivers them.
import { PGliteWorker } from '@electric-sql/pglite/worker';
import { live } from '@electric-sql/pglite/live';
import { v7 as uuidv7 } from 'uuid';
import { install, keyedList, plainDomProbe } from './probe.js';

const params = new URLSearchParams(location.search);
const db = params.get('db') ?? 'bench';
const list = params.get('list') ?? 'bench';
const storage = params.get('storage') ?? 'opfs';
const dataDir = storage === 'memory' ? 'memory://' : storage === 'idb' ? `idb://${db}` : `memfs2opfs://${db}`;
const marks = { module_loaded_ms: Math.round(performance.now()) };

const input = document.getElementById('new');
const toggleAllBox = document.getElementById('toggle-all');
const ul = document.getElementById('list');
const countEl = document.getElementById('count');
let error = null;

const pg = new PGliteWorker(new Worker(new URL('./baseline.worker.js', import.meta.url), { type: 'module' }), {
  id: `bench-baseline:${db}`,
  meta: { dataDir },
  extensions: { live },
});

const setCompleted = (id, completed) =>
  pg.query('update todos set completed = $2, updated_at = now() where id = $1', [id, completed]);

/**
 * The list as a live query (like the widget's) rendered with a keyed plain-DOM diff.
 * ?live=changes uses live.changes instead (only changed rows cross; more statements per change).
 */
function keyedView(container, listName) {
  const render = keyedList(container, setCompleted);
  const sql = 'select id, title, completed from todos where list = $1 order by id';
  if (params.get('live') !== 'changes') {
    return {
      subscription: pg.waitReady.then(() =>
        pg.live.query(sql, [listName], (result) => render(result.rows)).then((q) => (render(q.initialResults.rows), q)),
      ),
    };
  }
  const rows = new Map();
  const apply = (changes) => {
    for (const change of changes) {
      if (change.__op__ === 'RESET') rows.clear();
      else if (change.__op__ === 'DELETE') rows.delete(change.id);
      else rows.set(change.id, { ...rows.get(change.id), ...change });
    }
    render([...rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  };
  return { subscription: pg.waitReady.then(() => pg.live.changes(sql, [listName], 'id', apply)) };
}

const seeding = params.has('seed');
const view = seeding ? { subscription: pg.waitReady } : keyedView(ul, list);
view.subscription.then(
  () => {
    marks.live_ready_ms = Math.round(performance.now());
    ul.setAttribute('aria-busy', 'false');
  },
  (e) => (error = String(e)),
);
pg.waitReady.then(() => (marks.db_ready_ms = Math.round(performance.now())));
const countsSubscription = seeding
  ? Promise.resolve()
  : pg.waitReady.then(() =>
      pg.live.query(
        'select count(*) filter (where not completed)::int as active, count(*)::int as total from todos where list = $1',
        [list],
        (result) => {
          const row = result.rows[0];
          countEl.textContent = String(row.active);
          toggleAllBox.checked = row.total > 0 && row.active === 0;
        },
      ),
    );

input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  const title = input.value.trim();
  if (!title) return;
  input.value = '';
  pg.query('insert into todos (id, list, title) values ($1, $2, $3)', [uuidv7(), list, title]).then(() =>
    window.bench.acked(title),
  );
});
toggleAllBox.addEventListener('change', () => {
  pg.query('update todos set completed = $2, updated_at = now() where list = $1 and completed <> $2', [
    list,
    toggleAllBox.checked,
  ]);
});

async function bulkAdd(titles, listName) {
  const values = [];
  const args = [];
  for (const title of titles) {
    values.push(`($${args.length + 1}, $${args.length + 2}, $${args.length + 3})`);
    args.push(uuidv7(), listName, title);
  }
  await pg.query(`insert into todos (id, list, title) values ${values.join(', ')}`, args);
}

install({
  name: 'baseline',
  ...plainDomProbe({ input, ul, toggleAllBox, marks, error: () => error }),
  async bulkView(name) {
    const container = document.createElement('ul');
    document.body.append(container);
    const { subscription } = keyedView(container, name);
    const sub = await subscription;
    return {
      observeRoot: () => container,
      rows: () => [...container.children],
      remove: () => (sub.unsubscribe(), container.remove()),
    };
  },
  bulkAdd,
  async statements(n) {
    const insert = [];
    const select1 = [];
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await pg.query('insert into todos (id, list, title) values ($1, $2, $3)', [
        uuidv7(),
        'bench-writes',
        `write ${i}`,
      ]);
      insert.push(performance.now() - t);
      t = performance.now();
      await pg.query('select 1');
      select1.push(performance.now() - t);
    }
    return { insert, select1 };
  },
});

// Start-up phases from the leader, once it is up (the probe reads marks when the list is ready).
const marksRead = pg.waitReady.then(async () => {
  const { rows } = await pg.query("select current_setting('bench.startup', true) as s");
  Object.assign(marks, JSON.parse(rows[0]?.s ?? '{}'), { leader: pg.isLeader });
});

/**
 * Resolves once this tab has nothing in flight. The bench waits for it before closing a tab:
 * published PGlite's leader grants a lock to a tab that closed while waiting for it and never
 * gets it back, and every tab then waits forever (see docs/upstream.md).
 */
window.benchSettled = () => Promise.allSettled([view.subscription, countsSubscription, marksRead]);
