import { defineElement } from '../../internal/define-element';
import { TodoInput } from './todo-input.element';

defineElement('todo-input', TodoInput);

declare global {
  interface HTMLElementTagNameMap {
    'todo-input': TodoInput;
  }
}
