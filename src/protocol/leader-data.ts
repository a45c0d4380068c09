// The data a tab and the leader exchange (results, windows, live deliveries): plain shapes that
// import nothing, so the leader's modules and leader-api.ts (typed from the leader's methods)
// share them without an import cycle.

/** The rows of a statement and what else a caller may read of PGlite's result. */
export interface QueryResult<T = Record<string, unknown>> {
  readonly rows: T[];
  readonly affectedRows?: number;
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
}

/** Which rows of a result a windowed live query delivers: `limit` rows from `offset` (0-based). */
export interface WindowRange {
  readonly offset: number;
  readonly limit: number;
}

/**
 * Lets the leader read a window of a long result without reading every row before it. Optional:
 * without it (a tab of an older release) the leader counts the rows and reads OFFSET-wise, and a
 * leader of an older release ignores it and does the same, so both give the same rows.
 */
export interface WindowSeek {
  /** One row whose `total` is the query's row count, read without counting them (e.g. from `todo_counts`). */
  readonly count: { readonly sql: string; readonly params: readonly unknown[] };
  /** The query's rows in reverse order, with the query's parameters: a window past the middle is read from the end. */
  readonly reverseSql: string;
}

/** A keyed change of a live result, in the shape of PGlite's `live.changes`. */
export type RowChange<T> =
  | (T & { readonly __op__: 'INSERT' })
  | (T & { readonly __op__: 'UPDATE'; readonly __changed_columns__: readonly string[] })
  | (Partial<T> & { readonly __op__: 'DELETE' })
  | { readonly __op__: 'RESET' };

/** What a live query sends a tab after every change that affects it. */
export type LiveDelivery =
  | { readonly type: 'rows'; readonly rows: unknown[]; readonly window?: WindowRange; readonly totalCount?: number }
  | { readonly type: 'changes'; readonly changes: RowChange<Record<string, unknown>>[] };
