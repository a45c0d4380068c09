import type { PGlite, Results } from '@electric-sql/pglite';
import type { LiveDelivery, QueryResult, WindowRange, WindowSeek } from '../../protocol/leader-data';
import { findTransactionControl, mayWrite } from '../../protocol/transaction-control';
import type { DatabaseInfo } from '../../db/storage';
import { MIGRATIONS_SCHEMA, MIGRATIONS_TABLE } from '../../db/migration-journal';
import { applyOnce } from './request-log';
import type { LiveQueries } from './live-queries';
import type { SerialQueue } from './serial-queue';
import type { TabTransactions } from './tab-transactions';
import type { VacuumPolicy } from './vacuum-policy';

/** Who is calling: the tab, and how to reach it. */
export interface CallContext {
  readonly tab: string;
  /** Epoch ms after which a queued call is not started. */
  readonly deadline: number;
  /** Posts a live result to the tab. */
  readonly sendLive: (sub: string, delivery: LiveDelivery) => void;
}

export interface LeaderState {
  readonly pg: PGlite;
  readonly info: DatabaseInfo;
  readonly queue: SerialQueue;
  readonly transactions: TabTransactions;
  readonly live: LiveQueries;
  /** Told of every write, so it can clean up after them once the leader is idle. */
  readonly vacuum?: VacuumPolicy;
  /**
   * Runs in the queue before a statement that may write: the window snapshots are marked out of
   * date first, durably (window-snapshots.ts). A rejection refuses the statement.
   */
  readonly beforeWrite?: () => Promise<void>;
  /** Told after every statement that may have written (sync pushes what the triggers queued). */
  readonly onWrite?: () => void;
}

type RowMode = 'object' | 'array';

export interface QueryArgs {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly rowMode?: RowMode;
  /** Makes the call apply at most once: a repeat returns the first result (see request-log.ts). */
  readonly requestId?: string;
}

export class TransactionControlError extends Error {
  override name = 'TransactionUsageError';
}

function refuseTransactionControl(sql: string): void {
  const statement = findTransactionControl(sql);
  if (statement) {
    throw new TransactionControlError(
      `"${statement}" cannot be sent through query() or exec(): every tab shares the database's one session. Use transaction() instead.`,
    );
  }
}

function toResult<T>(results: Results<T>): QueryResult<T> {
  return {
    rows: results.rows,
    ...(results.affectedRows === undefined ? {} : { affectedRows: results.affectedRows }),
    fields: results.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
  };
}

const PLAIN_WRITE = /^\s*(insert|update|delete)\b/i;

function checkWindow(window: WindowRange | undefined): void {
  if (window === undefined) return;
  const { offset, limit } = window;
  // They are written into the SQL: whole numbers only.
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > 100_000) {
    throw new RangeError(
      `A live window needs a whole offset ≥ 0 and a limit from 1 to 100000 (got ${String(offset)}, ${String(limit)}).`,
    );
  }
}

/**
 * Everything a tab can ask of the leader, one message each. The protocol's method and argument
 * types are derived from this object (src/protocol/leader-api.ts), so both sides agree or fail `tsc`.
 */
export function createLeaderMethods(state: LeaderState) {
  const { pg, queue, transactions, live, vacuum } = state;
  const afterWrite = (sql: string, affectedRows?: number) => {
    if (!mayWrite(sql)) return;
    live.invalidate();
    state.onWrite?.();
    // Postgres reports the rows of a plain INSERT/UPDATE/DELETE only: a SELECT over a writing CTE
    // (toggleAll) says "SELECT 1", so its count is unknown, not 1.
    vacuum?.noteWrite(PLAIN_WRITE.test(sql) ? affectedRows : undefined);
  };
  const beforeWrite = async (sql: string) => {
    if (!state.beforeWrite || !mayWrite(sql)) return;
    await state.beforeWrite();
    // Re-read after it whatever happens (an error, a rollback): the snapshots are listed again then.
    live.invalidate();
  };
  const subscriber = (call: CallContext, sub: string) => `${call.tab}/${sub}`;

  return {
    /** What the leader opened, and the schema version, in one round trip. */
    async describe(
      call: CallContext,
      _args: Record<string, never>,
    ): Promise<{ info: DatabaseInfo; schemaVersion: number | null }> {
      const result = await queue.run(
        () =>
          pg.query<{ version: string | null }>(
            `select max(created_at)::text as version from "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`,
          ),
        call.deadline,
      );
      const version = result.rows[0]?.version;
      return { info: state.info, schemaVersion: version == null ? null : Number(version) };
    },

    /** One statement, with parameters. Outside a transaction PGlite syncs to storage before it resolves. */
    async query(call: CallContext, args: QueryArgs): Promise<QueryResult> {
      refuseTransactionControl(args.sql);
      const options = { rowMode: args.rowMode ?? 'object' } as const;
      const { requestId } = args;
      const result = await queue.run(async () => {
        await beforeWrite(args.sql);
        if (requestId === undefined)
          return toResult(await pg.query<Record<string, unknown>>(args.sql, [...args.params], options));
        const once = await applyOnce(pg, requestId, async (tx) =>
          toResult(await tx.query<Record<string, unknown>>(args.sql, [...args.params], options)),
        );
        await pg.syncToFs();
        return once;
      }, call.deadline);
      afterWrite(args.sql, result.affectedRows);
      return result;
    },

    /** Statements without parameters (e.g. DDL), in one implicit transaction. */
    async exec(call: CallContext, args: { readonly sql: string }): Promise<QueryResult[]> {
      refuseTransactionControl(args.sql);
      const results = await queue.run(async () => {
        await beforeWrite(args.sql);
        return pg.exec(args.sql);
      }, call.deadline);
      afterWrite(args.sql);
      return results.map(toResult);
    },

    async txBegin(call: CallContext, args: { readonly tx: string }): Promise<void> {
      await transactions.begin(call.tab, args.tx, call.deadline);
    },

    async txQuery(call: CallContext, args: QueryArgs & { readonly tx: string }): Promise<QueryResult> {
      refuseTransactionControl(args.sql);
      const tx = transactions.use(call.tab, args.tx);
      await beforeWrite(args.sql);
      return toResult(
        await tx.query<Record<string, unknown>>(args.sql, [...args.params], { rowMode: args.rowMode ?? 'object' }),
      );
    },

    async txExec(call: CallContext, args: { readonly tx: string; readonly sql: string }): Promise<QueryResult[]> {
      refuseTransactionControl(args.sql);
      const tx = transactions.use(call.tab, args.tx);
      await beforeWrite(args.sql);
      return (await tx.exec(args.sql)).map(toResult);
    },

    /** Commits (durably) or rolls back. */
    async txEnd(call: CallContext, args: { readonly tx: string; readonly commit: boolean }): Promise<void> {
      await transactions.end(call.tab, args.tx, args.commit);
    },

    /** Starts a live query; its first rows reach the tab before this answers. */
    async liveQuery(
      call: CallContext,
      args: {
        readonly sub: string;
        readonly sql: string;
        readonly params: readonly unknown[];
        readonly window?: WindowRange;
        readonly seek?: WindowSeek;
      },
    ): Promise<void> {
      checkWindow(args.window);
      await live.subscribeRows(subscriber(call, args.sub), args, (delivery) => call.sendLive(args.sub, delivery));
    },

    async liveChanges(
      call: CallContext,
      args: { readonly sub: string; readonly sql: string; readonly params: readonly unknown[]; readonly key: string },
    ): Promise<void> {
      await live.subscribeChanges(subscriber(call, args.sub), args, (delivery) => call.sendLive(args.sub, delivery));
    },

    async liveMove(call: CallContext, args: { readonly sub: string; readonly window: WindowRange }): Promise<void> {
      checkWindow(args.window);
      await live.move(subscriber(call, args.sub), args.window);
    },

    async liveStop(call: CallContext, args: { readonly sub: string }): Promise<void> {
      live.stop(subscriber(call, args.sub));
    },
  };
}

export type LeaderMethods = ReturnType<typeof createLeaderMethods>;
