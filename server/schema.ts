import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

import { LIST_MAX_LENGTH, TITLE_MAX_LENGTH } from '../src/db/limits.ts';

/**
 * The sync server's tables, in a schema of their own so they sit beside a site's tables without
 * touching them. Migrations are generated from this file (`npm run db:generate:server`, into
 * server/migrations) and applied by the server at start (`migrateSyncDatabase`).
 */
export const syncSchema = pgSchema('todo_sync');

/** Longest user id `authenticate` may return (it is a key and part of a NOTIFY payload). */
export const USER_ID_MAX_LENGTH = 200;

/**
 * One row per user: the user's version, raised by one for every mutation that changed something.
 * Each push locks this row, so one user's mutations commit one at a time, in version order, and a
 * pull never sees version n+1 committed before n (no change skipped by a cursor).
 */
export const users = syncSchema.table('users', {
  userId: text('user_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});

/** The server's copy of every user's todos; a deleted todo stays as a tombstone (`deleted`). */
export const todos = syncSchema.table(
  'todos',
  {
    userId: text('user_id').notNull(),
    id: uuid('id').notNull(),
    list: text('list').notNull(),
    title: text('title').notNull(),
    completed: boolean('completed').notNull().default(false),
    position: numeric('position').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // The user's version at the last change of this row: what a pull's cursor compares.
    version: bigint('version', { mode: 'number' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.id] }),
    check(
      'todos_title_length',
      sql`char_length(btrim(${table.title})) between 1 and ${sql.raw(String(TITLE_MAX_LENGTH))}`,
    ),
    check('todos_list_length', sql`char_length(${table.list}) between 1 and ${sql.raw(String(LIST_MAX_LENGTH))}`),
    index('todos_user_version_idx').on(table.userId, table.version),
    index('todos_user_list_position_idx').on(table.userId, table.list, table.position, table.id),
  ],
);

/**
 * Every mutation the server has taken, by the id its device made: a repeat (a retry after a lost
 * answer, a new leader sending its queue again) gets the stored result and changes nothing.
 */
export const mutations = syncSchema.table(
  'mutations',
  {
    userId: text('user_id').notNull(),
    mutationId: uuid('mutation_id').notNull(),
    // The user's version after it (unchanged when it was refused or changed nothing).
    version: bigint('version', { mode: 'number' }).notNull(),
    result: jsonb('result').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.mutationId] })],
);
