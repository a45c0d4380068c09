import {
  SYNC_PATHS,
  SYNC_PROTOCOL,
  type PullResponse,
  type PushResponse,
  type SyncErrorBody,
} from '../../sync/protocol';
import {
  parseTabMessage,
  type SyncLeaderToTab,
  type SyncProblem,
  type SyncState,
  type SyncStatus,
} from '../../sync/messages';
import type { SyncStore } from './sync-store';

/** Mutations per push: the server's default limit (`maxMutations`, 500). */
const PUSH_BATCH = 500;
/** Retry and polling delays when the server cannot be reached: 1 s, doubling, at most 30 s. */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** The server said who are you (401): nothing is sent until a tab gives another token. */
class AuthNeeded extends Error {}
/** The server answered something this protocol does not expect. */
class ProtocolProblem extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function versionOf(cursor: string): number {
  const version = Number.parseInt(cursor, 10);
  return Number.isSafeInteger(version) ? version : -1;
}

/**
 * The leader's side of sync: one connection per browser, for every tab (docs/sync.md, "In the
 * widget"). Pushes the durable queue, pulls from the durable cursor, listens to the server's live
 * channel (polling with backoff while it is down), and tells every tab its status. A new leader
 * starts from the same queue and cursor: a mutation pushed again is answered from the server's
 * record, and a page pulled again is applied again to the same result.
 */
export class LeaderSync {
  readonly #channel: BroadcastChannel;
  readonly #abort = new AbortController();
  #url: string | undefined;
  #token: string | null = null;
  #cursor = '';
  #enabled: Promise<void> | undefined;
  #running = false;
  #again = false;
  #delay = FIRST_DELAY_MS;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #tokenWaiters: (() => void)[] = [];
  #status: SyncStatus = { state: 'off', pending: 0 };
  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    channelName: string,
    private readonly store: SyncStore,
  ) {
    this.#channel = new BroadcastChannel(channelName);
    this.#channel.onmessage = (event: MessageEvent<unknown>) => {
      const message = parseTabMessage(event.data);
      if (message?.kind === 'config') this.#configure(message.url, message.token);
      else if (message?.kind === 'status?') this.#post({ kind: 'status', status: this.#status });
    };
    // Tabs that configured sync under the previous leader send their configuration again.
    this.#post({ kind: 'hello' });
  }

  /** A local write happened: push it soon, and show it as waiting meanwhile. */
  noteWrite(): void {
    if (this.#url === undefined) return;
    // After a 401 only a new token (#configure) tries again.
    if (this.#status.state !== 'auth-required') this.kick();
    // Writes come in bursts (typing, an import): count the queue once per burst.
    this.#statusTimer ??= setTimeout(() => {
      this.#statusTimer = undefined;
      void this.#refreshPending();
    }, 50);
  }

  stop(): void {
    this.#abort.abort();
    clearTimeout(this.#retry);
    clearTimeout(this.#statusTimer);
    this.#channel.close();
  }

  #post(message: SyncLeaderToTab): void {
    if (!this.#abort.signal.aborted) this.#channel.postMessage(message);
  }

  #setStatus(state: SyncState, pending: number, problem?: SyncProblem): void {
    this.#status = problem ? { state, pending, problem } : { state, pending };
    this.#post({ kind: 'status', status: this.#status });
  }

  async #refreshPending(): Promise<void> {
    const pending = await this.store.pending();
    const { state, problem } = this.#status;
    this.#setStatus(state === 'synced' && pending > 0 ? 'syncing' : state, pending, problem);
  }

  #configure(url: string, token: string | null): void {
    const base = url.replace(/\/+$/, '');
    const tokenChanged = token !== this.#token;
    this.#token = token;
    if (tokenChanged) for (const wake of this.#tokenWaiters.splice(0)) wake();
    if (base === this.#url) {
      if (tokenChanged && this.#status.state === 'auth-required') this.kick();
      return;
    }
    const first = this.#url === undefined;
    this.#url = base;
    this.#enabled = this.store.enable(base).then((cursor) => void (this.#cursor = cursor));
    this.kick();
    if (first) void this.#listen();
  }

  /** Runs a push-and-pull cycle now, or once more after the one running. */
  kick(): void {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#run();
  }

  async #run(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#cycle();
      } while (this.#again && !this.#abort.signal.aborted);
      this.#delay = FIRST_DELAY_MS;
      const pending = await this.store.pending();
      this.#setStatus(pending === 0 ? 'synced' : 'syncing', pending);
      if (pending > 0) this.kick();
    } catch (error) {
      await this.#failed(error);
    } finally {
      this.#running = false;
    }
  }

  async #failed(error: unknown): Promise<void> {
    if (this.#abort.signal.aborted) return;
    const pending = await this.store.pending().catch(() => this.#status.pending);
    if (error instanceof AuthNeeded) {
      // Waits for a tab's new token (#configure kicks then); the page's token() is asked for it.
      this.#setStatus('auth-required', pending, { kind: 'auth', message: 'The sync server refused the token (401).' });
      return;
    }
    const problem: SyncProblem | undefined =
      error instanceof ProtocolProblem
        ? { kind: 'protocol', message: error.message, ...(error.status ? { status: error.status } : {}) }
        : undefined;
    this.#setStatus('offline', pending, problem);
    this.#retry = setTimeout(() => this.kick(), this.#delay);
    this.#delay = Math.min(this.#delay * 2, MAX_DELAY_MS);
  }

  async #fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#token !== null) headers.set('authorization', `Bearer ${this.#token}`);
    const response = await fetch(`${this.#url ?? ''}${path}`, { ...init, headers, signal: this.#abort.signal });
    if (response.status === 401) throw new AuthNeeded();
    return response;
  }

  async #json<T extends { protocol?: unknown }>(response: Response, what: string): Promise<T> {
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as Partial<SyncErrorBody>;
      throw new ProtocolProblem(
        `${what}: the server answered ${response.status} ${body.error ?? ''}`.trim(),
        response.status,
      );
    }
    const body = (await response.json().catch(() => undefined)) as T | undefined;
    if (body?.protocol !== SYNC_PROTOCOL) throw new ProtocolProblem(`${what}: not a protocol ${SYNC_PROTOCOL} answer`);
    return body;
  }

  async #cycle(): Promise<void> {
    await this.#enabled;
    if (this.#status.state !== 'synced' || this.#status.pending > 0) this.#setStatus('syncing', this.#status.pending);
    await this.#push();
    await this.#pull();
  }

  async #push(): Promise<void> {
    for (;;) {
      const batch = await this.store.next(PUSH_BATCH);
      if (batch.length === 0) return;
      const mutations = batch.map((queued) => queued.mutation);
      const response = await this.#fetch(SYNC_PATHS.push, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: SYNC_PROTOCOL, mutations }),
      });
      const { results } = await this.#json<PushResponse>(response, 'push');
      if (
        !Array.isArray(results) ||
        results.length !== mutations.length ||
        results.some((r, i) => r.id !== mutations[i]!.id)
      )
        throw new ProtocolProblem('push: the results do not match the mutations sent');
      const refused = mutations.filter((_, index) => results[index]!.status === 'rejected');
      await this.store.acknowledge(batch.at(-1)!.seq, refused, results);
      for (const result of results) {
        if (result.status !== 'rejected') continue;
        const reason = result.reason ?? 'invalid';
        this.#post({
          kind: 'rejected',
          problem: { kind: 'rejected', reason, message: `The sync server refused a change (${reason}).` },
        });
      }
    }
  }

  async #pull(): Promise<void> {
    for (;;) {
      const response = await this.#fetch(`${SYNC_PATHS.pull}?cursor=${encodeURIComponent(this.#cursor)}`);
      if (response.status === 409) {
        // cursor-ahead: the server's database is older than this cursor (restored): start over.
        await this.store.resetCursor();
        this.#cursor = '';
        continue;
      }
      const page = await this.#json<PullResponse>(response, 'pull');
      if (!Array.isArray(page.changes) || typeof page.cursor !== 'string')
        throw new ProtocolProblem('pull: not a page of changes');
      await this.store.applyPage(page.changes, page.cursor);
      this.#cursor = page.cursor;
      if (!page.more) return;
    }
  }

  /**
   * The live channel: Server-Sent Events read with fetch (EventSource cannot send the token). A
   * version past the cursor starts a cycle. While it is down, each reconnection attempt, with
   * backoff, also pulls: polling.
   */
  async #listen(): Promise<void> {
    let delay = FIRST_DELAY_MS;
    while (!this.#abort.signal.aborted) {
      if (this.#status.state === 'auth-required') await new Promise<void>((wake) => this.#tokenWaiters.push(wake));
      try {
        const response = await this.#fetch(SYNC_PATHS.live, { headers: { accept: 'text/event-stream' } });
        if (!response.ok || !response.body) throw new ProtocolProblem(`live: ${response.status}`, response.status);
        delay = FIRST_DELAY_MS;
        await this.#readEvents(response.body);
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        if (error instanceof AuthNeeded) {
          void this.#failed(error);
          continue;
        }
      }
      await new Promise((wait) => setTimeout(wait, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      this.kick();
    }
  }

  async #readEvents(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) {
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (!/^event: version$/m.test(event) || data === undefined) continue;
        const { version } = JSON.parse(data) as { version?: unknown };
        if (typeof version === 'number' && version > versionOf(this.#cursor)) this.kick();
      }
    }
  }
}
