#!/usr/bin/env node
// Writes src/db/repositories/todo-statements.generated.ts: the repository's Drizzle statements as
// plain SQL, so the page runs Drizzle-made SQL without shipping Drizzle.
// `npm run db:generate` writes it; `--check` (part of `npm run db:check`) fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  LAZY_STATEMENTS_TARGET,
  renderTodoStatements,
  STATEMENTS_SOURCE,
  STATEMENTS_TARGET,
} from './render-statements.mjs';

if (process.env.VITE_TODO_WIDGET_MIGRATIONS) {
  console.error('error: unset VITE_TODO_WIDGET_MIGRATIONS: the committed statements are for the whole schema.');
  process.exit(1);
}
const { source, lazySource, count } = await renderTodoStatements();
const files = [
  [STATEMENTS_TARGET, source],
  [LAZY_STATEMENTS_TARGET, lazySource],
];

if (process.argv.includes('--check')) {
  for (const [target, expected] of files) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {}
    if (committed !== expected) {
      console.error(`error: ${target} is stale: run "npm run db:generate" and commit the result.`);
      process.exit(1);
    }
  }
  console.log(`${files.map(([target]) => target).join(', ')} match ${STATEMENTS_SOURCE} (${count} statements)`);
} else {
  for (const [target, text] of files) writeFileSync(target, text);
  console.log(`wrote ${files.map(([target]) => target).join(', ')} (${count} statements)`);
}
