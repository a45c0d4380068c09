// npm "todo-widget" and the script-tag bundle: defines every element, exports every class.
export * from './classes';
