// Build time only. Every statement TodoRepository runs, written with Drizzle against the schema,
// with named placeholders where values go. `npm run db:generate` renders them to plain SQL in
// todo-statements.generated.ts, which is what ships: Drizzle's query builder (~25 KB gzip) never
// reaches the page, yet every statement is still derived from schema.ts and type-checked by it.
import { and, asc, eq, getTableColumns, SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { todos } from '../schema';

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

const touched = { updatedAt: sql`now()` };

/** Statement name → a Drizzle query (anything with `toSQL()`). */
export const todoStatementDefinitions = {
  listAll: listQuery('all'),
  listActive: listQuery('active'),
  listCompleted: listQuery('completed'),

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

  counts: builder
    .select({
      total: sql<number>`count(*)::int`.as('total'),
      active: sql<number>`(count(*) filter (where not ${todos.completed}))::int`.as('active'),
      completed: sql<number>`(count(*) filter (where ${todos.completed}))::int`.as('completed'),
    })
    .from(todos)
    .where(eq(todos.list, placeholder('list'))),
} satisfies Record<string, { toSQL(): { sql: string; params: unknown[] } }>;
