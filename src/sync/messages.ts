// What tabs and the leader's sync say to each other on one BroadcastChannel per database: tabs
// give the server's URL and a bearer token (a host's token() runs on the page), the leader tells
// every tab how sync goes. A channel of its own, not a leader method: a new leader asks for the
// configuration again ("hello"), so a hand-over needs nothing from the tab's connection code.

/** `sync-status` states; `auth-required` waits for a new token (see `configure({ sync })`). */
export type SyncState = 'off' | 'syncing' | 'synced' | 'offline' | 'auth-required';

/** Why the last exchange with the server failed, as the leader saw it (typed on the page). */
export interface SyncProblem {
  readonly kind: 'auth' | 'rejected' | 'protocol';
  readonly message: string;
  /** `rejected`: the server's reason (`invalid`, `not-found`, `changed-elsewhere`). */
  readonly reason?: string;
  /** `protocol`: the HTTP status, when there was one. */
  readonly status?: number;
}

export interface SyncStatus {
  readonly state: SyncState;
  /** This device's changes not acknowledged by the server yet. */
  readonly pending: number;
  readonly problem?: SyncProblem;
}

export type TabToSyncLeader =
  { readonly kind: 'config'; readonly url: string; readonly token: string | null } | { readonly kind: 'status?' };

export type SyncLeaderToTab =
  | { readonly kind: 'hello' }
  | { readonly kind: 'status'; readonly status: SyncStatus }
  | { readonly kind: 'rejected'; readonly problem: SyncProblem };

/** The channel's name, derived from the database's requests channel (protocol/channels.ts). */
export function syncChannelName(requestsChannel: string): string {
  return `${requestsChannel}:sync`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A message a tab may send, or undefined for anything else on the channel. */
export function parseTabMessage(data: unknown): TabToSyncLeader | undefined {
  if (!isRecord(data)) return undefined;
  if (data['kind'] === 'status?') return { kind: 'status?' };
  if (data['kind'] !== 'config' || typeof data['url'] !== 'string') return undefined;
  const token = data['token'];
  return { kind: 'config', url: data['url'], token: typeof token === 'string' ? token : null };
}

/** A message the leader may send, or undefined. */
export function parseLeaderMessage(data: unknown): SyncLeaderToTab | undefined {
  if (!isRecord(data)) return undefined;
  if (data['kind'] === 'hello') return { kind: 'hello' };
  if (data['kind'] === 'status' && isRecord(data['status'])) return data as unknown as SyncLeaderToTab;
  if (data['kind'] === 'rejected' && isRecord(data['problem'])) return data as unknown as SyncLeaderToTab;
  return undefined;
}

/** `configure({ sync })`: where the sync server is, and how to sign in to it. */
export interface SyncOptions {
  /** The server's base URL, e.g. `https://example.com/todo-sync` (what `todo-widget-sync` prints). */
  readonly url: string;
  /**
   * The bearer token for the server, asked for when sync starts and again whenever the server
   * refuses the one it has (401). Without it requests carry no token (a `--dev` server's user `dev`).
   */
  readonly token?: () => Promise<string | null | undefined> | string | null | undefined;
}
