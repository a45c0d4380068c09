import { LitElement, type PropertyDeclarations } from 'lit';
import type { Theme } from '../styles/tokens';
import { DEFAULT_LIST, listOrDefault } from '../db/limits';
import { asTodoError } from '../errors';
import { todoError } from '../events/todo-events';

/** The element whose shadow root each element was last connected in (a row's list, a list's app). */
const drawnBy = new WeakMap<Element, Element>();

/**
 * What every element of the widget shares: `theme`, `list` (unset, `null` or `""` is the default
 * list, so a React or Vue prop left out or a removed attribute is no error), one way to report
 * an error, and one way to tell the page of a write's outcome (`announce`). Each element's class
 * JSDoc still lists these attributes: the manifest reads only the `*.element.ts` files.
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

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    if (root instanceof ShadowRoot) drawnBy.set(this, root.host);
    else drawnBy.delete(this);
  }

  /**
   * Fires `event` (a write's outcome, heard once the write answers) from this element, or, when
   * it is no longer in the document by then, from the nearest element that drew it and still is:
   * a row scrolled out of a long list's window or filtered out while its write waited (behind
   * this tab's import, say) is gone, and its event would reach no listener. The write applied
   * all the same; the page must hear so.
   */
  protected announce(event: Event): boolean {
    let target = drawnBy.get(this);
    if (this.isConnected || !target) return this.dispatchEvent(event);
    while (!target.isConnected && drawnBy.has(target)) target = drawnBy.get(target)!;
    return target.dispatchEvent(event);
  }

  /**
   * Fires `todo-error` for `error` on this element's list: an Error as it is, anything else
   * thrown as a TodoError. @returns the error reported, for the element to show.
   */
  protected reportError(error: unknown, list: string = this.list): Error {
    const typed = error instanceof Error ? error : asTodoError(error);
    this.announce(todoError({ error: typed, list }));
    return typed;
  }
}
