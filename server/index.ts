// `todo-widget/server`: the sync server (Node ≥ 20). See docs/sync.md.
export { bearerToken, createSyncHandler, NOTIFY_CHANNEL } from './handler.ts';
export type { SyncHandler, SyncHandlerOptions } from './handler.ts';
export { pgliteDatabase, postgresDatabase } from './database.ts';
export type { PGliteDatabaseOptions, PostgresDatabaseOptions, SyncDatabase, SyncQueryable } from './database.ts';
export { toNodeListener } from './node.ts';
export { SYNC_PATHS, SYNC_PROTOCOL } from '../src/sync/protocol.ts';
export type {
  PullResponse,
  PushRequest,
  PushResponse,
  SyncErrorBody,
  SyncErrorCode,
  SyncMutation,
  SyncMutationResult,
  SyncRejectReason,
  SyncTodo,
  SyncTodoInput,
} from '../src/sync/protocol.ts';
