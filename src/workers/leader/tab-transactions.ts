import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SerialQueue } from './serial-queue';

/** A transaction with no statement for this long is rolled back: a tab must not hold every tab up. */
export const TRANSACTION_IDLE_MS = 30_000;

interface OpenTransaction {
  readonly id: string;
  readonly tab: string;
  readonly tx: Transaction;
  /** Ends it: commit or roll back. */
  readonly end: (commit: boolean) => void;
  /** Settles once COMMIT (and the sync to storage) or ROLLBACK is done. */
  readonly ended: Promise<void>;
  idleTimer?: ReturnType<typeof setTimeout>;
}

export class TransactionGoneError extends Error {
  override name = 'TransactionUsageError';
}

/**
 * A tab's `transaction()` runs here, in the leader, as one real Postgres transaction: it holds
 * the serial queue from BEGIN to COMMIT, so no other tab's statement runs inside it (they wait),
 * and it is rolled back when its tab goes or falls silent.
 */
export class TabTransactions {
  #open?: OpenTransaction;
  readonly #rolledBack = new Map<string, string>();

  constructor(
    private readonly pg: PGlite,
    private readonly queue: SerialQueue,
    private readonly onCommitted: () => void,
  ) {}

  /** Resolves once BEGIN has run; the queue stays held until {@link end}. */
  begin(tab: string, id: string, deadline: number): Promise<void> {
    return new Promise<void>((began, failed) => {
      this.queue
        .run(async () => {
          let committed = false;
          let settle!: { resolve: () => void; reject: (error: unknown) => void };
          const ended = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
          ended.catch(() => undefined);
          try {
            await this.pg.transaction(async (tx) => {
              const decision = new Promise<boolean>((end) => {
                this.#open = { id, tab, tx, end, ended };
              });
              this.#touch();
              began();
              committed = await decision;
              if (!committed) await tx.rollback();
            });
            // PGlite's transaction() leaves COMMIT in memory until a later statement outside a
            // transaction syncs: a caller told "saved" could lose it. Sync now, before it hears.
            if (committed) await this.pg.syncToFs();
            settle.resolve();
          } catch (error) {
            settle.reject(error);
            throw error;
          } finally {
            this.#clear(id);
            if (committed) this.onCommitted();
          }
        }, deadline)
        .catch(failed);
    });
  }

  /** The open transaction `id` of `tab`, for one of its statements. */
  use(tab: string, id: string): Transaction {
    const open = this.#open;
    if (!open || open.id !== id || open.tab !== tab) {
      const why = this.#rolledBack.get(id) ?? 'it has already ended';
      throw new TransactionGoneError(`This transaction cannot be used: ${why}.`);
    }
    this.#touch();
    return open.tx;
  }

  /** Commits (or rolls back) and resolves once that is done and on storage. */
  async end(tab: string, id: string, commit: boolean): Promise<void> {
    const open = this.#open;
    if (!open || open.id !== id || open.tab !== tab) {
      if (!commit) return; // already rolled back
      throw new TransactionGoneError(
        `This transaction was not committed: ${this.#rolledBack.get(id) ?? 'it has already ended'}.`,
      );
    }
    open.end(commit);
    await open.ended;
  }

  /** The tab went away: whatever it had open is rolled back. */
  dropTab(tab: string): void {
    if (this.#open?.tab === tab) this.#abandon('its tab closed');
  }

  #touch(): void {
    const open = this.#open;
    if (!open) return;
    clearTimeout(open.idleTimer);
    open.idleTimer = setTimeout(
      () => this.#abandon(`it was idle for ${TRANSACTION_IDLE_MS / 1000} s and was rolled back`),
      TRANSACTION_IDLE_MS,
    );
  }

  #abandon(why: string): void {
    const open = this.#open;
    if (!open) return;
    this.#rolledBack.set(open.id, why);
    if (this.#rolledBack.size > 100) this.#rolledBack.delete(this.#rolledBack.keys().next().value!);
    this.#clear(open.id);
    open.end(false);
  }

  #clear(id: string): void {
    if (this.#open?.id !== id) return;
    clearTimeout(this.#open.idleTimer);
    this.#open = undefined;
  }
}
