import { OutcomeUnknownError } from '../../errors';

export interface CallPolicy {
  /** How long one attempt may wait for a leader and its answer. */
  readonly timeoutMs: number;
  /** How long a repeatable call keeps trying across hand-overs. */
  readonly retryWindowMs: number;
}

/**
 * Pauses before something that failed is tried again: this tab's worker after a failed start
 * (another tab may take its turn meanwhile), a UI add after a timeout. 1 s, doubling, at most 10 s.
 */
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 10_000] as const;

/** The pause after failed attempt number `attempt` (from 0): RETRY_DELAYS_MS, its last one repeated. */
export function retryDelay(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
}

/** Waits out {@link retryDelay} of `attempt`. */
export function pauseBeforeRetry(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
}

/**
 * Runs `attempt` until it resolves, pausing {@link retryDelay} between tries, or rethrows the
 * first error `retryable` says no to. The one retry loop of this tab's unsaved adds and changes.
 */
export async function retryUntilSettled<T>(
  attempt: () => Promise<T>,
  retryable: (error: unknown) => boolean,
): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (!retryable(error)) throw error;
      await pauseBeforeRetry(failures);
    }
  }
}

/** Pause before a repeatable call is tried again: never a tight loop against a leader that fails at once. */
export const RETRY_PAUSE_MS = 25;

/**
 * Runs `attempt` with a deadline. A repeatable call (a read, or a write made safe to repeat by
 * its request id) whose outcome became unknown (the leader changed or fell silent) is tried
 * again, on whichever leader is ready next, until `retryWindowMs` has passed; it then
 * resolves what actually happened. Anything else settles as the attempt did: a
 * `DatabaseTimeoutError` means not applied, an `OutcomeUnknownError` may have applied.
 */
export async function callWithPolicy<T>(
  attempt: (deadline: number) => Promise<T>,
  policy: CallPolicy,
  repeatable: boolean,
): Promise<T> {
  const giveUpAt = Date.now() + policy.retryWindowMs;
  for (;;) {
    try {
      return await attempt(Date.now() + policy.timeoutMs);
    } catch (error) {
      if (!repeatable || !(error instanceof OutcomeUnknownError) || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}
