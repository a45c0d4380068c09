import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { styles } from './todo-input.styles';
import { codePointLength } from '../../db/validation';
import { TITLE_MAX_LENGTH } from '../../db/limits';
import { ValidationError, TitleTooLongError } from '../../errors';
import { todoAdd } from '../../events/todo-events';
import { LocalizeController } from '../../controllers/localize-controller';

/**
 * The new-todo field. Enter adds the trimmed title to `list`; the row shows at once,
 * marked pending, even while the database is still starting.
 *
 * @summary The new-todo field.
 * @tagname todo-input
 * @attr database - Which database to use; every element with the same `database` shares one. Default: the one
 *   `configure()` names, else `todo-widget`. Read when the element connects.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`: where that database keeps its files, when this element is the
 *   first to open it. Default: what `configure()` says, else `auto`.
 * @attr list - The list todos are added to. Default `default`.
 * @attr autofocus - Focus the field when it first renders (the widget never steals focus otherwise).
 * @attr placeholder - Placeholder text. Default: "What needs to be done?" in the element's language.
 * @attr lang - The language of its text; default: the nearest `lang` around it (see README, Languages).
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme.
 * @fires {CustomEvent<TodoAddDetail>} todo-add - A todo was added and its write is durable.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - A title was refused or the write failed.
 * @csspart input - The text field.
 * @csspart message - The validation or error message under the field.
 * @cssprop [--todo-color-accent=#b83f45] - Accent colour.
 * @cssprop [--todo-color-surface=#ffffff] - Field background.
 * @cssprop [--todo-color-danger=#c62828] - Colour of the validation message.
 * @cssprop [--todo-radius=8px] - Corner radius.
 * @cssprop [--todo-font-family=system-ui] - Font.
 */
export class TodoInput extends DatabaseElement {
  static override styles = [tokens, styles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    autofocus: { type: Boolean, reflect: true },
    placeholder: { type: String },
    _value: { state: true },
    _message: { state: true },
  };

  /** Focus the field when it first renders. */
  declare autofocus: boolean;
  /** Placeholder of the field; unset: the catalogue's, in the element's language. */
  declare placeholder: string | undefined;
  declare private _value: string;
  /** The error shown under the field (kept as an error, so its text follows the language). */
  declare private _message: Error | undefined;
  readonly #i18n = new LocalizeController(this);

  constructor() {
    super();
    this.autofocus = false;
    this._value = '';
    this._message = undefined;
  }

  /**
   * Resolves once the database has started, or failed to (the list shows why and
   * `todo-error` fires). Adds made before then wait, shown as pending.
   */
  get ready(): Promise<void> {
    return this.services.client.init().catch(() => undefined);
  }

  override firstUpdated(): void {
    if (this.autofocus) this.shadowRoot?.querySelector('input')?.focus();
  }

  override render() {
    const invalid = this._message !== undefined;
    return html`
      <div class="field">
        <input
          part="input"
          type="text"
          class="new-todo"
          aria-label=${this.#i18n.t('newTodoLabel')}
          placeholder=${this.placeholder ?? this.#i18n.t('newTodoPlaceholder')}
          autocomplete="off"
          enterkeyhint="done"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby="message"
          .value=${live(this._value)}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
        />
      </div>
      <p id="message" class="message" part="message" role="alert">
        ${this._message ? this.#i18n.error(this._message) : ''}
      </p>
    `;
  }

  #onInput(event: InputEvent): void {
    this._value = (event.target as HTMLInputElement).value;
    const length = codePointLength(this._value.trim());
    this._message = length > TITLE_MAX_LENGTH ? new TitleTooLongError(TITLE_MAX_LENGTH, length) : undefined;
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    this.#submit();
  }

  #submit(): void {
    const title = this._value;
    if (title.trim() === '') {
      this._value = '';
      return;
    }
    const list = this.list;
    let saved: Promise<unknown>;
    try {
      saved = this.services.pending.add(title, list).then((todo) => this.announce(todoAdd({ todo, list })));
    } catch (error) {
      // Refused before anything was shown: keep the text so nothing typed is lost.
      this.#fail(error, list);
      return;
    }
    this._value = '';
    this._message = undefined;
    saved.catch((error: unknown) => {
      // Refused for good, the row is gone again: give the text back if the field is still empty.
      // Any other failure leaves the row shown (and kept) with a way to retry it.
      if (this._value === '' && error instanceof ValidationError) this._value = title;
      this.#fail(error, list);
    });
  }

  #fail(error: unknown, list: string): void {
    this._message = this.reportError(error, list);
  }
}
