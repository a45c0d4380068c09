#!/usr/bin/env node
// EXPLAIN ANALYZE of what the leader re-reads after every write, at N todos in one list (default
// 100,000), before and after migration 0002_list_counts (issue 16 goal 4), and how long the
// vacuum policy's statements hold the leader after toggle-alls (goal 5). PGlite in Node: the same
// WASM engine as the leader's worker, in memory, so the figures are the engine's, not storage's.
//   node scripts/explain-windows.mjs [N]
import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';

const N = Number(process.argv[2] ?? 100_000);
const dir = new URL('../src/db/migrations/', import.meta.url);
const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', dir), 'utf8')).entries.map((entry) => entry.tag);
const countsAt = journal.findIndex((tag) => tag.endsWith('_list_counts'));
const statements = Object.fromEntries(
  [
    ...readFileSync(new URL('../src/db/repositories/todo-statements.generated.ts', import.meta.url), 'utf8').matchAll(
      /^ {2}(\w+): \{\n {4}sql: (".*"),$/gm,
    ),
  ].map(([, name, sql]) => [name, JSON.parse(sql)]),
);

const pg = new PGlite();
async function apply(tags) {
  for (const tag of tags) {
    for (const statement of readFileSync(new URL(`${tag}.sql`, dir), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await pg.exec(statement);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function timed(label, sql, params = [], runs = 5) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await pg.query(sql, params);
    ms.push(performance.now() - started);
  }
  const plan = (await pg.query(`explain (analyze, timing off, summary off) ${sql}`, params)).rows.map(
    (row) => row['QUERY PLAN'],
  );
  console.log(`\n${label}: median ${median(ms).toFixed(1)} ms (min ${Math.min(...ms).toFixed(1)}) of ${runs}`);
  for (const line of plan) console.log(`    ${line}`);
}
async function once(label, sql) {
  const started = performance.now();
  await pg.exec(sql);
  console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
}
const deadRows = async () => {
  await pg.query('select pg_stat_force_next_flush()');
  return (
    await pg.query(
      "select n_dead_tup::int as dead, pg_total_relation_size('todos') / 1048576 as mb from pg_stat_user_tables where relname = 'todos'",
    )
  ).rows[0];
};

await apply(journal.slice(0, countsAt));
const seeded = performance.now();
for (let done = 0; done < N; done += 5000) {
  const ids = Array.from({ length: Math.min(5000, N - done) }, () => uuidv7());
  await pg.query(
    "insert into todos (id, list, title) select u.id, 'bench', u.title from unnest($1::uuid[], $2::text[]) as u(id, title)",
    [ids, ids.map((_, i) => `todo ${done + i}`)],
  );
}
await pg.query(
  "insert into todos (id, list, title) select gen_random_uuid(), 'other', 'other ' || g from generate_series(1, 5000) g",
);
console.log(
  `${N} todos in list "bench" (+5,000 in "other") in ${((performance.now() - seeded) / 1000).toFixed(1)} s; PGlite ${(await pg.query('select version()')).rows[0].version}`,
);

const far = Math.max(0, N - 120);
const window = (offset) => `select * from (${statements.listAll}) as live_window offset ${offset} limit 120`;
console.log('\n=== before 0002: what the leader ran after every write (no statistics: nothing ever ran ANALYZE) ===');
await timed('window at the start (OFFSET 0)', window(0), ['bench']);
await timed(`window at the end (OFFSET ${far})`, window(far), ['bench']);
await timed(
  "the window's total (COUNT(*) over the list query)",
  `select count(*)::int as total from (${statements.listAll}) as live_total`,
  ['bench'],
);
await timed(
  'the footer counts (COUNT(*) FILTER over the list)',
  'select count(*)::int as total, (count(*) filter (where not completed))::int as active, (count(*) filter (where completed))::int as completed from todos where list = $1',
  ['bench'],
);

await apply(journal.slice(countsAt, countsAt + 1));
console.log('\n=== after 0002 (todo_counts, ANALYZE) and the leader reading far windows from the end ===');
await timed('window at the start (OFFSET 0)', window(0), ['bench']);
await timed(`window at the end, forward (OFFSET ${far}), for comparison`, window(far), ['bench']);
await timed(
  'window at the end, reversed (OFFSET 0 of the reversed query)',
  `select * from (${statements.listAllReversed}) as live_window offset 0 limit 120`,
  ['bench'],
);
await timed(`window in the middle (OFFSET ${N >> 1}, the slowest place now)`, window(N >> 1), ['bench']);
await timed("the window's total (todo_counts)", statements.totalAll, ['bench']);
await timed('the footer counts (todo_counts)', statements.counts, ['bench']);

console.log('\n=== goal 5: toggle-alls, dead rows, and what the vacuum policy would run ===');
for (let i = 1; i <= 3; i++)
  await once(`toggle-all ${i}`, `update todos set completed = not completed, updated_at = now() where list = 'bench'`);
console.log('after 3 toggle-alls:', await deadRows());
await timed(
  `window at the end, reversed, with ${N * 3} dead rows`,
  `select * from (${statements.listAllReversed}) as live_window offset 0 limit 120`,
  ['bench'],
);
await once('VACUUM todos', 'VACUUM "todos"');
await once('ANALYZE todos', 'ANALYZE "todos"');
await once('VACUUM todo_counts', 'VACUUM "todo_counts"');
console.log("after the policy's statements:", await deadRows());
await once(
  'toggle-all 4 (into the space VACUUM freed)',
  `update todos set completed = not completed, updated_at = now() where list = 'bench'`,
);
await once('VACUUM todos after one toggle-all', 'VACUUM "todos"');
console.log('after:', await deadRows());
await pg.close();
