/**
 * Requests per user per minute on this instance: a token bucket per user that holds a minute's
 * worth and refills evenly. (N instances behind a balancer allow up to N times as many.)
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perMs: number;

  constructor(readonly perMinute: number) {
    this.#perMs = perMinute / 60_000;
  }

  /** 0 when the request may go ahead (and counts it), else the milliseconds until it may. */
  take(key: string, now = Date.now()): number {
    const bucket = this.#buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#prune(now);
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / this.#perMs);
    bucket.tokens -= 1;
    return 0;
  }

  /** Forgets buckets that have refilled: they hold no state worth keeping. */
  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.perMinute) this.#buckets.delete(key);
    }
  }
}
