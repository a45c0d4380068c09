#!/usr/bin/env node
/**
 * PGlite 0.5.16 (the alias pglite-0-5) against the pinned 0.6 on the same statements, in Node,
 * in memory: a rough first comparison of the engines themselves (issue 24), not the widget's
 * browser figures (`npm run bench`). Medians of ENGINES_RUNS (5), each run on a fresh instance:
 * start, the widget's migrations, 10,000 inserts in one transaction, 200 single-row inserts,
 * 200 position-ordered window reads, 100 searches, a count per list, VACUUM.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite as PGlite05 } from 'pglite-0-5';
import { PGlite as PGlite06 } from '@electric-sql/pglite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.ENGINES_RUNS ?? 5);
const migrationsDir = join(root, 'src/db/migrations');
const statements = readdirSync(migrationsDir)
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .flatMap((name) => readFileSync(join(migrationsDir, name), 'utf8').split('--> statement-breakpoint'))
  .filter((sql) => sql.trim());
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function run(PGlite) {
  const t = {};
  let mark = performance.now();
  const lap = (name) => {
    const now = performance.now();
    t[name] = now - mark;
    mark = now;
  };
  const pg = await PGlite.create();
  lap('start');
  await pg.exec('CREATE SCHEMA todo_widget');
  for (const sql of statements) await pg.exec(sql);
  lap('migrations');
  await pg.exec(`insert into todos (id, list, title, position)
    select gen_random_uuid(), 'l' || (i % 3), 'Café crème ' || i, i from generate_series(1, 10000) i`);
  lap('insert_10000');
  for (let i = 0; i < 200; i++)
    await pg.query(`insert into todos (id, list, title, position) values (gen_random_uuid(), 'one', $1, $2)`, [
      `row ${i}`,
      i,
    ]);
  lap('insert_200_single');
  for (let i = 0; i < 200; i++)
    await pg.query(`select * from todos where list = 'l1' order by position, id limit 50 offset $1`, [i * 10]);
  lap('window_200');
  for (let i = 0; i < 100; i++)
    await pg.query(
      `select id from todos where list = 'l2' and search @@ websearch_to_tsquery('simple', public.todo_search_text($1)) limit 50`,
      [`creme ${i}`],
    );
  lap('search_100');
  await pg.query('select list, total, completed from todo_counts');
  await pg.exec('VACUUM todos');
  lap('counts_vacuum');
  await pg.close();
  return t;
}

// Alternated, so that a change in the machine's load falls on both engines alike.
const engines = [
  ['0.5.16', PGlite05],
  ['0.6', PGlite06],
];
const runs = Object.fromEntries(engines.map(([name]) => [name, []]));
for (let i = 0; i < RUNS; i++) for (const [name, PGlite] of engines) runs[name].push(await run(PGlite));
const results = Object.fromEntries(
  engines.map(([name]) => [
    name,
    Object.fromEntries(Object.keys(runs[name][0]).map((k) => [k, Math.round(median(runs[name].map((r) => r[k])))])),
  ]),
);
console.log('ms, medians of', RUNS, '(Node, in memory)');
console.log(['step', ...Object.keys(results)].join('\t'));
for (const step of Object.keys(results['0.5.16']))
  console.log([step, ...Object.values(results).map((r) => r[step])].join('\t'));
