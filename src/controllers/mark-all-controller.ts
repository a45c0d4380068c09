import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TodoCounts } from '../db/repositories/todos';

export interface MarkAllOptions {
  /** The list's counts, `undefined` until they arrive; read on every host update. */
  readonly counts: () => TodoCounts | undefined;
  /** Marks every todo of the list complete or not. */
  readonly markAll: (completed: boolean) => Promise<unknown>;
  /** How long after a mark-all the counts win even if they never agreed with it. Default 2 s. */
  readonly settleMs?: number;
}

/**
 * The "Mark all as complete" checkbox state: what the counts say (every todo completed), except
 * that after a click, until the counts catch up (they are a live query that arrives after the
 * write), it shows what was asked, so a second click can't re-send the same request. If the
 * counts never agree (another tab changed the list meanwhile), they win after `settleMs`. The
 * timer is cleared when the host disconnects.
 */
export class MarkAllController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: MarkAllOptions;
  /** What the last mark-all asked for, until the counts agree. */
  #intent?: boolean;
  #settleTimer?: ReturnType<typeof setTimeout>;
  #connected = false;

  constructor(host: ReactiveControllerHost, options: MarkAllOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Whether the checkbox is checked. */
  get checked(): boolean {
    return this.#intent ?? this.#counted();
  }

  /** Whether the checkbox is disabled: no counts yet, or no todos. */
  get disabled(): boolean {
    const counts = this.#options.counts();
    return !counts || counts.total === 0;
  }

  /**
   * Marks every todo complete (or not), showing that at once; resolves once written.
   * @throws what `markAll` throws; the checkbox then follows the counts again.
   */
  async set(completed: boolean): Promise<void> {
    this.#intent = completed;
    this.#clearTimer();
    try {
      await this.#options.markAll(completed);
    } catch (error) {
      if (this.#intent === completed) this.#intent = undefined;
      this.#host.requestUpdate();
      throw error;
    }
    if (!this.#connected || this.#intent !== completed) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      if (this.#intent === completed) {
        this.#intent = undefined;
        this.#host.requestUpdate();
      }
    }, this.#options.settleMs ?? 2_000);
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostUpdate(): void {
    if (this.#intent !== undefined && this.#intent === this.#counted()) this.#intent = undefined;
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#clearTimer();
    // The counts subscribe again on reconnect: they are what the checkbox shows then.
    this.#intent = undefined;
  }

  #counted(): boolean {
    const counts = this.#options.counts();
    return counts !== undefined && counts.total > 0 && counts.active === 0;
  }

  #clearTimer(): void {
    if (this.#settleTimer !== undefined) clearTimeout(this.#settleTimer);
    this.#settleTimer = undefined;
  }
}
