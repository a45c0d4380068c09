import { TransactionUsageError } from '../../errors';

/**
 * This tab's own `transaction()`, as the client's other calls see it: a call made inside its
 * callback through the client (not `tx`) would wait for the transaction, which waits for it, so
 * it is refused at once; with `tabCallsWait`, calls wait until the transaction has ended instead
 * (its callback never calls through the client, so waiting cannot deadlock).
 */
export class TransactionGate {
  #inside = false;
  /** The end of a `tabCallsWait` transaction that calls wait for. */
  #callsWaitFor?: Promise<unknown>;

  /** Runs a transaction's callback; calls made meanwhile are refused. */
  async inside<T>(run: () => Promise<T>): Promise<T> {
    this.#inside = true;
    try {
      return await run();
    } finally {
      this.#inside = false;
    }
  }

  /** Calls wait until `transaction` has ended (settled either way). */
  holdCallsUntilEnded(transaction: Promise<unknown>): void {
    const ended = transaction.catch(() => undefined);
    this.#callsWaitFor = ended;
    void ended.then(() => {
      if (this.#callsWaitFor === ended) this.#callsWaitFor = undefined;
    });
  }

  /** Waits while a `tabCallsWait` transaction runs, then refuses a call made inside any other. */
  async callsMayRun(): Promise<void> {
    while (this.#callsWaitFor) await this.#callsWaitFor;
    if (this.#inside) {
      throw new TransactionUsageError(
        "This call was made while a transaction() callback of this tab is running: it would wait for that transaction, which waits for it. Use the callback's tx, or call after the transaction.",
      );
    }
  }
}
