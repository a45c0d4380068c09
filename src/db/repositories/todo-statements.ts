// Build time only. Every statement TodoRepository runs, written with Drizzle against the schema,
// with named placeholders where values go. `npm run db:generate` renders them to plain SQL in
// todo-statements.generated.ts, which is what ships: Drizzle's query builder (~25 KB gzip) never
// reaches the page, yet every statement is still derived from schema.ts and type-checked by it.
import { and, asc, desc, eq, getTableColumns, SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { addedIn } from '../release-emulation';
import { todoCounts, todos, TODO_COUNTS_MIGRATION } from '../schema';

const builder = drizzle(async () => {
  throw new Error('Statements are rendered to SQL at build time, never run here.');
});

/**
 * Every column, aliased to its property name (`created_at AS "createdAt"`), so rows arrive
 * already shaped as `Todo` from plain, live and incremental queries alike.
 */
const todoFields = Object.fromEntries(
  Object.entries(getTableColumns(todos)).map(([property, column]) => [property, sql`${column}`.as(property)]),
) as Record<keyof typeof todos.$inferSelect, SQL.Aliased>;

const placeholder = sql.placeholder;

/**
 * The select that feeds insertMany: the columns unnest() provides, and for every other column
 * its default (Drizzle's insert-from-select needs every column, in order). Columns added later
 * are nullable or defaulted (migrations/README.md), so they need nothing here.
 */
const fromUnnest = new Set(['id', 'list', 'title', 'completed']);
const insertManyFields = Object.fromEntries(
  Object.entries(getTableColumns(todos)).map(([property, column]) => {
    if (fromUnnest.has(column.name)) return [property, sql.raw(`u.${column.name}`).as(column.name)];
    if (column.default instanceof SQL) return [property, sql`${column.default}`.as(column.name)];
    if (column.default === undefined) return [property, sql.raw('null').as(column.name)];
    return [property, sql`${column.default}::${sql.raw(column.getSQLType())}`.as(column.name)];
  }),
) as Record<keyof typeof todos.$inferSelect, SQL.Aliased>;

function listWhere(filter: 'all' | 'active' | 'completed'): SQL | undefined {
  const inList = eq(todos.list, placeholder('list'));
  if (filter === 'active') return and(inList, eq(todos.completed, false));
  if (filter === 'completed') return and(inList, eq(todos.completed, true));
  return inList;
}

function listQuery(filter: 'all' | 'active' | 'completed') {
  // Ordered by id: UUIDv7, so creation order, and one index serves every filter.
  return builder.select(todoFields).from(todos).where(listWhere(filter)).orderBy(asc(todos.id));
}

/** The same rows newest first: the leader reads a window near the end of a long list from there. */
function listQueryReversed(filter: 'all' | 'active' | 'completed') {
  return builder.select(todoFields).from(todos).where(listWhere(filter)).orderBy(desc(todos.id));
}

/**
 * Builds that emulate a release from before `todo_counts` (upgrade tests) count the todos, as
 * that release did; every real build reads the one row the triggers keep.
 */
const fromCountsTable = addedIn(TODO_COUNTS_MIGRATION, { yes: true }).yes === true;

const countsOfList = fromCountsTable
  ? {
      total: sql`coalesce(sum(${todoCounts.total}), 0)::int`,
      active: sql`coalesce(sum(${todoCounts.total} - ${todoCounts.completed}), 0)::int`,
      completed: sql`coalesce(sum(${todoCounts.completed}), 0)::int`,
    }
  : {
      total: sql`count(*)::int`,
      active: sql`(count(*) filter (where not ${todos.completed}))::int`,
      completed: sql`(count(*) filter (where ${todos.completed}))::int`,
    };

/** `columns` of one list's counts, from `todo_counts` (at most one row, so sums of it) or by counting. */
function countsQuery<K extends keyof typeof countsOfList>(columns: readonly K[]) {
  const fields = Object.fromEntries(
    columns.map((name) => [name, countsOfList[name].mapWith(Number).as(name)]),
  ) as Record<K, SQL.Aliased<number>>;
  return fromCountsTable
    ? builder
        .select(fields)
        .from(todoCounts)
        .where(eq(todoCounts.list, placeholder('list')))
    : builder
        .select(fields)
        .from(todos)
        .where(eq(todos.list, placeholder('list')));
}

/** One list's row count for a filter, in a column named `total` (what a live window's leader reads). */
function windowTotal(filter: 'all' | 'active' | 'completed') {
  const total = { total: countsOfList[filter === 'all' ? 'total' : filter].mapWith(Number).as('total') };
  return fromCountsTable
    ? builder
        .select(total)
        .from(todoCounts)
        .where(eq(todoCounts.list, placeholder('list')))
    : builder
        .select(total)
        .from(todos)
        .where(eq(todos.list, placeholder('list')));
}

const touched = { updatedAt: sql`now()` };

/** Statement name → a Drizzle query (anything with `toSQL()`). */
export const todoStatementDefinitions = {
  listAll: listQuery('all'),
  listActive: listQuery('active'),
  listCompleted: listQuery('completed'),
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
    .values({ id: placeholder('id'), title: placeholder('title'), list: placeholder('list') })
    .onConflictDoNothing()
    .returning(todoFields),

  // Many rows in one statement and one round trip, whatever their number: arrays in, rows out.
  // Many rows in one statement and one round trip, whatever their number: arrays in, rows out.
  insertMany: builder
    .insert(todos)
    .select(
      builder
        .select(insertManyFields)
        .from(
          sql`unnest(${placeholder('ids')}::uuid[], ${placeholder('lists')}::text[], ${placeholder('titles')}::text[], ${placeholder('completed')}::boolean[]) as u(id, list, title, completed)`,
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
          .returning({ id: todos.id }),
      ),
    )
    .select({ changed: sql<number>`count(*)::int`.as('changed') })
    .from(sql`toggled`),

  clearCompleted: builder
    .delete(todos)
    .where(and(eq(todos.list, placeholder('list')), eq(todos.completed, true)))
    .returning({ id: todos.id }),

  delete: builder
    .delete(todos)
    .where(eq(todos.id, placeholder('id')))
    .returning({ id: todos.id }),

  counts: countsQuery(['total', 'active', 'completed']),
} satisfies Record<string, { toSQL(): { sql: string; params: unknown[] } }>;
