import { defineElement } from '../../internal/define-element';
import { TodoList } from './todo-list.element';
import '../todo-item/todo-item';

defineElement('todo-list', TodoList);

declare global {
  interface HTMLElementTagNameMap {
    'todo-list': TodoList;
  }
}
