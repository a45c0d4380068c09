import { defineElement } from '../../internal/define-element';
import { TodoTransfer } from './todo-transfer.element';

defineElement('todo-transfer', TodoTransfer);

declare global {
  interface HTMLElementTagNameMap {
    'todo-transfer': TodoTransfer;
  }
}
