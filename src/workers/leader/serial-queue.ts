/** A task reached the front of the queue after its caller's deadline: it was not run. */
export class DeadlinePassedError extends Error {
  override name = 'DeadlinePassedError';
  constructor() {
    super('The call waited past its deadline and was not run.');
  }
}

/**
 * Runs the leader's work one task at a time, in arrival order. Postgres in PGlite is one
 * session: a tab's open transaction holds the queue until it ends, so nothing else is
 * captured by it. A task whose caller has stopped waiting (its deadline passed) is never
 * started, which is what lets the caller report "not applied" with certainty.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** @param onTaskError told of every task that failed (not one refused past its deadline): the engine may have died. */
  constructor(private readonly onTaskError?: (error: unknown) => void) {}

  /** Tasks queued or running: upkeep (a vacuum) starts only when it would be alone. */
  get pending(): number {
    return this.#pending;
  }

  run<T>(task: () => Promise<T>, deadline = Infinity): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(() => {
      if (Date.now() > deadline) throw new DeadlinePassedError();
      return task();
    });
    const settled = result.then(
      () => void this.#pending--,
      (error: unknown) => {
        this.#pending--;
        if (!(error instanceof DeadlinePassedError)) this.onTaskError?.(error);
      },
    );
    this.#tail = settled;
    return result;
  }
}
