import { waitUntil } from '@open-wc/testing';
import { electionNames } from '../../src/protocol/channels';
import { parseToLeader } from '../../src/protocol/messages';
import { electionId } from '../../src/db/storage';

/**
 * Listens, beside the leader, to the calls this origin's tabs post for `database` (the protocol's
 * requests channel), and keeps the live queries they opened and have not stopped. Nothing is
 * replaced: the widget's own messages, as the leader receives them, are read a second time here.
 * An element that drops its live queries when it is removed brings `open()` back to where it was.
 */
export class LiveQueryWatch {
  readonly #channel: BroadcastChannel;
  readonly #open = new Set<string>();

  constructor(database: string) {
    this.#channel = new BroadcastChannel(electionNames(electionId(database, 'auto')).requests);
    this.#channel.onmessage = (event: MessageEvent) => {
      const message = parseToLeader(event.data);
      if (message?.kind !== 'call') return;
      const args = message.args as { sub?: unknown };
      if (typeof args.sub !== 'string') return;
      const key = `${message.tab}/${args.sub}`;
      if (message.method === 'liveQuery' || message.method === 'liveChanges') this.#open.add(key);
      else if (message.method === 'liveStop') this.#open.delete(key);
    };
  }

  /** How many live queries are open (opened and not stopped), over every tab. */
  open(): number {
    return this.#open.size;
  }

  /** Waits until `open()` is `count`. */
  async until(count: number, message: string): Promise<void> {
    await waitUntil(() => this.#open.size === count, `${message}: ${this.#open.size} open, expected ${count}`, {
      timeout: 15_000,
    });
  }

  /** Waits until more than `count` are open. */
  async above(count: number, message: string): Promise<void> {
    await waitUntil(() => this.#open.size > count, `${message}: ${this.#open.size} open, expected more than ${count}`, {
      timeout: 15_000,
    });
  }

  close(): void {
    this.#channel.close();
  }
}
