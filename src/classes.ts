// npm "todo-widget/elements": every class, controller, event and error. Defines no tags, so a
// host can register them under its own names (see classes-core.ts).
export * from './classes-core';
export { TodoSearch } from './elements/todo-search/todo-search.element';
export { TodoTransfer } from './elements/todo-transfer/todo-transfer.element';
export { TodoSyncStatus } from './elements/todo-sync-status/todo-sync-status.element';
// Here and not in the script-tag bundle's exports: they come with sync's lazily loaded chunk, and
// the main thread has no bytes to spare (`error.name` tells them apart there, as across copies).
export { SyncAuthError, SyncRejectedError, SyncProtocolError } from './sync/errors';
export type { SyncOptions } from './sync/messages';
