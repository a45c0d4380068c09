import { randomId } from '../../protocol/channels';
import type { QueryResult } from '../../protocol/leader-api';
import { findTransactionControl } from '../../protocol/transaction-control';
import { TransactionUsageError } from '../../errors';
import type { LeaderLink } from './leader-link';

/** What a `transaction()` callback is given: statements that run inside that transaction, in the leader. */
export interface Transaction {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: { rowMode?: 'object' | 'array' },
  ): Promise<QueryResult<T>>;
  exec(sql: string): Promise<QueryResult[]>;
  /** Rolls back now; the callback's result is still returned, nothing is committed. */
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export function refuseTransactionControl(sql: string, where: string): void {
  const statement = findTransactionControl(sql);
  if (statement) {
    throw new TransactionUsageError(
      `"${statement}" cannot be sent through ${where}: every tab shares the database's one session, so it would take other tabs' changes into this tab's transaction. Use transaction() instead.`,
    );
  }
}

/**
 * Runs `fn` as one transaction on the leader of `term`: BEGIN there, each statement one call
 * pinned to that leader (another leader knows nothing of it), then COMMIT — answered only once
 * the commit is on storage — or ROLLBACK when `fn` throws.
 */
export async function runTransaction<T>(
  link: LeaderLink,
  term: string,
  deadline: () => number,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const id = randomId();
  const pinned = { pin: term };
  await link.call('txBegin', { tx: id }, deadline(), pinned);
  let closed = false;
  const usable = () => {
    if (closed) throw new TransactionUsageError('This transaction has ended; its statements can no longer run.');
  };
  const tx: Transaction = {
    async query<R>(sql: string, params: readonly unknown[] = [], options: { rowMode?: 'object' | 'array' } = {}) {
      usable();
      refuseTransactionControl(sql, 'tx.query()');
      const result = await link.call(
        'txQuery',
        { tx: id, sql, params: [...params], ...(options.rowMode ? { rowMode: options.rowMode } : {}) },
        deadline(),
        pinned,
      );
      return result as QueryResult<R>;
    },
    async exec(sql: string) {
      usable();
      refuseTransactionControl(sql, 'tx.exec()');
      return link.call('txExec', { tx: id, sql }, deadline(), pinned);
    },
    async rollback() {
      usable();
      closed = true;
      await link.call('txEnd', { tx: id, commit: false }, deadline(), pinned);
    },
    get closed() {
      return closed;
    },
  };
  let result: T;
  try {
    result = await fn(tx);
  } catch (error) {
    if (!closed) {
      closed = true;
      await link.call('txEnd', { tx: id, commit: false }, deadline(), pinned).catch(() => undefined);
    }
    throw error;
  }
  if (!closed) {
    closed = true;
    await link.call('txEnd', { tx: id, commit: true }, deadline(), pinned);
  }
  return result;
}
