/** SQL with `$n` slots, and what fills each slot: a named value or a constant. */
export interface RenderedStatement {
  readonly sql: string;
  readonly params: readonly ({ readonly name: string } | { readonly value: unknown })[];
}

/** SQL and its positional parameters, ready for the DatabaseClient. */
export interface BoundQuery {
  readonly sql: string;
  readonly params: unknown[];
}

type PlaceholderName<S extends RenderedStatement> = Extract<S['params'][number], { readonly name: string }>['name'];

/** One value for each name the statement has a placeholder for; a name left out is a type error. */
export type StatementValues<S extends RenderedStatement> = { readonly [K in PlaceholderName<S>]: unknown };

/** Fills a statement rendered at build time (see repositories/todo-statements.ts) with values. */
export function bind<S extends RenderedStatement>(statement: S, values: StatementValues<S>): BoundQuery {
  const named = values as Readonly<Record<string, unknown>>;
  return {
    sql: statement.sql,
    params: statement.params.map((param) => ('name' in param ? named[param.name] : param.value)),
  };
}

/** A SQL string (values in `params`), SQL bound to its values (what repositories pass), or anything with `toSQL()`, such as a Drizzle query builder. */
export type QueryInput = string | BoundQuery | { toSQL(): BoundQuery };

export function toSql(query: QueryInput, params: readonly unknown[] = []): BoundQuery {
  if (typeof query === 'string') return { sql: query, params: [...params] };
  if ('toSQL' in query) return query.toSQL();
  return query;
}

/** See `DatabaseClient.liveWindow`: `count` gives one row with a `total`; `reverse` is the query in reverse order, with the same parameters. */
export interface WindowSeekInput {
  readonly count: QueryInput;
  readonly reverse: QueryInput;
}
