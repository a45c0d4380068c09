// npm "todo-widget/elements": every class, event and error; defines no tags.
export * from './errors';
export * from './db/index';
export { configure, getDatabaseClient, getTodoRepository } from './registry';
export type { RegistryOptions } from './registry';
