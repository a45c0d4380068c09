// What both entries export ("todo-widget" and "todo-widget/elements"): every class, controller, event and error. Defines no tags, so a
// host can register them under its own names. Note: <todo-list> renders <todo-item> and
// <todo-app> renders <todo-input>, <todo-list>, <todo-footer>: define those tags too.
export { TodoApp } from './elements/todo-app/todo-app.element';
export { TodoInput } from './elements/todo-input/todo-input.element';
export { TodoList } from './elements/todo-list/todo-list.element';
export { TodoItem } from './elements/todo-item/todo-item.element';
export { TodoFooter } from './elements/todo-footer/todo-footer.element';
export { LiveQueryController } from './controllers/live-query-controller';
export type { LiveQueryOptions, LiveQueryStatus } from './controllers/live-query-controller';
export { DatabaseStatusController } from './controllers/database-status-controller';
export type { DatabaseRole } from './controllers/database-status-controller';
export * from './events/todo-events';
export * from './errors';
export { serializeError, deserializeError, queryErrorFrom } from './protocol/serialized-error';
export type { SerializedError } from './protocol/serialized-error';
export * from './db/index';
export { configure, getDatabaseClient, getTodoRepository, getPendingTodos } from './registry';
export type { RegistryOptions } from './registry';
export { defineElement, WIDGET_VERSION } from './internal/define-element';
export { TRUSTED_TYPES_POLICY } from './internal/trusted-script-url';
export { registerTranslation, loadLanguage, SHIPPED_LANGUAGES, Translator } from './i18n/catalogue';
export type { Messages, Translation, Plural, MessageKey, TextKey, PluralKey, MessageParams } from './i18n/messages';
export { LocalizeController } from './controllers/localize-controller';
