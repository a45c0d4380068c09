import type { Change } from '@electric-sql/pglite/live';

/**
 * Live queries run in the leader, next to PGlite: a tab asks for one with a single call and
 * gets every result as a message, instead of driving PGlite's `live` extension from the page
 * (a dozen round trips to set one up, two more per change). Shared by both ends.
 */

/** What a tab asks the leader to watch. `offset`/`limit` make it a windowed query. */
export interface LiveQueryRequest {
  readonly id: string;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly offset?: number;
  readonly limit?: number;
}

export interface LiveChangesRequest {
  readonly id: string;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly key: string;
}

export interface LiveRows<T = unknown> {
  readonly rows: T[];
  /** Windowed queries only: the window delivered and the number of rows in all. */
  readonly offset?: number;
  readonly limit?: number;
  readonly totalCount?: number;
}

export type LiveMessage =
  | { readonly kind: 'todo-widget:live-rows'; readonly id: string; readonly result: LiveRows }
  | { readonly kind: 'todo-widget:live-changes'; readonly id: string; readonly changes: Change<unknown>[] };

/** The methods `liveTabApi` adds to what the leader offers each tab. */
export const LiveMethod = {
  query: 'todoWidgetLiveQuery',
  changes: 'todoWidgetLiveChanges',
  refresh: 'todoWidgetLiveRefresh',
  stop: 'todoWidgetLiveStop',
} as const;

export function isLiveMessage(payload: unknown): payload is LiveMessage {
  const kind = (payload as { kind?: unknown } | null)?.kind;
  return kind === 'todo-widget:live-rows' || kind === 'todo-widget:live-changes';
}
