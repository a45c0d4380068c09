import { defineElement } from '../../internal/define-element';
import { TodoSearch } from './todo-search.element';

defineElement('todo-search', TodoSearch);

declare global {
  interface HTMLElementTagNameMap {
    'todo-search': TodoSearch;
  }
}
