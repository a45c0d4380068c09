// The page's side of sync, loaded only where sync is configured: it hands the leader the URL and
// a token (a host's token() can only run on the page), and hears how sync goes. Everything else
// runs in the leader's worker (workers/sync/), one connection for every tab of the browser.
import type { DatabaseClient } from '../db/client';
import { electionId } from '../db/storage';
import { electionNames } from '../protocol/channels';
import {
  parseLeaderMessage,
  syncChannelName,
  type SyncOptions,
  type SyncProblem,
  type SyncStatus,
  type TabToSyncLeader,
} from './messages';

export type { SyncOptions, SyncStatus, SyncProblem };

type Listener = (status: SyncStatus, refused?: SyncProblem) => void;

/** One database's sync as this page sees it: its status, and the configuration it gives. */
export class TabSync {
  readonly #channel: BroadcastChannel;
  readonly #listeners = new Set<Listener>();
  #options: SyncOptions | undefined;
  #status: SyncStatus = { state: 'off', pending: 0 };
  #asking = false;

  constructor(channelName: string) {
    this.#channel = new BroadcastChannel(channelName);
    this.#channel.onmessage = (event: MessageEvent<unknown>) => {
      const message = parseLeaderMessage(event.data);
      if (message?.kind === 'hello') void this.#send();
      else if (message?.kind === 'rejected')
        for (const listener of [...this.#listeners]) listener(this.#status, message.problem);
      else if (message?.kind === 'status') {
        const wasAuth = this.#status.state === 'auth-required';
        this.#status = message.status;
        for (const listener of [...this.#listeners]) listener(this.#status);
        // A refused token: ask the host's token() for a new one, once per refusal.
        if (message.status.state === 'auth-required' && !wasAuth && this.#options?.token) void this.#send();
      }
    };
    this.refresh();
  }

  get status(): SyncStatus {
    return this.#status;
  }

  /** Turns sync on (or points it at another URL); the first configuration on a page wins. */
  configure(options: SyncOptions): void {
    if (this.#options) return;
    this.#options = options;
    void this.#send();
  }

  /** Asks the host's `token()` again and gives the leader what it returns (after a sign-in). */
  retryAuth(): void {
    void this.#send();
  }

  /** Asks the leader for its status again (answered to every tab). */
  refresh(): void {
    this.#post({ kind: 'status?' });
  }

  /** @returns a function that stops listening. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #post(message: TabToSyncLeader): void {
    this.#channel.postMessage(message);
  }

  async #send(): Promise<void> {
    const options = this.#options;
    if (!options || this.#asking) return;
    this.#asking = true;
    try {
      const token = (await options.token?.()) ?? null;
      this.#post({ kind: 'config', url: new URL(options.url, document.baseURI).href, token });
    } catch (error) {
      console.error('todo-widget: the sync token could not be had', error);
    } finally {
      this.#asking = false;
    }
  }
}

const syncs = new Map<string, TabSync>();

/** The page's sync of `client`'s database (made on first use), configured when `options` are given. */
export function syncOf(client: DatabaseClient, options?: SyncOptions): TabSync {
  const name = syncChannelName(electionNames(electionId(client.database, client.storage)).requests);
  let sync = syncs.get(name);
  if (!sync) syncs.set(name, (sync = new TabSync(name)));
  if (options) sync.configure(options);
  return sync;
}
