import type { PGliteWorker } from '@electric-sql/pglite/worker';
import type { Change } from '@electric-sql/pglite/live';
import { isLiveMessage, LiveMethod, type LiveMessage, type LiveRows } from '../workers/live-protocol';

/** A live query the leader runs for this tab. */
export interface LeaderLiveQuery {
  /** Re-reads now; a windowed query moves to `window`. Resolves once its rows were delivered. */
  refresh(window?: { offset: number; limit: number }): Promise<void>;
  unsubscribe(): Promise<void>;
}

/**
 * This tab's live queries, run by the leader (see `src/workers/live-service.ts`). Each call
 * resolves after its first results were delivered: the leader posts them before it answers.
 * One per connection: a new leader knows none of the old one's queries, so `DatabaseClient`
 * opens them again through the new connection's instance.
 */
export class LeaderLiveQueries {
  readonly #pg: PGliteWorker;
  readonly #receivers = new Map<string, (message: LiveMessage) => void>();
  #nextId = 0;

  constructor(pg: PGliteWorker) {
    this.#pg = pg;
    pg.onLeaderMessage((payload) => {
      if (isLiveMessage(payload)) this.#receivers.get(payload.id)?.(payload);
    });
  }

  query<T>(request: { sql: string; params: readonly unknown[]; offset?: number; limit?: number }, callback: (result: LiveRows<T>) => void): Promise<LeaderLiveQuery> {
    return this.#open(LiveMethod.query, request, (message) => {
      if (message.kind === 'todo-widget:live-rows') callback(message.result as LiveRows<T>);
    });
  }

  changes<T>(request: { sql: string; params: readonly unknown[]; key: string }, callback: (changes: Change<T>[]) => void): Promise<LeaderLiveQuery> {
    return this.#open(LiveMethod.changes, request, (message) => {
      if (message.kind === 'todo-widget:live-changes') callback(message.changes as Change<T>[]);
    });
  }

  async #open(method: string, request: object, receive: (message: LiveMessage) => void): Promise<LeaderLiveQuery> {
    // Unique within this tab, which is all the leader needs: it keeps each tab's queries apart.
    const id = String(++this.#nextId);
    this.#receivers.set(id, receive);
    try {
      await this.#pg.callLeader(method, { ...request, id });
    } catch (error) {
      this.#receivers.delete(id);
      throw error;
    }
    return {
      refresh: async (window) => {
        // A query of a closed connection is gone (PGliteWorker would wait for it forever), and
        // failing would make a repeatable call retry it at once, again and again, until the
        // restart replaced it: the restart opens the window last asked for.
        if (this.#pg.closed) return;
        await this.#pg.callLeader(LiveMethod.refresh, id, window);
      },
      unsubscribe: async () => {
        this.#receivers.delete(id);
        await this.#pg.callLeader(LiveMethod.stop, id);
      },
    };
  }
}
