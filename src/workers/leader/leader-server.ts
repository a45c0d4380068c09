import { serializeError } from '../../protocol/serialized-error';
import type { ElectionNames } from '../../protocol/channels';
import {
  dropMalformed,
  parseToLeader,
  parseToTab,
  PROTOCOL_VERSION,
  type CallMessage,
  type LeaderStateMessage,
  type ToTabMessage,
} from '../../protocol/messages';
import type { CallContext, LeaderMethods } from './leader-methods';
import { DeadlinePassedError } from './serial-queue';

/** What the leader does when a tab is gone: release whatever it held. */
export interface TabCleanup {
  dropTab(tab: string): void;
}

/** Tells whether the engine behind the server died (it then stops the server itself). */
export interface EngineWatch {
  /** Whether `error`, from a call, means the engine no longer runs statements. */
  diedOf(error: unknown): Promise<boolean>;
}

/**
 * The leader's side of the channels: takes calls from every tab, runs each through the leader's
 * methods, answers on the caller's own channel, and notices when a tab goes (its tab lock is
 * granted to the leader only then) to release what the tab held.
 *
 * It holds the election lock, so any other term announced on the channel is stale or forged: it
 * then states again who leads. When its engine dies it stops serving and says so (the call
 * that found it dead gets no answer, so its tab sends it again to the next leader).
 */
export class LeaderServer {
  readonly #requests: BroadcastChannel;
  readonly #announcements: BroadcastChannel;
  readonly #tabs = new Map<string, BroadcastChannel>();
  readonly #cleanups: readonly TabCleanup[];
  #restating = false;
  #stopped = false;

  constructor(
    private readonly names: ElectionNames,
    private readonly term: string,
    private readonly methods: LeaderMethods,
    private readonly state: () => LeaderStateMessage,
    cleanups: readonly TabCleanup[],
    private readonly watchTabs: boolean,
    private readonly engine: EngineWatch,
  ) {
    this.#cleanups = cleanups;
    this.#requests = new BroadcastChannel(names.requests);
    this.#requests.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
    // A channel object never hears its own posts: whatever arrives here is another's.
    this.#announcements = new BroadcastChannel(names.announcements);
    this.#announcements.onmessage = (event: MessageEvent<unknown>) => this.#heard(event.data);
  }

  /** Tells every tab (and each tab that asks later) what this leader is doing. */
  announce(): void {
    if (!this.#stopped) this.#announcements.postMessage(this.state());
  }

  /** Another term claims to lead, elect or have failed: stale or forged, since this one holds the lock. */
  #heard(data: unknown): void {
    const message = parseToTab(data);
    if (message?.kind !== 'leader' || this.#restating) return;
    // One restatement for a burst of claims.
    this.#restating = true;
    setTimeout(() => {
      this.#restating = false;
      this.announce();
    });
  }

  #receive(data: unknown): void {
    const message = parseToLeader(data);
    if (!message) return dropMalformed(this.names.requests, data);
    if (message.kind === 'who-leads') {
      this.#post(message.tab, this.state());
      return;
    }
    // Sent to an earlier leader: the tab retries it here itself, or reports its outcome unknown.
    if (message.leader !== this.term || this.#stopped) return;
    void this.#run(message);
  }

  async #run(message: CallMessage): Promise<void> {
    const { id, tab } = message;
    const context: CallContext = {
      tab,
      deadline: message.deadline,
      sendLive: (sub, delivery) =>
        this.#post(tab, { v: PROTOCOL_VERSION, kind: 'live', leader: this.term, sub, delivery }),
    };
    try {
      // The leader's methods are closures over its state; none reads `this`.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const method = this.methods[message.method] as (call: CallContext, args: unknown) => Promise<unknown>;
      const value = await method(context, message.args);
      this.#post(tab, { v: PROTOCOL_VERSION, kind: 'reply', id, leader: this.term, ok: true, value });
    } catch (error) {
      // The call that found the engine dead gets no answer: its tab hears this term failed and
      // sends it to the next leader (a write with a request id applies once there).
      if (!(error instanceof DeadlinePassedError) && (await this.engine.diedOf(error))) return;
      const wire =
        error instanceof DeadlinePassedError
          ? { name: 'DeadlinePassedError', message: error.message }
          : serializeError(error);
      this.#post(tab, { v: PROTOCOL_VERSION, kind: 'reply', id, leader: this.term, ok: false, error: wire });
    }
  }

  /** The engine died: no more answers from this term; every tab hears that it failed, and another leads. */
  stop(cause: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#requests.close();
    const error = {
      name: 'DatabaseFailureError',
      message: `The database engine stopped working (${serializeError(cause).message}); another tab starts it again.`,
    };
    this.#announcements.postMessage({
      v: PROTOCOL_VERSION,
      kind: 'leader',
      leader: this.term,
      state: 'failed',
      error,
    } satisfies LeaderStateMessage);
    this.#announcements.close();
    for (const channel of this.#tabs.values()) channel.close();
    this.#tabs.clear();
  }

  #post(tab: string, message: ToTabMessage): void {
    if (this.#stopped) return;
    let channel = this.#tabs.get(tab);
    if (!channel) {
      channel = new BroadcastChannel(this.names.tabChannel(tab));
      this.#tabs.set(tab, channel);
      this.#watch(tab);
    }
    try {
      channel.postMessage(message);
    } catch (error) {
      // A result that cannot be cloned (a function in a row): the tab must still hear back.
      if (message.kind !== 'reply') throw error;
      channel.postMessage({ ...message, ok: false, error: serializeError(error) } satisfies ToTabMessage);
    }
  }

  /** The tab's page holds its tab lock for as long as it lives: being granted it means the tab is gone. */
  #watch(tab: string): void {
    if (!this.watchTabs) return;
    void navigator.locks.request(this.names.tabLock(tab), () => {
      this.#tabs.get(tab)?.close();
      this.#tabs.delete(tab);
      for (const cleanup of this.#cleanups) cleanup.dropTab(tab);
    });
  }
}
