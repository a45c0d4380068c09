import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { tokens } from '../../styles/tokens';
import { TodoElement } from '../todo-element';
import { styles } from './todo-search.styles';
import { todoSearchChange } from '../../events/todo-events';
import { LocalizeController } from '../../controllers/localize-controller';

/**
 * The search field: a `searchbox` named "Search todos". Each keystroke fires
 * `todo-search-change`; Escape clears the field (and fires it with an empty query). Holds no
 * data itself: `<todo-app searchable>` passes the text to its `<todo-list query>`.
 *
 * @summary The search field.
 * @tagname todo-search
 * @attr value - The search text.
 * @attr list - The list searched (echoed in event details).
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme.
 * @fires {CustomEvent<TodoSearchChangeDetail>} todo-search-change - The user changed the search text.
 * @csspart search - The search field.
 */
export class TodoSearch extends TodoElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    value: { type: String },
  };

  /** The search text. */
  declare value: string;

  readonly #i18n = new LocalizeController(this);

  constructor() {
    super();
    this.value = '';
  }

  /** Resolves at once: the field needs no data. */
  get ready(): Promise<void> {
    return Promise.resolve();
  }

  override render() {
    return html`<input
      part="search"
      type="search"
      aria-label=${this.#i18n.t('searchLabel')}
      placeholder=${this.#i18n.t('searchLabel')}
      autocomplete="off"
      spellcheck="false"
      .value=${live(this.value)}
      @input=${this.#onInput}
      @keydown=${this.#onKeydown}
    />`;
  }

  #change(value: string): void {
    if (value === this.value) return;
    this.value = value;
    this.dispatchEvent(todoSearchChange({ query: value, list: this.list }));
  }

  #onInput(event: Event): void {
    this.#change((event.target as HTMLInputElement).value);
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.value === '') return;
    // Handled here, not left to the browser: not every engine clears a search field on Escape,
    // and the host must hear that the search ended.
    event.preventDefault();
    event.stopPropagation();
    (event.target as HTMLInputElement).value = '';
    this.#change('');
  }
}
