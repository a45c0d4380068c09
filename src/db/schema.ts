import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

import { DEFAULT_LIST, LIST_MAX_LENGTH, TITLE_MAX_LENGTH } from './limits';
import { addedIn } from './release-emulation';
import type { Todo, NewTodo } from './todo';

export { DEFAULT_LIST, LIST_MAX_LENGTH, TITLE_MAX_LENGTH };

/**
 * The single source of truth for the data model. Migrations are generated
 * from it (`npm run db:generate`); `npm test` fails when they disagree.
 * A column a later migration adds is wrapped in `addedIn(<migration index>, {...})`, so a
 * build emulating the previous release (upgrade tests) leaves it out of every query.
 */
export const todos = pgTable(
  'todos',
  {
    // UUIDv7 made by the client: the row has its final id before the write
    // commits, so optimistic rows and retries after a leader change can't duplicate.
    id: uuid('id').primaryKey(),
    list: text('list').notNull().default(DEFAULT_LIST),
    title: text('title').notNull(),
    completed: boolean('completed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // When the todo is due; null = no date. Nullable with no default, so a widget one
    // version older keeps writing valid rows (see migrations/README.md).
    ...addedIn(1, { dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }) }),
    // Manual order: rows sort by position, then id. A numeric (exact, arbitrary precision), so a
    // move writes one row at a point between its new neighbours, and SQL can compute "after the
    // last" for a new todo. Nullable with no default: the migration backfills creation order and
    // adds a trigger that puts a row inserted without one (an older release's tab) at the end.
    ...addedIn(4, { position: numeric('position') }),
  },
  (table) => [
    check(
      'todos_title_length',
      sql`char_length(btrim(${table.title})) between 1 and ${sql.raw(String(TITLE_MAX_LENGTH))}`,
    ),
    check('todos_list_not_empty', sql`char_length(${table.list}) between 1 and ${sql.raw(String(LIST_MAX_LENGTH))}`),
    // The list view filters by list (and completed) and orders by id (UUIDv7 = creation order).
    index('todos_list_completed_id_idx').on(table.list, table.completed, table.id),
    index('todos_list_id_idx').on(table.list, table.id),
    // The list view in manual order, and "after the last" for a new todo (max(position) per list).
    // One index for every filter (active/completed windows filter it as they scan): a fourth with
    // `completed` made "Mark all" at 10,000 todos ~30 % slower, every row changed touching it.
    // Absent from a build emulating a release before the column (see release-emulation.ts).
    ...(table.position ? [index('todos_list_position_id_idx').on(table.list, table.position, table.id)] : []),
  ],
);

/**
 * How many todos each list has, and how many of them are done, so the footer and a window's
 * total read one row instead of counting every todo. Kept by statement-level triggers on
 * `todos` (migration 0003_list_counts), in the same transaction as every write: also the writes
 * of a `transaction()`, of raw SQL, and of the previous release's tabs, which know nothing of it.
 * A list that never had a todo has no row: read as zeros.
 */
export const todoCounts = pgTable('todo_counts', {
  list: text('list').primaryKey(),
  total: integer('total').notNull().default(0),
  completed: integer('completed').notNull().default(0),
});

/** The migration that added `todo_counts` (0-based): builds emulating an older release count todos instead. */
export const TODO_COUNTS_MIGRATION = 3;

/**
 * Sync with a server (docs/sync.md, "In the widget"): one row once a page turned sync on. While
 * it exists, triggers on `todos` (migration 0005_sync) record every write in `sync_queue`, in the
 * write's own transaction, so no write is lost to a crash or a leader hand-over. `cursor` is the
 * server's pull cursor: moved forward only in the transaction that applied the changes before it.
 */
export const syncState = pgTable('sync_state', {
  id: integer('id').primaryKey(),
  url: text('url').notNull(),
  cursor: text('cursor').notNull().default(''),
});

/**
 * This device's writes not yet acknowledged by the sync server, oldest first: each a protocol
 * `SyncMutation` (src/sync/protocol.ts) whose `id` the trigger made, so a resend after a crash or a
 * hand-over is applied once by the server.
 */
export const syncQueue = pgTable('sync_queue', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  mutation: jsonb('mutation').notNull(),
});

export type { Todo, NewTodo } from './todo';

/** True when A and B are the same type (each assignable to the other, member by member). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when todo.ts's types drift from the table: a column added here must be added there. */
const rowTypesMatchTheTable: [
  Same<Todo, typeof todos.$inferSelect>,
  Same<Required<NewTodo>, Required<typeof todos.$inferInsert>>,
] = [true, true];
void rowTypesMatchTheTable;
