#!/usr/bin/env node
// Prints how big the leader's request log (src/workers/leader/request-log.ts) gets: after
// 100,000 logged writes (each an add, whose result is the todo row, as the tabs' adds log it),
// and what pruning past its horizon and VACUUM make of it. A measurement, not a test: nothing
// is asserted. `node scripts/request-log-size.mjs [operations]` (Node PGlite, in memory).
import { PGlite } from '@electric-sql/pglite';
import { runnerImport } from 'vite';

const operations = Number(process.argv[2] ?? 100_000);
const { module: log } = await runnerImport('./src/workers/leader/request-log.ts');
const pg = await PGlite.create();
await log.prepareRequestLog(pg);

const size = async () => {
  const { rows } = await pg.query(
    `select count(*)::int as rows, pg_total_relation_size('todo_widget.requests')::bigint as total,
            pg_relation_size('todo_widget.requests')::bigint as heap,
            pg_indexes_size('todo_widget.requests')::bigint as indexes
       from todo_widget.requests`,
  );
  const { rows: total, total: bytes, heap, indexes } = rows[0];
  const mb = (value) => `${(Number(value) / 1024 / 1024).toFixed(1)} MB`;
  return `${total} entries, ${mb(bytes)} (table ${mb(heap)}, indexes ${mb(indexes)})`;
};

const started = performance.now();
for (let n = 0; n < operations; n++) {
  const id = crypto.randomUUID();
  const now = new Date();
  await log.applyOnce(pg, `add:${id}`, async () => [
    {
      id,
      list: 'default',
      title: `todo number ${n}`,
      completed: false,
      createdAt: now,
      updatedAt: now,
      dueAt: null,
      position: String(n + 1),
    },
  ]);
}
console.log(`after ${operations} logged writes: ${await size()} (${Math.round(performance.now() - started)} ms)`);

// A week later: every entry is past the horizon, so the leader's upkeep prunes and vacuums it.
await pg.exec(`update todo_widget.requests set at = at - interval '${log.REQUEST_LOG_KEEP_DAYS + 1} days'`);
await pg.exec('VACUUM todo_widget.requests');
console.log(`older than the horizon: ${await log.expiredRequests(pg)} entries`);
await pg.exec(log.PRUNE_REQUEST_LOG);
await pg.exec('VACUUM todo_widget.requests');
console.log(
  `after the upkeep's prune and VACUUM: ${await size()} (the pages are free for the next entries; VACUUM FULL would return them)`,
);
await pg.close();
