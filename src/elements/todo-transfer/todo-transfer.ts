import { defineElement } from '../../internal/define-element';
import { TodoTransfer } from './todo-transfer.element';

/**
 * Defines `<todo-transfer>` (unless the tag is taken). Its lazy loaders call this (see define-lazily.ts) rather than relying on
 * the import's side effect: a bundler that trusts package.json's `sideEffects` may drop a bare
 * define from the chunk (issue 28: Vite emptied it), never a function the importer calls.
 */
export function define(): void {
  defineElement('todo-transfer', TodoTransfer);
}

define();

declare global {
  interface HTMLElementTagNameMap {
    'todo-transfer': TodoTransfer;
  }
}
