#!/usr/bin/env node
// Writes src/db/repositories/todo-statements.generated.ts: the repository's Drizzle statements as
// plain SQL, so the page runs Drizzle-made SQL without shipping Drizzle.
// `npm run db:generate` writes it; `--check` (part of `npm run db:check`) fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderTodoStatements, STATEMENTS_SOURCE, STATEMENTS_TARGET } from './render-statements.mjs';

if (process.env.VITE_TODO_WIDGET_MIGRATIONS) {
  console.error('error: unset VITE_TODO_WIDGET_MIGRATIONS: the committed statements are for the whole schema.');
  process.exit(1);
}
const { source, count } = await renderTodoStatements();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(STATEMENTS_TARGET, 'utf8');
  } catch {}
  if (committed !== source) {
    console.error(`error: ${STATEMENTS_TARGET} is stale: run "npm run db:generate" and commit the result.`);
    process.exit(1);
  }
  console.log(`${STATEMENTS_TARGET} matches ${STATEMENTS_SOURCE} (${count} statements)`);
} else {
  writeFileSync(STATEMENTS_TARGET, source);
  console.log(`wrote ${STATEMENTS_TARGET} (${count} statements)`);
}
