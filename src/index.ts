// npm "todo-widget" and the script-tag bundle: defines every element and exports every class.
import './elements/todo-app/todo-app';
import './elements/todo-input/todo-input';
import './elements/todo-list/todo-list';
import './elements/todo-item/todo-item';
import './elements/todo-footer/todo-footer';
import { defineLazily } from './internal/define-lazily';

/** Loads `<todo-search>`/`<todo-transfer>` placed in a shadow root of yours (see define-lazily.ts). */
export { discover } from './internal/define-lazily';

// Search and export/import load when first used (see define-lazily.ts); their classes are in
// "todo-widget/elements".
defineLazily('todo-search', () => import('./elements/todo-search/todo-search'));
defineLazily('todo-transfer', () => import('./elements/todo-transfer/todo-transfer'));

export * from './classes-core';
