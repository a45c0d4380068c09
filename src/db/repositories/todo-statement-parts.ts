// Build time only (see todo-statements.ts): the pieces the statements are built from (the
// query builder, column lists, list orders, positions, counts), apart from the statements themselves.
import { and, asc, desc, eq, getTableColumns, type Placeholder, SQL, sql, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { addedIn } from '../release-emulation';
import { todoCounts, todos, TODO_COUNTS_MIGRATION } from '../schema';

export const builder = drizzle(() =>
  Promise.reject(new Error('Statements are rendered to SQL at build time, never run here.')),
);

/**
 * Every column, aliased to its property name (`created_at AS "createdAt"`), so rows arrive
 * already shaped as `Todo` from plain, live and incremental queries alike.
 */
export const todoFields = Object.fromEntries(
  Object.entries(getTableColumns(todos)).map(([property, column]) => [property, sql`${column}`.as(property)]),
) as Record<keyof typeof todos.$inferSelect, SQL.Aliased>;

export const placeholder = sql.placeholder;

/**
 * The select that feeds insertMany: the columns unnest() provides, and for every other column
 * its default (Drizzle's insert-from-select needs every column, in order). Columns added later
 * are nullable or defaulted (migrations/README.md), so they need nothing here.
 */
const fromUnnest = new Set(['id', 'list', 'title', 'completed']);

/**
 * A new todo goes to the end of its list: one past the greatest position there (`max` reads the
 * (list, position) index). Rows inserted without one (an older release) get the same from the
 * trigger migration 0003 adds.
 */
export const endOfList = (list: SQL | Placeholder) =>
  sql`(select coalesce(max(p.position), 0) from ${todos} as p where p.list = ${list})`;

export const insertManyFields = Object.fromEntries(
  Object.entries(getTableColumns(todos)).map(([property, column]) => {
    if (fromUnnest.has(column.name)) return [property, sql.raw(`u.${column.name}`).as(column.name)];
    // After the end, in the order given (the subquery sees the list as it was before this statement).
    if (column.name === 'position') return [property, sql`${endOfList(sql.raw('u.list'))} + u.n`.as(column.name)];
    if (column.default instanceof SQL) return [property, sql`${column.default}`.as(column.name)];
    if (column.default === undefined) return [property, sql.raw('null').as(column.name)];
    return [property, sql`${column.default}::${sql.raw(column.getSQLType())}`.as(column.name)];
  }),
) as Record<keyof typeof todos.$inferSelect, SQL.Aliased>;

/**
 * The select that feeds restore: the columns a Todo carries, from unnest(); any other column
 * (one a later migration adds) its default, as for insertMany.
 */
const fromRestore = new Set(['id', 'list', 'title', 'completed', 'created_at', 'updated_at', 'due_at', 'position']);
export const restoreFields = Object.fromEntries(
  Object.entries(getTableColumns(todos)).map(([property, column]) => {
    if (fromRestore.has(column.name)) return [property, sql.raw(`r.${column.name}`).as(column.name)];
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

export function listQuery(filter: 'all' | 'active' | 'completed') {
  // Manual order: by position, then id (UUIDv7, so creation order) where two positions are equal.
  // A build emulating a release before positions orders by id alone, as that release did.
  const order = todos.position ? [asc(todos.position), asc(todos.id)] : [asc(todos.id)];
  return builder
    .select(todoFields)
    .from(todos)
    .where(listWhere(filter))
    .orderBy(...order);
}

/**
 * `text` as one quoted tsquery operand: in single quotes, each backslash and quote escaped by a
 * backslash, as to_tsquery reads them. Not quote_literal: for text with a backslash it writes
 * `E'…'`, string-literal syntax that to_tsquery does not know ("C:\\Users" failed with "syntax
 * error in tsquery", "foo\\bar" became the phrase e <-> foo <-> bar and found nothing).
 */
const tsqueryLexeme = (text: SQL) => sql`('''' || replace(replace(${text}, '\\', '\\\\'), '''', '\\''') || '''')`;

/**
 * The search as a tsquery (issue 19 §1), computed once per statement as `search_query.q`: the
 * `words` in websearch syntax (quotes, `or`, `-not`) and the last word the user is still typing
 * (`prefix`, may be empty) as a prefix match, joined with AND, or OR when `words` ended in "or"
 * (`anyOf`). Both go through the migration's normaliser (lower case, no accents), as the indexed
 * titles did. Postgres plans with the values, so it all folds to one constant tsquery and the
 * GIN index applies. The column `search` and the function exist only in migration 0002.
 */
export function searchQuery(): SQL {
  const words = sql`websearch_to_tsquery('simple', public.todo_search_text(${placeholder('words')}))`;
  const prefix = sql`(case when ${placeholder('prefix')} = '' then ''::tsquery else to_tsquery('simple', ${tsqueryLexeme(sql`public.todo_search_text(${placeholder('prefix')})`)} || ':*') end)`;
  return sql`(select case when ${placeholder('anyOf')}::boolean then ${words} || ${prefix} else ${words} && ${prefix} end as q) as search_query`;
}

/** A timestamp as export writes it: ISO 8601 in UTC with the stored microseconds, so an import restores it exactly. */
export const isoUtc = (column: SQLWrapper) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A statement written as SQL (a data-modifying CTE Drizzle's builder cannot express), rendered by Drizzle's own dialect. */
const dialect = new PgDialect();
export const statement = (query: SQL) => ({ toSQL: () => dialect.sqlToQuery(query) });

/** A column by name, for SQL over a table alias (`t.title`): named from the schema, so a rename fails here. */
const column = (alias: string, name: keyof typeof todos.$inferSelect) => sql.raw(`${alias}."${todos[name].name}"`);

/** A chunk of an import as rows `u`: the document's values, in its order (`n`). */
const importRows = sql`unnest(${placeholder('ids')}::uuid[], ${placeholder('titles')}::text[], ${placeholder('completed')}::boolean[], ${placeholder('createdAt')}::timestamptz[], ${placeholder('updatedAt')}::timestamptz[], ${placeholder('dueAt')}::timestamptz[]) with ordinality as u(id, title, completed, created_at, updated_at, due_at, n)`;

/** The content an import compares and writes: equal content is "unchanged", whatever its position. */
const content = (alias: string) =>
  sql.join(
    (['title', 'completed', 'createdAt', 'updatedAt', 'dueAt'] as const).map((name) => column(alias, name)),
    sql`, `,
  );

/** The position of the todo with the id in placeholder `name`, or null (no such todo, or null given). */
const positionOf = (name: string) =>
  sql`(select n.position from ${todos} as n where n.id = ${placeholder(name)}::uuid)`;

/** Longest position a move writes (as text); past it, the move renumbers the list (issue 29 §9). */
export const POSITION_MAX_LENGTH = 32;

/**
 * A key strictly between `lo` and `hi` (either may be null: then one place past the other end;
 * null when both are, or when they are equal): of the fewest decimals there are candidates for,
 * at least one, with a last digit other than 0, chosen at random among those. Fewest decimals: a
 * key grows by about a digit only when a gap must be split that an earlier move bounded, not two
 * digits per move as a random point of the gap did, so keys stay short until a renumbering.
 * At random among them: two tabs dropping todos into the same gap at once rarely tie (a tie sorts
 * by id, so every tab still shows one order). Never an integer: a renumbering writes integers only,
 * so a key a move wrote is never written again by one (an undo relies on it, see `revertPosition`).
 * numeric is exact: the key sorts where it should whatever its length. Neighbours passed in the
 * wrong order (two moves at once) are taken as the gap between them.
 */
const keyBetween = (
  lo: SQL,
  hi: SQL,
) => sql`(select (case when r.m % 10 <> 0 then r.m when r.m < r.m_max then r.m + 1 else r.m - 1 end) * ('1e-' || r.d)::numeric
  from (select c.d, c.m_max, c.m_min + floor(random()::numeric * (c.m_max - c.m_min + 1)) as m
    from (select d, floor(least(e.lo, e.hi) * ('1e' || d)::numeric) + 1 as m_min, ceil(greatest(e.lo, e.hi) * ('1e' || d)::numeric) - 1 as m_max
      from (select coalesce(g.lo, floor(g.hi) - 1) as lo, coalesce(g.hi, ceil(g.lo) + 1) as hi from (select (${lo})::numeric as lo, (${hi})::numeric as hi) as g) as e,
        generate_series(1, ${sql.raw(String(POSITION_MAX_LENGTH))}) as d) as c
    where c.m_max > c.m_min or (c.m_max = c.m_min and c.m_min % 10 <> 0)
    order by c.d limit 1) as r)`;

/**
 * The statement of a move (see `move` below): the todo's new position, and when no key of at
 * most {@link POSITION_MAX_LENGTH} characters fits between its neighbours (or they tie), every
 * other todo of its list renumbered first, in the same statement: one transaction, one change for
 * every tab's live queries. Renumbering gives integers around the moved todo's old position: those
 * above it count down from just below it, those below count up from just above it. So the old
 * position still lies between its old neighbours, and an undo of this move (which puts it back)
 * finds its place; an undo of an earlier move finds its todo renumbered and says so.
 */
export function moveStatement() {
  const target = sql`(select t.id, t.list, t.position from ${todos} as t where t.id = ${placeholder('id')}::uuid)`;
  const direct = keyBetween(positionOf('after'), positionOf('before'));
  return builder
    .with(
      builder.$with('moved').as(
        builder
          .update(todos)
          .set({ position: sql`s.position` })
          .from(
            sql`(with x as materialized ${target},
                  plan as materialized (select x.*, k.key,
                      (x.position is not null and (${placeholder('after')}::uuid is not null or ${placeholder('before')}::uuid is not null)
                        and (k.key is null or length(k.key::text) > ${sql.raw(String(POSITION_MAX_LENGTH))})) as renumber
                    from x, (select ${direct} as key) as k),
                  ranked as materialized (select o.id,
                      case when o.above then ceil(plan.position) - row_number() over (partition by o.above order by o.position desc, o.id desc)
                           else floor(plan.position) + row_number() over (partition by o.above order by o.position, o.id) end as n
                    from plan, (select t.id, t.position, coalesce((t.position, t.id) < (p.position, p.id), false) as above
                                  from ${todos} as t, plan as p where p.renumber and t.list = p.list and t.id <> p.id) as o)
                select plan.id, coalesce(case when plan.renumber
                    then ${keyBetween(sql`(select rk.n from ranked as rk where rk.id = ${placeholder('after')}::uuid)`, sql`(select rk.n from ranked as rk where rk.id = ${placeholder('before')}::uuid)`)}
                    else plan.key end, plan.position) as position
                  from plan
                union all
                select ranked.id, ranked.n from ranked) as s`,
          )
          .where(sql`${todos.id} = s.id`)
          .returning(todoFields),
      ),
    )
    .select(
      Object.fromEntries(
        Object.keys(todoFields).map((property) => [property, sql.raw(`moved."${property}"`).as(property)]),
      ) as Record<keyof typeof todos.$inferSelect, SQL.Aliased>,
    )
    .from(sql`moved`)
    .where(sql`moved."id" = ${placeholder('id')}::uuid`);
}

/** The same rows newest first: the leader reads a window near the end of a long list from there. */
export function listQueryReversed(filter: 'all' | 'active' | 'completed') {
  return builder
    .select(todoFields)
    .from(todos)
    .where(listWhere(filter))
    .orderBy(...(todos.position ? [desc(todos.position), desc(todos.id)] : [desc(todos.id)]));
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
export function countsQuery<K extends keyof typeof countsOfList>(columns: readonly K[]) {
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
export function windowTotal(filter: 'all' | 'active' | 'completed') {
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

export const touched = { updatedAt: sql`now()` };

/** The statement `importChunk` (todo-statements.ts says what it does): raw SQL, too long to sit inline there. */
export function importChunkStatement() {
  return statement(sql`with u as (select * from ${importRows}),
previous as (
  select t.id, t.title, t.completed, ${isoUtc(sql.raw('t.created_at'))} as "createdAt", ${isoUtc(sql.raw('t.updated_at'))} as "updatedAt",
    case when t.due_at is null then null else ${isoUtc(sql.raw('t.due_at'))} end as "dueAt", t.updated_at < u.updated_at as older
  from ${todos} as t join u on u.id = t.id
  where (${content('t')}) is distinct from (${content('u')})
),
written as (
  insert into ${todos} (${sql.join(
    (
      [
        'id',
        'list',
        'title',
        'completed',
        'createdAt',
        'updatedAt',
        'dueAt',
        ...(todos.position ? (['position'] as const) : []),
      ] as const
    ).map((name) => sql.raw(`"${todos[name].name}"`)),
    sql`, `,
  )})
  select u.id, ${placeholder('list')}::text, u.title, u.completed, u.created_at, u.updated_at, u.due_at${
    todos.position
      ? sql`, (select coalesce(max(p.position), 0) from ${todos} as p where p.list = ${placeholder('list')}::text) + u.n`
      : sql``
  }
  from u
  on conflict (id) do update set title = excluded.title, completed = excluded.completed, created_at = excluded.created_at,
    updated_at = excluded.updated_at, due_at = excluded.due_at
  where ${todos}.updated_at < excluded.updated_at and (${content('todos')}) is distinct from (${content('excluded')})
  returning ${todos}.id, (${todos}.xmax = 0) as inserted
)
select (select count(*) from written where inserted)::int as added,
  (select count(*) from written where not inserted)::int as updated,
  (select count(*) from previous where not older)::int as kept,
  (select coalesce(json_agg(id), '[]') from written where inserted) as "addedIds",
  (select coalesce(json_agg(json_build_object('id', id, 'title', title, 'completed', completed, 'createdAt', "createdAt",
    'updatedAt', "updatedAt", 'dueAt', "dueAt")), '[]') from previous where older) as previous`);
}
