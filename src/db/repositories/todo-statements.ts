// Build time only. Every statement TodoRepository runs, written with Drizzle against the schema,
// with named placeholders where values go. `npm run db:generate` renders them to plain SQL in
// todo-statements.generated.ts, which is what ships: Drizzle's query builder (~25 KB gzip) never
// reaches the page, yet every statement is still derived from schema.ts and type-checked by it.
import { and, asc, eq, sql } from 'drizzle-orm';
import { todos } from '../schema';
import {
  builder,
  todoFields,
  placeholder,
  endOfList,
  insertManyFields,
  restoreFields,
  listQuery,
  searchQuery,
  isoUtc,
  statement,
  moveStatement,
  listQueryReversed,
  countsQuery,
  windowTotal,
  touched,
  importChunkStatement,
} from './todo-statement-parts';

/** Statement name → a Drizzle query (anything with `toSQL()`). */
/**
 * Statements only modules loaded on first use run (search, export and import, undo's restores):
 * rendered to todo-statements-lazy.generated.ts, so the main-thread bundle does not carry them.
 */
export const lazyStatementNames = [
  'search',
  // Run only after a drag or a key moved a row, which the lazily loaded reorder controller does.
  'move',
  'exportList',
  'importForeignIds',
  'importChunk',
  'importRemoveOthers',
  'revertImport',
  'restore',
  'revertTitle',
  'revertPosition',
  'revertCompleted',
  'revertToggleAll',
  // The data API's own writes, which no element runs: loaded by the first call that needs them.
  'insertMany',
  'getMany',
  'setDueAt',
  'toggle',
] as const;

export const todoStatementDefinitions = {
  listAll: listQuery('all'),
  listActive: listQuery('active'),
  listCompleted: listQuery('completed'),

  // One statement for every filter (its value folds when planned): best match first, equal
  // ranks in creation order, so the order is stable between refreshes.
  search: builder
    .select(todoFields)
    .from(todos)
    .crossJoin(searchQuery())
    .where(
      and(
        eq(todos.list, placeholder('list')),
        sql`(${placeholder('filter')} = 'all' or ${todos.completed} = (${placeholder('filter')} = 'completed'))`,
        sql`${todos}."search" @@ search_query.q`,
      ),
    )
    .orderBy(sql`ts_rank(${todos}."search", search_query.q) desc`, asc(todos.id)),

  listAllReversed: listQueryReversed('all'),
  listActiveReversed: listQueryReversed('active'),
  listCompletedReversed: listQueryReversed('completed'),
  totalAll: windowTotal('all'),
  totalActive: windowTotal('active'),
  totalCompleted: windowTotal('completed'),

  get: builder
    .select(todoFields)
    .from(todos)
    .where(eq(todos.id, placeholder('id'))),

  getMany: builder
    .select(todoFields)
    .from(todos)
    .where(sql`${todos.id} = any(${placeholder('ids')}::uuid[])`)
    .orderBy(asc(todos.id)),

  insert: builder
    .insert(todos)
    .values({
      id: placeholder('id'),
      title: placeholder('title'),
      list: placeholder('list'),
      ...(todos.position ? { position: sql`${endOfList(placeholder('list'))} + 1` } : {}),
    })
    .onConflictDoNothing()
    .returning(todoFields),

  // Many rows in one statement and one round trip, whatever their number: arrays in, rows out.
  insertMany: builder
    .insert(todos)
    .select(
      builder
        .select(insertManyFields)
        .from(
          sql`unnest(${placeholder('ids')}::uuid[], ${placeholder('lists')}::text[], ${placeholder('titles')}::text[], ${placeholder('completed')}::boolean[]) with ordinality as u(id, list, title, completed, n)`,
        ),
    )
    .onConflictDoNothing()
    .returning(todoFields),

  rename: builder
    .update(todos)
    .set({ title: sql`${placeholder('title')}`, ...touched })
    .where(eq(todos.id, placeholder('id')))
    .returning(todoFields),

  setCompleted: builder
    .update(todos)
    .set({ completed: sql`${placeholder('completed')}`, ...touched })
    .where(eq(todos.id, placeholder('id')))
    .returning(todoFields),

  setDueAt: builder
    .update(todos)
    .set({ dueAt: sql`${placeholder('dueAt')}::timestamptz`, ...touched })
    .where(eq(todos.id, placeholder('id')))
    .returning(todoFields),

  // The todo goes between the todos it now sits between (`after` above it, `before` below; either
  // null at an end), whatever other rows (hidden by a filter) lie between those two: one row
  // written, or the whole list when it must be renumbered (see moveStatement), the moved todo
  // alone returned. The content is unchanged, so updated_at is too: an undo of an edit made
  // before is not refused because the todo moved since. Unmoved when both neighbours are gone.
  move: moveStatement(),

  toggle: builder
    .update(todos)
    .set({ completed: sql`not ${todos.completed}`, ...touched })
    .where(eq(todos.id, placeholder('id')))
    .returning(todoFields),

  // Counted in SQL: the caller needs how many changed, not 10,000 ids across the channel and
  // into the request log.
  toggleAll: builder
    .with(
      builder.$with('toggled').as(
        builder
          .update(todos)
          .set({ completed: sql`${placeholder('completed')}`, ...touched })
          .where(and(eq(todos.list, placeholder('list')), eq(todos.completed, sql`not ${placeholder('completed')}`)))
          .returning({ id: todos.id, updatedAt: todos.updatedAt }),
      ),
    )
    // `stamp`: the updated_at every row changed here got (one statement, one now()), in full
    // precision: what an undo uses to find those rows and leave any changed since alone.
    .select({
      changed: sql<number>`count(*)::int`.as('changed'),
      stamp: sql<string | null>`min(updated_at)::text`.as('stamp'),
    })
    .from(sql`toggled`),

  // Undoes a toggleAll: the rows it changed (still at its stamp, so changed by nobody since) get
  // their completed state back. Counted in SQL, plus one of them for the event.
  revertToggleAll: builder
    .with(
      builder.$with('reverted').as(
        builder
          .update(todos)
          .set({ completed: sql`not ${placeholder('completed')}`, ...touched })
          .where(
            and(
              eq(todos.list, placeholder('list')),
              eq(todos.completed, sql`${placeholder('completed')}`),
              // To the millisecond: an undo of a later single-todo change puts back the updated_at
              // this gave, as a Date holds it (see revertTitle).
              sql`date_trunc('milliseconds', ${todos.updatedAt}) = date_trunc('milliseconds', ${placeholder('stamp')}::timestamptz)`,
            ),
          )
          .returning({ id: todos.id }),
      ),
    )
    .select({
      changed: sql<number>`count(*)::int`.as('changed'),
      firstId: sql<string | null>`min(id::text)`.as('firstId'),
    })
    .from(sql`reverted`),

  // Whole rows back: what an undo puts back exactly.
  clearCompleted: builder
    .delete(todos)
    .where(and(eq(todos.list, placeholder('list')), eq(todos.completed, true)))
    .returning(todoFields),

  delete: builder
    .delete(todos)
    .where(eq(todos.id, placeholder('id')))
    .returning(todoFields),

  // Export and import (issue 19 §4). Export is in list order: the order of listAll.
  exportList: builder
    .select({
      id: todos.id,
      title: todos.title,
      completed: todos.completed,
      createdAt: isoUtc(todos.createdAt).as('createdAt'),
      updatedAt: isoUtc(todos.updatedAt).as('updatedAt'),
      dueAt: sql<string | null>`case when ${todos.dueAt} is null then null else ${isoUtc(sql`${todos.dueAt}`)} end`.as(
        'dueAt',
      ),
    })
    .from(todos)
    .where(eq(todos.list, placeholder('list')))
    .orderBy(...(todos.position ? [asc(todos.position), asc(todos.id)] : [asc(todos.id)])),

  // The document's ids that belong to another list (an export of list A imported into B), each
  // with the id its copy gets here: derived from the list and the id, so importing the same
  // file again finds the copies it made and changes nothing.
  importForeignIds: builder
    .select({
      id: todos.id,
      copyId: sql<string>`md5(${placeholder('list')} || '/' || ${todos.id}::text)::uuid`.as('copyId'),
    })
    .from(todos)
    .where(and(sql`${todos.id} = any(${placeholder('ids')}::uuid[])`, sql`${todos.list} <> ${placeholder('list')}`)),

  // Writes one chunk of a document (merge): a new todo is inserted at the end of the list, in
  // the document's order; a todo here is updated only when the document's version is newer
  // (updated_at), and kept otherwise. Says how many were added, updated and kept, the ids added
  // and what each updated todo was before (what undo puts back). Every CTE reads the table as it
  // was before the statement, so "previous" is the old content. The position is computed once
  // per statement: the trigger's per-row max() was planned when the list was small and scanned it
  // for each row, which made a 100,000-todo import quadratic.
  importChunk: importChunkStatement(),

  // Replace mode: the list's todos the document does not hold go; says how many, and what they
  // were (what undo puts back).
  importRemoveOthers: builder
    .with(
      builder.$with('removed').as(
        builder
          .delete(todos)
          .where(and(eq(todos.list, placeholder('list')), sql`not (${todos.id} = any(${placeholder('ids')}::uuid[]))`))
          .returning(todoFields),
      ),
    )
    .select({
      removed: sql<number>`count(*)::int`.as('removed'),
      // Positions as text: numeric has more digits than a JavaScript number keeps.
      todos: sql<unknown[]>`coalesce(json_agg(json_build_object('id', "id", 'title', "title", 'completed', "completed",
        'createdAt', "createdAt", 'updatedAt', "updatedAt", 'dueAt', "dueAt", 'position', ${todos.position ? sql`"position"::text` : sql`null`})), '[]')`.as(
        'todos',
      ),
    })
    .from(sql`removed`),

  // Undoes an import, in one statement: the todos it added go, the todos it updated get their
  // old content back, the todos replace mode removed come back. Each only while it is as the
  // import left it (updated_at as written; a removed id still free): a change made since, in
  // any tab, stays. Says how many of each it took back.
  revertImport: statement(sql`with added as (
  delete from ${todos} as t using unnest(${placeholder('addedIds')}::uuid[], ${placeholder('addedAt')}::timestamptz[]) as a(id, updated_at)
  where t.id = a.id and t.list = ${placeholder('list')}::text and t.updated_at = a.updated_at
  returning t.id
),
reverted as (
  update ${todos} as t set title = r.title, completed = r.completed, created_at = r.created_at, updated_at = r.updated_at, due_at = r.due_at
  from unnest(${placeholder('revertIds')}::uuid[], ${placeholder('titles')}::text[], ${placeholder('completed')}::boolean[],
    ${placeholder('createdAt')}::timestamptz[], ${placeholder('updatedAt')}::timestamptz[], ${placeholder('dueAt')}::timestamptz[],
    ${placeholder('expected')}::timestamptz[]) as r(id, title, completed, created_at, updated_at, due_at, expected)
  where t.id = r.id and t.list = ${placeholder('list')}::text and t.updated_at = r.expected
  returning t.id
),
restored as (
  insert into ${todos} (id, list, title, completed, created_at, updated_at, due_at${todos.position ? sql`, position` : sql``})
  select g.id, ${placeholder('list')}::text, g.title, g.completed, g.created_at, g.updated_at, g.due_at${todos.position ? sql`, g.position` : sql``}
  from unnest(${placeholder('restoreIds')}::uuid[], ${placeholder('restoreTitles')}::text[], ${placeholder('restoreCompleted')}::boolean[],
    ${placeholder('restoreCreatedAt')}::timestamptz[], ${placeholder('restoreUpdatedAt')}::timestamptz[], ${placeholder('restoreDueAt')}::timestamptz[],
    ${placeholder('restorePositions')}::numeric[]) as g(id, title, completed, created_at, updated_at, due_at, position)
  on conflict do nothing
  returning id
)
select (select count(*) from added)::int as removed, (select count(*) from reverted)::int as reverted,
  (select count(*) from restored)::int as restored`),

  // Puts deleted todos back as they were (ids, titles, state, times, order). A todo whose id is
  // there again is left as it is.
  restore: builder
    .insert(todos)
    .select(
      builder.select(restoreFields).from(
        sql`unnest(${placeholder('ids')}::uuid[], ${placeholder('lists')}::text[], ${placeholder('titles')}::text[], ${placeholder('completed')}::boolean[],
            ${placeholder('createdAt')}::timestamptz[], ${placeholder('updatedAt')}::timestamptz[], ${placeholder('dueAt')}::timestamptz[],
            ${placeholder('positions')}::numeric[]) as r(id, list, title, completed, created_at, updated_at, due_at, position)`,
      ),
    )
    .onConflictDoNothing()
    .returning(todoFields),

  // Undoes an edit (title) or a toggle: only while the todo is as that change left it (its
  // updated_at, to the millisecond a Date holds), so a change made since, in any tab, stays.
  // The todo gets back its updated_at too: it is as it was, so an undo of the change before
  // this one finds it as that change left it.
  revertTitle: builder
    .update(todos)
    .set({ title: sql`${placeholder('title')}`, updatedAt: sql`${placeholder('restoredAt')}::timestamptz` })
    .where(
      and(
        eq(todos.id, placeholder('id')),
        sql`date_trunc('milliseconds', ${todos.updatedAt}) = ${placeholder('expected')}::timestamptz`,
      ),
    )
    .returning(todoFields),

  // Undoes a move: back to its old position, only while it is still where the move put it. A
  // renumbering since rewrote that position with an integer, which a move never writes: refused.
  // One that renumbered the list as it moved still finds the old position between the same rows.
  revertPosition: builder
    .update(todos)
    .set({ position: sql`${placeholder('position')}::numeric` })
    .where(and(eq(todos.id, placeholder('id')), sql`${todos.position} = ${placeholder('expected')}::numeric`))
    .returning(todoFields),

  revertCompleted: builder
    .update(todos)
    .set({ completed: sql`${placeholder('completed')}`, updatedAt: sql`${placeholder('restoredAt')}::timestamptz` })
    .where(
      and(
        eq(todos.id, placeholder('id')),
        sql`date_trunc('milliseconds', ${todos.updatedAt}) = ${placeholder('expected')}::timestamptz`,
      ),
    )
    .returning(todoFields),

  counts: countsQuery(['total', 'active', 'completed']),
} satisfies Record<string, { toSQL(): { sql: string; params: unknown[] } }>;
