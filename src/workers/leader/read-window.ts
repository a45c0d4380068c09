import type { Transaction } from '@electric-sql/pglite';
import type { WindowRange, WindowSeek } from '../../protocol/leader-data';

type Row = Record<string, unknown>;
type Reader = Pick<Transaction, 'query'>;

/** A window's rows and the query's row count (see `LiveDelivery`). */
export interface WindowRows {
  readonly rows: Row[];
  readonly totalCount: number;
}

/**
 * Reads `window` of the rows of `sql`. Every window a tab shows is re-read after each write, so at
 * 100,000 todos the cost of reaching its first row is paid on every change: OFFSET 99,880 read
 * and dropped 99,880 rows (15–19 ms in PGlite once analyzed, 50–90 ms when the planner guessed and
 * sorted on disk), a COUNT(*) another 12–38 ms. With a `seek` the count is one row of
 * `todo_counts`, and a window past the middle is read from the end over the reversed query
 * (1–3 ms at the far end); the middle of a list stays the slowest place (~9 ms at 50,000).
 * @param totals row counts already read in this refresh, by `countKey`: windows of one list share theirs.
 */
export async function readWindow(
  pg: Reader,
  sql: string,
  params: unknown[],
  window: WindowRange,
  seek: WindowSeek | undefined,
  totals: Map<string, number>,
  countKey: string,
): Promise<WindowRows> {
  const { offset, limit } = window;
  let total = totals.get(countKey);
  if (seek) {
    if (total === undefined) {
      const counted = await pg.query<{ total: number }>(seek.count.sql, [...seek.count.params]);
      total = Number(counted.rows[0]?.total ?? 0);
      totals.set(countKey, total);
    }
    const end = Math.min(offset + limit, total);
    if (end <= offset) return { rows: [], totalCount: total };
    // Nearer the end than the start: skip the rows after the window instead of those before it.
    if (total - end < offset) {
      const { rows } = await pg.query<Row>(
        `select * from (${seek.reverseSql}) as live_window offset ${total - end} limit ${end - offset}`,
        params,
      );
      return { rows: rows.reverse(), totalCount: total };
    }
  }
  const { rows } = await pg.query<Row>(`select * from (${sql}) as live_window offset ${offset} limit ${limit}`, params);
  // A window that reaches the end tells the total itself; otherwise count once per query and refresh.
  const reachesEnd = rows.length < limit && (rows.length > 0 || offset === 0);
  if (reachesEnd && !seek) total = offset + rows.length;
  if (total === undefined) {
    const counted = await pg.query<{ total: number }>(
      `select count(*)::int as total from (${sql}) as live_total`,
      params,
    );
    total = counted.rows[0]?.total ?? 0;
  }
  totals.set(countKey, total);
  return { rows, totalCount: total };
}
