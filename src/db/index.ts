export { DatabaseClient } from './client';
export type {
  DatabaseClientOptions,
  CallOptions,
  TransactionOptions,
  LiveWindow,
  QueryInput,
  QueryResult,
  RowChange,
  SessionStatus,
  Transaction,
  Unsubscribe,
  WindowRange,
  WindowResult,
} from './client';
export { TodoRepository, newTodoId, TODO_FILTERS } from './repositories';
export type {
  TodoFilter,
  TodoCounts,
  TodoWindow,
  TodoWindowSubscription,
  AddTodoOptions,
  ChangeTodoOptions,
} from './repositories';
// The Drizzle table itself is `todo-widget/schema`: importing it here would put Drizzle on every page.
export { TITLE_MAX_LENGTH, DEFAULT_LIST } from './limits';
export type { Todo, NewTodo } from './todo';
export { DEFAULT_DATABASE_NAME } from './storage';
export type { StorageMode, StorageKind, DatabaseInfo } from './storage';
export { normalizeTitle, validateList, codePointLength } from './validation';
export { LIST_MAX_LENGTH } from './limits';
export type {
  ImportOptions,
  ImportResult,
  ImportChanges,
  ImportedOver,
  ExportFile,
} from './repositories/todo-transfer';
// Types only: the code of export and import loads on first use (see TodoRepository.exportTodos).
export type { TodoExportDocument, ExportedTodo } from './transfer/document';
export type { ExportFileFormat } from './transfer/file';
export { IMPORT_MAX_BYTES } from './limits';
