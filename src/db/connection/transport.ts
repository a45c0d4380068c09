import type { ElectionNames } from '../../protocol/channels';
import {
  dropMalformed,
  parseToTab,
  type SchemaChangedMessage,
  type ToLeaderMessage,
  type ToTabMessage,
} from '../../protocol/messages';

/**
 * How a tab reaches the leader and hears back. The real one is BroadcastChannels; unit tests
 * put an in-page fake leader behind the same interface.
 */
export interface Transport {
  toLeader(message: ToLeaderMessage): void;
  /** Tells every other tab (after this one upgraded the schema through an older leader). */
  announce(message: SchemaChangedMessage): void;
  /** Replies, live results and leader states meant for this tab, already validated. */
  onMessage(listener: (message: ToTabMessage) => void): void;
  close(): void;
}

export class ChannelTransport implements Transport {
  readonly #requests: BroadcastChannel;
  readonly #announcements: BroadcastChannel;
  readonly #incoming: BroadcastChannel[];
  #listener?: (message: ToTabMessage) => void;

  constructor(names: ElectionNames, tab: string) {
    this.#requests = new BroadcastChannel(names.requests);
    this.#announcements = new BroadcastChannel(names.announcements);
    this.#incoming = [this.#announcements, new BroadcastChannel(names.tabChannel(tab))];
    for (const channel of this.#incoming) {
      channel.onmessage = (event: MessageEvent<unknown>) => {
        const message = parseToTab(event.data);
        if (message) this.#listener?.(message);
        else dropMalformed(channel.name, event.data);
      };
    }
  }

  toLeader(message: ToLeaderMessage): void {
    this.#requests.postMessage(message);
  }

  announce(message: SchemaChangedMessage): void {
    this.#announcements.postMessage(message);
  }

  onMessage(listener: (message: ToTabMessage) => void): void {
    this.#listener = listener;
  }

  close(): void {
    this.#listener = undefined;
    this.#requests.close();
    for (const channel of this.#incoming) channel.close();
  }
}
