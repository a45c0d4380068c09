import type { PGlite, Transaction } from '@electric-sql/pglite';
import { decodeResult, encodeResult } from './result-codec';

/**
 * Exactly-once for calls a tab may send twice (a retry after a hand-over, when the first
 * attempt may have committed on the leader that went away): the result of each such call is
 * written in the same transaction as its change, and a repeat returns that result instead of
 * applying it again. Bookkeeping of the protocol, like the migrations table beside it, not part
 * of the data model: it exists before any migration runs, whatever the schema version.
 */
const LOG = 'todo_widget.requests';

/** The log's table, for the upkeep that prunes and vacuums it (vacuum-policy.ts). */
export const REQUEST_LOG_TABLE = { schema: 'todo_widget', table: 'requests' } as const;

/**
 * Results are kept this long: a retry comes within seconds; a week covers a laptop asleep
 * mid-call. A tab's outbox replays no add older than this by itself (see add-outbox.ts,
 * `REPLAY_HORIZON_MS`): past it, the log may no longer know that the add was applied.
 */
export const REQUEST_LOG_KEEP_DAYS = 7;
const KEEP = `interval '${REQUEST_LOG_KEEP_DAYS} days'`;

/** Deletes the results older than the log keeps (an index range scan on `at`). */
export const PRUNE_REQUEST_LOG = `DELETE FROM ${LOG} WHERE at < now() - ${KEEP}`;

/** How many results are older than the log keeps: what {@link PRUNE_REQUEST_LOG} would delete. */
export async function expiredRequests(pg: Pick<PGlite, 'query'>): Promise<number> {
  const { rows } = await pg.query<{ expired: number }>(
    `select count(*)::int as expired from ${LOG} where at < now() - ${KEEP}`,
  );
  return rows[0]?.expired ?? 0;
}

export async function prepareRequestLog(pg: PGlite): Promise<void> {
  // The index on `at`: the upkeep (vacuum-policy.ts) counts and prunes the old results while the
  // leader runs, without reading the whole log each time.
  await pg.exec(`
    CREATE SCHEMA IF NOT EXISTS todo_widget;
    CREATE TABLE IF NOT EXISTS ${LOG} (id text PRIMARY KEY, result text NOT NULL, at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX IF NOT EXISTS requests_at_idx ON ${LOG} (at);
    ${PRUNE_REQUEST_LOG};
  `);
}

class AlreadyApplied extends Error {}

/**
 * Runs `apply` in a transaction that also records its result under `requestId`; when the id
 * is already recorded, returns the recorded result and changes nothing.
 */
export async function applyOnce<T>(pg: PGlite, requestId: string, apply: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await pg.transaction(async (tx) => {
      const result = await apply(tx);
      const logged = await tx.query(
        `insert into ${LOG} (id, result) values ($1, $2) on conflict (id) do nothing returning 1`,
        [requestId, encodeResult(result)],
      );
      if (logged.rows.length === 0) throw new AlreadyApplied();
      return result;
    });
  } catch (error) {
    // A repeat, or a first attempt that failed: only the log can tell which.
    const prior = await pg.query<{ result: string }>(`select result from ${LOG} where id = $1`, [requestId]);
    const recorded = prior.rows[0];
    if (recorded) return decodeResult(recorded.result) as T;
    throw error;
  }
}
