// The sync protocol between the widget's leader and the sync server (`todo-widget/server`),
// version 1. Types and constants only: the server validates every field it receives (see
// docs/sync.md), and the widget what it pulls.

/** Sent as `protocol` in every request and answer; a server refuses any other with 400 `protocol`. */
export const SYNC_PROTOCOL = 1;

/** The paths under the server's base URL (`<todo-app sync="https://example.com/todo-sync">`). */
export const SYNC_PATHS = { push: '/v1/push', pull: '/v1/pull', live: '/v1/live' } as const;

/** A todo as the server keeps it: what a pull returns, tombstones included. */
export interface SyncTodo {
  id: string;
  list: string;
  title: string;
  completed: boolean;
  /** A decimal as text (exact); rows sort by it, then by id. */
  position: string;
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The user's version at this row's last change. */
  version: number;
  /** A deleted todo: remove it locally. */
  deleted: boolean;
}

/** A new or restored todo (an add, an import's row, an undo's restore). */
export interface SyncTodoInput {
  id: string;
  list: string;
  title: string;
  completed?: boolean;
  /** Omitted or null: after the last todo of its list, on the server. */
  position?: string | null;
  dueAt?: string | null;
}

/**
 * One write of a device, in the order the device made it; `id` is a UUID the device made, so a
 * repeat is answered from the server's record and applied at most once. `ifVersion` (optional)
 * makes it conditional: applied only if the todo is still at that version (an undo), else refused
 * with `changed-elsewhere`.
 */
export type SyncMutation =
  | { id: string; kind: 'put'; todo: SyncTodoInput; ifVersion?: number }
  | { id: string; kind: 'rename'; todoId: string; title: string; ifVersion?: number }
  | { id: string; kind: 'setCompleted'; todoId: string; completed: boolean; ifVersion?: number }
  | { id: string; kind: 'delete'; todoIds: string[] }
  | { id: string; kind: 'move'; todoId: string; position: string; ifVersion?: number }
  | { id: string; kind: 'clearCompleted'; list: string }
  | { id: string; kind: 'markAll'; list: string; completed: boolean };

export type SyncMutationKind = SyncMutation['kind'];

export interface PushRequest {
  protocol: typeof SYNC_PROTOCOL;
  mutations: SyncMutation[];
}

/** Why the server refused a mutation (it stays refused: a repeat gets the same answer). */
export type SyncRejectReason = 'invalid' | 'changed-elsewhere' | 'not-found';

export interface SyncMutationResult {
  id: string;
  status: 'applied' | 'rejected';
  reason?: SyncRejectReason;
  /** The user's version after this mutation. */
  version: number;
}

export interface PushResponse {
  protocol: typeof SYNC_PROTOCOL;
  results: SyncMutationResult[];
  /** The user's version after the last mutation of this push. */
  version: number;
}

export interface PullResponse {
  protocol: typeof SYNC_PROTOCOL;
  /** Changes after the request's cursor, oldest first. */
  changes: SyncTodo[];
  /** Send it back as `cursor` to go on from here. */
  cursor: string;
  /** More changes wait: pull again with `cursor` at once. */
  more: boolean;
}

/** Each error answer's body: `{ error }`, a code, never internals. */
export type SyncErrorCode =
  | 'unauthorized'
  | 'forbidden-origin'
  | 'not-found'
  | 'method-not-allowed'
  | 'bad-request'
  | 'protocol'
  | 'too-large'
  | 'too-many-mutations'
  | 'rate-limited'
  | 'cursor-ahead'
  | 'unsupported-media-type'
  | 'internal';

export interface SyncErrorBody {
  error: SyncErrorCode;
}

/** Largest position text a mutation may carry (the widget's keys stay within 32 characters). */
export const POSITION_MAX_LENGTH = 80;
