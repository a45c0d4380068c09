// npm "todo-widget/elements": every class, controller, event and error. Defines no tags, so a
// host can register them under its own names (see classes-core.ts).
export * from './classes-core';
export { TodoSearch } from './elements/todo-search/todo-search.element';
export { TodoTransfer } from './elements/todo-transfer/todo-transfer.element';
