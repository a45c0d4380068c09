import type { PGlite } from '@electric-sql/pglite';
import type { LiveNamespace } from '@electric-sql/pglite/live';
import type { TabApiContext } from '@electric-sql/pglite/worker';
import { LiveMethod, type LiveChangesRequest, type LiveMessage, type LiveQueryRequest, type LiveRows } from './live-protocol';

type Window = { offset: number; limit: number };
type Deliver = (result: LiveRows) => void;

/**
 * One live query on the leader's PGlite, shared by every subscriber that asked for the same
 * rows (same SQL, parameters and window): two tabs showing the same list cost one re-read per
 * change, and a tab that opens a list another tab already shows gets its rows at once.
 */
class SharedQuery {
  readonly #subscribers = new Set<Deliver>();
  #latest?: LiveRows;
  #query?: Promise<{ refresh(): Promise<void>; unsubscribe(): Promise<void> }>;

  constructor(
    private readonly live: LiveNamespace,
    private readonly request: Omit<LiveQueryRequest, 'id'>,
    private readonly onIdle: () => void,
  ) {}

  /** Resolves once `deliver` has had the current rows. */
  async attach(deliver: Deliver): Promise<void> {
    this.#subscribers.add(deliver);
    if (!this.#query) {
      const { sql, params, offset, limit } = this.request;
      const windowed = offset !== undefined && limit !== undefined;
      this.#query = this.live.query({
        query: sql,
        params: [...params],
        ...(windowed ? { offset, limit } : {}),
        callback: (result) => {
          const { rows, offset, limit, totalCount } = result as typeof result & Partial<Window> & { totalCount?: number };
          this.#latest = { rows, offset, limit, totalCount };
          for (const subscriber of this.#subscribers) subscriber(this.#latest);
        },
      });
      try {
        await this.#query; // its callback has delivered the first rows to every subscriber
        return;
      } catch (error) {
        this.#query = undefined;
        this.#subscribers.delete(deliver);
        if (this.#subscribers.size === 0) this.onIdle();
        throw error;
      }
    }
    await this.#query;
    if (this.#latest) deliver(this.#latest);
  }

  async refresh(): Promise<void> {
    await (await this.#query)?.refresh();
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** How many rows it delivered last, and their total (windowed). */
  get delivered(): { rows: number; totalCount?: number } | undefined {
    return this.#latest && { rows: this.#latest.rows.length, ...(this.#latest.totalCount === undefined ? {} : { totalCount: this.#latest.totalCount }) };
  }

  async detach(deliver: Deliver): Promise<void> {
    if (!this.#subscribers.delete(deliver) || this.#subscribers.size > 0) return;
    this.onIdle();
    const query = this.#query;
    this.#query = undefined;
    await (await query?.catch(() => undefined))?.unsubscribe();
  }
}

/** The leader's live queries, for all tabs; `liveTabApi` gives each tab its view of them. */
class LiveQueryHub {
  readonly #shared = new Map<string, SharedQuery>();
  constructor(private readonly live: LiveNamespace) {}

  /** For diagnostics: each shared query's parameters and window, and how many subscribe to it. */
  describe(): { params: readonly unknown[]; window: string; subscribers: number; delivered?: { rows: number; totalCount?: number } }[] {
    return [...this.#shared].map(([key, shared]) => {
      const [, params, offset, limit] = JSON.parse(key) as [string, unknown[], number | null, number | null];
      return { params, window: offset === null ? 'all' : `${offset}+${limit}`, subscribers: shared.subscribers, delivered: shared.delivered };
    });
  }

  get(request: Omit<LiveQueryRequest, 'id'>): SharedQuery {
    const key = JSON.stringify([request.sql, request.params, request.offset ?? null, request.limit ?? null]);
    let shared = this.#shared.get(key);
    if (!shared) {
      const created = new SharedQuery(this.live, request, () => {
        if (this.#shared.get(key) === created) this.#shared.delete(key);
      });
      this.#shared.set(key, (shared = created));
    }
    return shared;
  }
}

const hubs = new WeakMap<PGlite, LiveQueryHub>();

/** The live queries this leader runs for its tabs (see `WorkerDiagnostics`). */
export function describeLiveQueries(db: PGlite): ReturnType<LiveQueryHub['describe']> {
  return hubs.get(db)?.describe() ?? [];
}

/**
 * PGlite UNLISTENs a channel when its last callback goes, and in the leader, where every
 * tab's live queries share one PGlite, that goes wrong two ways: the UNLISTEN waits for the
 * transaction lock while holding the listen lock, so a live query being set up (it holds the
 * transaction lock and waits to LISTEN) deadlocks with it and the database stops answering;
 * and an UNLISTEN that runs after a newer query's LISTEN leaves that query deaf. So each
 * channel keeps one callback that never goes: it is never unlistened. A channel left
 * listened costs one broadcast per change.
 */
function keepChannelsListened(db: PGlite): void {
  const listen = db.listen.bind(db);
  const kept = new Set<string>();
  db.listen = async (channel, callback, tx) => {
    const unlisten = await listen(channel, callback, tx);
    if (!kept.has(channel)) {
      kept.add(channel);
      await listen(channel, () => undefined, tx);
    }
    return unlisten;
  };
}

interface TabQuery {
  /** Re-reads now; a windowed query may move to `window`. */
  refresh(window?: Window): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The leader's side of live queries, one instance per connected tab (PGlite's `tabApi`).
 * Results, the first ones included, go to the tab as messages, in order, before the call
 * that asked for them returns. When the tab closes, its queries stop.
 */
export function liveTabApi({ db, post, closed }: TabApiContext) {
  const live = (db as PGlite & { live: LiveNamespace }).live;
  let hub = hubs.get(db);
  if (!hub) {
    keepChannelsListened(db);
    hubs.set(db, (hub = new LiveQueryHub(live)));
  }
  const queries = new Map<string, TabQuery>();
  let tabOpen = true;
  void closed.then(() => {
    tabOpen = false;
    for (const query of queries.values()) void query.stop().catch(() => undefined);
    queries.clear();
  });

  const send = (message: LiveMessage) => {
    if (tabOpen) post(message);
  };

  /** Keeps a query while the tab is there to receive it; replaces one under the same id. */
  async function keep(id: string, query: TabQuery): Promise<void> {
    if (!tabOpen) {
      await query.stop().catch(() => undefined);
      return;
    }
    await queries.get(id)?.stop().catch(() => undefined);
    queries.set(id, query);
  }

  return {
    async [LiveMethod.query](request: LiveQueryRequest): Promise<void> {
      const { id, ...shape } = request;
      const deliver: Deliver = (result) => send({ kind: 'todo-widget:live-rows', id, result });
      let current = hub.get(shape);
      let window = shape.offset !== undefined && shape.limit !== undefined ? { offset: shape.offset, limit: shape.limit } : undefined;
      await current.attach(deliver);
      await keep(id, {
        async refresh(next) {
          if (!next || !window || (next.offset === window.offset && next.limit === window.limit)) return current.refresh();
          // Another window is another query, perhaps one some tab already runs.
          const previous = current;
          current = hub.get({ ...shape, ...next });
          window = next;
          await current.attach(deliver);
          await previous.detach(deliver);
        },
        stop: () => current.detach(deliver),
      });
    },

    async [LiveMethod.changes](request: LiveChangesRequest): Promise<void> {
      const { id, sql, params, key } = request;
      // Changes are relative to what this subscriber has seen, so these are never shared.
      const query = await live.changes(sql, [...params], key, (changes) => send({ kind: 'todo-widget:live-changes', id, changes }));
      await keep(id, { refresh: () => query.refresh(), stop: () => query.unsubscribe() });
    },

    async [LiveMethod.refresh](id: string, window?: Window): Promise<void> {
      const query = queries.get(id);
      if (!query) throw new Error(`No live query ${id} is running for this tab.`);
      await query.refresh(window);
    },

    /** Stops a query; one this leader never ran (it started under an earlier leader) is already gone. */
    async [LiveMethod.stop](id: string): Promise<void> {
      const query = queries.get(id);
      queries.delete(id);
      await query?.stop();
    },
  };
}
