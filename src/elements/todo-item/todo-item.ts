import { defineElement } from '../../internal/define-element';
import { TodoItem } from './todo-item.element';

defineElement('todo-item', TodoItem);

declare global {
  interface HTMLElementTagNameMap {
    'todo-item': TodoItem;
  }
}
