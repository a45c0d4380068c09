// npm "todo-widget" and the script-tag bundle: defines every element and exports every class.
import './elements/todo-app/todo-app';
import './elements/todo-input/todo-input';
import './elements/todo-list/todo-list';
import './elements/todo-item/todo-item';
import './elements/todo-footer/todo-footer';
import './elements/todo-search/todo-search';
import './elements/todo-transfer/todo-transfer';

export * from './classes';
