#!/usr/bin/env node
// Issue 27: how long one piece of the leader's upkeep holds it, for each way of doing it, at N
// todos in one list (default 100,000) after one toggle-all (the upkeep the bench's "after 20
// toggle-alls" figure measures). PGlite in Node, in memory: the engine's time, not storage's.
// A measurement, not a test. `node scripts/vacuum-options.mjs [N] [rounds]`
import { PGlite } from '@electric-sql/pglite';
import { v7 as uuidv7 } from 'uuid';
import { createServer } from 'vite';

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
// The migrator and migrations as the worker runs them (Vite resolves their import.meta.glob).
const server = await createServer({
  root: new URL('..', import.meta.url).pathname,
  configFile: false,
  logLevel: 'silent',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const { migrate } = await server.ssrLoadModule('/src/db/migrate.ts');
const { knownMigrations } = await server.ssrLoadModule('/src/db/migrations.ts');
await server.close();
const toggleAll = "update todos set completed = not completed, updated_at = now() where list = 'bench'";
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function fresh(setup = '') {
  const pg = new PGlite();
  await migrate(pg, knownMigrations());
  if (setup) await pg.exec(setup);
  for (let done = 0; done < N; done += 5000) {
    const ids = Array.from({ length: Math.min(5000, N - done) }, () => uuidv7());
    await pg.query(
      "insert into todos (id, list, title) select u.id, 'bench', u.title from unnest($1::uuid[], $2::text[]) as u(id, title)",
      [ids, ids.map((_, i) => `todo ${done + i}`)],
    );
  }
  await pg.exec('VACUUM todos');
  await pg.exec('ANALYZE todos');
  return pg;
}

async function timed(pg, sql) {
  const started = performance.now();
  await pg.exec(sql);
  return performance.now() - started;
}

/** Each round: one toggle-all (timed: it holds the leader too), then the option's statements, each timed. */
async function option(label, statements, setup) {
  if (only && !label.includes(only)) return;
  const pg = await fresh(setup);
  const toggles = [];
  const pieces = statements.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    toggles.push(await timed(pg, toggleAll));
    for (const [i, sql] of statements.entries()) pieces[i].push(await timed(pg, sql));
  }
  await pg.query('select pg_stat_force_next_flush()');
  const { rows } = await pg.query(
    "select n_dead_tup::int as dead, pg_total_relation_size('todos') / 1048576.0 as mb, n_tup_hot_upd::int as hot from pg_stat_user_tables where relname = 'todos'",
  );
  console.log(
    `${label}: toggle-all ${median(toggles).toFixed(0)} ms; ${statements.map((s, i) => `${s} ${median(pieces[i]).toFixed(0)} ms (max ${Math.max(...pieces[i]).toFixed(0)})`).join('; ')}; after: ${rows[0].dead} dead, ${Number(rows[0].mb).toFixed(1)} MB, ${rows[0].hot} HOT updates`,
  );
  await pg.close();
}

console.log(`${N} todos, medians of ${ROUNDS} rounds`);
await option('as now', ['VACUUM "todos"']);
await option('no index cleanup', ['VACUUM (INDEX_CLEANUP OFF, TRUNCATE OFF) "todos"']);
await option('heap pass, then indexes', [
  'VACUUM (INDEX_CLEANUP OFF, TRUNCATE OFF) "todos"',
  'VACUUM (INDEX_CLEANUP ON) "todos"',
]);
if (process.argv.includes('--all')) {
  // HOT cannot apply to a toggle (completed is indexed): fillfactor only spreads the rows.
  await option('fillfactor 50', ['VACUUM "todos"'], 'alter table todos set (fillfactor = 50)');
  await option('ANALYZE alone', ['ANALYZE "todos"']);
}
// HOT: a toggle changes no indexed column once `completed` is out of every index (the filtered
// windows would then filter the (list, id) index's rows), and finds room on its page.
await option(
  'HOT (completed in no index, fillfactor 50)',
  ['VACUUM "todos"'],
  'drop index todos_list_completed_id_idx; alter table todos set (fillfactor = 50)',
);
