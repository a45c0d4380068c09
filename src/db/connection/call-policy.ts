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
