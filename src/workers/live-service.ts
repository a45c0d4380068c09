import type { PGlite } from '@electric-sql/pglite';
import type { LiveNamespace } from '@electric-sql/pglite/live';
import type { TabApiContext } from '@electric-sql/pglite/worker';
import { LiveMethod, type LiveChangesRequest, type LiveMessage, type LiveQueryRequest } from './live-protocol';

interface RunningQuery {
  refresh?(window?: { offset: number; limit: number }): Promise<void>;
  unsubscribe(): Promise<void>;
}

/**
 * The leader's side of live queries, one instance per connected tab (PGlite's `tabApi`).
 * Each query runs on the leader's own PGlite with its `live` extension; its results, the
 * first ones included, go to the tab as messages, in order, before the call that asked for
 * them returns. When the tab closes, its queries stop.
 */
export function liveTabApi({ db, post, closed }: TabApiContext) {
  const live = (db as PGlite & { live: LiveNamespace }).live;
  const running = new Map<string, RunningQuery>();
  let tabOpen = true;
  void closed.then(() => {
    tabOpen = false;
    for (const query of running.values()) void query.unsubscribe().catch(() => undefined);
    running.clear();
  });

  const send = (message: LiveMessage) => {
    if (tabOpen) post(message);
  };

  /** Keeps a query the tab is still there to receive; drops one that outlived it. */
  async function keep(id: string, query: RunningQuery): Promise<void> {
    if (!tabOpen) {
      await query.unsubscribe().catch(() => undefined);
      return;
    }
    await running.get(id)?.unsubscribe().catch(() => undefined);
    running.set(id, query);
  }

  return {
    async [LiveMethod.query](request: LiveQueryRequest): Promise<void> {
      const { id, sql, params, offset, limit } = request;
      const windowed = offset !== undefined && limit !== undefined;
      const query = await live.query({
        query: sql,
        params: [...params],
        ...(windowed ? { offset, limit } : {}),
        callback: (result) => {
          const { rows, offset, limit, totalCount } = result as typeof result & { offset?: number; limit?: number; totalCount?: number };
          send({ kind: 'todo-widget:live-rows', id, result: { rows, offset, limit, totalCount } });
        },
      });
      await keep(id, query);
    },

    async [LiveMethod.changes](request: LiveChangesRequest): Promise<void> {
      const { id, sql, params, key } = request;
      const query = await live.changes(sql, [...params], key, (changes) => send({ kind: 'todo-widget:live-changes', id, changes }));
      await keep(id, query);
    },

    /** Re-reads a query now; a windowed one may move its window. */
    async [LiveMethod.refresh](id: string, window?: { offset: number; limit: number }): Promise<void> {
      const query = running.get(id);
      if (!query?.refresh) throw new Error(`No live query ${id} is running for this tab.`);
      await query.refresh(window);
    },

    /** Stops a query; one this leader never ran (it started under an earlier leader) is already gone. */
    async [LiveMethod.stop](id: string): Promise<void> {
      const query = running.get(id);
      running.delete(id);
      await query?.unsubscribe();
    },
  };
}
