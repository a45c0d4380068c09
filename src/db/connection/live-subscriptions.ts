import { randomId } from '../../protocol/channels';
import type { LiveDelivery, WindowRange, WindowSeek } from '../../protocol/leader-api';

/** The leader calls a live subscription needs, made repeatable by the client. */
export interface LiveCalls {
  /** `sending` is told the leader term just before the call goes out. */
  open(sub: string, request: LiveRequest, sending: (term: string) => void): Promise<void>;
  move(sub: string, window: WindowRange): Promise<void>;
  stop(sub: string): Promise<void>;
}

export type LiveRequest =
  | {
      readonly type: 'rows';
      readonly sql: string;
      readonly params: readonly unknown[];
      readonly window?: WindowRange;
      readonly seek?: WindowSeek;
    }
  | { readonly type: 'changes'; readonly sql: string; readonly params: readonly unknown[]; readonly key: string };

/**
 * One live query of this tab. The leader keeps it in memory, so after a hand-over it is opened
 * again on the new leader; deliveries from any other leader term are dropped.
 */
class LiveSubscription {
  readonly sub = randomId();
  /** The leader term whose deliveries count. */
  term?: string;
  #opened = false;

  constructor(
    private request: LiveRequest,
    readonly deliver: (delivery: LiveDelivery) => void,
  ) {}

  get current(): LiveRequest {
    return this.request;
  }

  moveTo(window: WindowRange): void {
    if (this.request.type === 'rows') this.request = { ...this.request, window };
  }

  /** Keyed changes start over after a hand-over: the new leader sends every row again. */
  beforeReopen(): void {
    if (this.#opened && this.request.type === 'changes')
      this.deliver({ type: 'changes', changes: [{ __op__: 'RESET' }] });
    this.#opened = true;
  }
}

/** This tab's live queries, across hand-overs. */
export class LiveSubscriptions {
  readonly #subscriptions = new Map<string, LiveSubscription>();

  constructor(private readonly calls: LiveCalls) {}

  /** Routes a delivery to its subscription, if it comes from the leader term it was opened on. */
  receive(sub: string, delivery: LiveDelivery, leader: string): void {
    const subscription = this.#subscriptions.get(sub);
    if (subscription && subscription.term === leader) subscription.deliver(delivery);
  }

  /** Opens a live query; resolves after its first delivery. */
  async subscribe(request: LiveRequest, deliver: (delivery: LiveDelivery) => void): Promise<LiveHandle> {
    const subscription = new LiveSubscription(request, deliver);
    this.#subscriptions.set(subscription.sub, subscription);
    try {
      await this.#open(subscription);
    } catch (error) {
      this.#subscriptions.delete(subscription.sub);
      // The leader may hold it all the same (an answer lost in a hand-over, a call given up on, a
      // leader of an earlier release that kept a query whose first read failed): it would re-run
      // it after every write of every tab until this tab closed. Stopping is harmless if it did not.
      void this.calls.stop(subscription.sub).catch(() => undefined);
      throw error;
    }
    return {
      move: async (window) => {
        subscription.moveTo(window);
        if (!this.#subscriptions.has(subscription.sub)) return;
        // A leader that does not know it yet (a hand-over) opens it at this window when it reopens.
        await this.calls.move(subscription.sub, window).catch(() => undefined);
      },
      unsubscribe: async () => {
        if (!this.#subscriptions.delete(subscription.sub)) return;
        await this.calls.stop(subscription.sub).catch(() => undefined);
      },
    };
  }

  /** A new leader is ready: every live query is opened again there. */
  async reopenAll(): Promise<void> {
    await Promise.all(
      [...this.#subscriptions.values()].map((subscription) =>
        this.#open(subscription).catch((error: unknown) =>
          console.error('todo-widget: a live query could not be resumed', error),
        ),
      ),
    );
  }

  async #open(subscription: LiveSubscription): Promise<void> {
    subscription.beforeReopen();
    // Deliveries come before the call's answer, so the term is set just before it is sent.
    await this.calls.open(subscription.sub, subscription.current, (term) => (subscription.term = term));
  }

  get size(): number {
    return this.#subscriptions.size;
  }
}

export interface LiveHandle {
  move(window: WindowRange): Promise<void>;
  unsubscribe(): Promise<void>;
}
