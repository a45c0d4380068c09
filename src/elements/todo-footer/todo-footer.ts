import { defineElement } from '../../internal/define-element';
import { TodoFooter } from './todo-footer.element';

defineElement('todo-footer', TodoFooter);

declare global {
  interface HTMLElementTagNameMap {
    'todo-footer': TodoFooter;
  }
}
