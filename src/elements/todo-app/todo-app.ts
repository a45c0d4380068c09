import { defineElement } from '../../internal/define-element';
import { TodoApp } from './todo-app.element';
import '../todo-input/todo-input';
import '../todo-list/todo-list';
import '../todo-footer/todo-footer';

defineElement('todo-app', TodoApp);

declare global {
  interface HTMLElementTagNameMap {
    'todo-app': TodoApp;
  }
}
