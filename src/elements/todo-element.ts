import { LitElement, type PropertyDeclarations } from 'lit';
import type { Theme } from '../styles/tokens';
import { DEFAULT_LIST, listOrDefault } from '../db/limits';
import { asTodoError } from '../errors';
import { todoError } from '../events/todo-events';

/**
 * What every element of the widget shares: `theme`, `list` (unset, `null` or `""` is the default
 * list, so a React or Vue prop left out or a removed attribute is no error), and one way to report
 * an error. Each element's class JSDoc still lists these attributes: the manifest reads only the
 * `*.element.ts` files.
 */
export class TodoElement extends LitElement {
  static override properties: PropertyDeclarations = {
    theme: { type: String, reflect: true },
    list: { type: String, reflect: true, noAccessor: true },
  };

  /** `light`, `dark` or `auto` (unset: `auto`). */
  declare theme: Theme | undefined;

  /** Which list; unset, `null` or `""`: the default list. */
  get list(): string {
    return this.#list;
  }
  set list(value: string | null | undefined) {
    const old = this.#list;
    this.#list = listOrDefault(value);
    this.requestUpdate('list', old);
  }
  #list = DEFAULT_LIST;

  /**
   * Fires `todo-error` for `error` on this element's list: an Error as it is, anything else
   * thrown as a TodoError. @returns the error reported, for the element to show.
   */
  protected reportError(error: unknown, list: string = this.list): Error {
    const typed = error instanceof Error ? error : asTodoError(error);
    this.dispatchEvent(todoError({ error: typed, list }));
    return typed;
  }
}
