import { defineElement } from '../../internal/define-element';
import { TodoSearch } from './todo-search.element';

/**
 * Defines `<todo-search>` (unless the tag is taken). Its lazy loaders call this (see define-lazily.ts) rather than relying on
 * the import's side effect: a bundler that trusts package.json's `sideEffects` may drop a bare
 * define from the chunk (issue 28: Vite emptied it), never a function the importer calls.
 */
export function define(): void {
  defineElement('todo-search', TodoSearch);
}

define();

declare global {
  interface HTMLElementTagNameMap {
    'todo-search': TodoSearch;
  }
}
