import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import { tokens } from '../../styles/tokens';
import type { StorageMode } from '../../db/storage';
import { styles } from './todo-item.styles';
import { getPendingChanges } from '../../registry';
import type { Todo } from '../../db/schema';
import { DEFAULT_LIST } from '../../db/limits';
import { TodoError } from '../../errors';
import { todoError, todoRemove, todoRename, todoToggle } from '../../events/todo-events';

/**
 * One todo: a checkbox, the title (always as text), an edit field, a delete button.
 * Double-click the title, or press Enter or F2 on it, to edit; Enter or leaving the field
 * saves, Escape cancels, an empty title deletes the todo. A row removed from the page while
 * editing (e.g. scrolled out of a windowed list) saves too.
 *
 * @summary One todo row.
 * @tagname todo-item
 * @attr database - Which database to use; every element with the same `database` shares one. Default: the one
 *   `configure()` names, else `todo-widget`. Read when the element connects.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`: where that database keeps its files, when this element is the
 *   first to open it. Default: what `configure()` says, else `auto`.
 * @attr completed - Reflects whether the todo is done, for page CSS such as `todo-item[completed]`.
 * @attr pending - Present while the todo's write is not yet durable.
 * @attr list - The list the todo belongs to (echoed in event details).
 * @fires {CustomEvent<TodoToggleDetail>} todo-toggle - The todo was marked done or not done.
 * @fires {CustomEvent<TodoRenameDetail>} todo-rename - The title was changed.
 * @fires {CustomEvent<TodoRemoveDetail>} todo-remove - The todo was deleted.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - A change could not be saved.
 * @csspart item - The row.
 * @csspart toggle - The checkbox.
 * @csspart title - The title text.
 * @csspart edit - The edit field.
 * @csspart delete-button - The delete button.
 * @csspart badge - "saving…", while the todo's write is not yet durable (`pending`).
 * @csspart error - Why the last change to this todo failed.
 * @cssprop [--todo-item-padding=0.5rem 1rem] - Padding of a row.
 * @cssprop [--todo-color-done=#737373] - Title colour of a completed todo.
 * @cssprop [--todo-color-accent=#b83f45] - Checkbox colour.
 */
export class TodoItem extends LitElement {
  static override styles = [tokens, styles];
  static override properties = {
    database: {},
    storage: {},
    todo: { attribute: false },
    completed: { type: Boolean, reflect: true },
    pending: { type: Boolean, reflect: true },
    list: { type: String, reflect: true },
    _editing: { state: true },
    _error: { state: true },
  };

  /** Which database this element uses; unset or empty: the default one (see `configure()`). */
  declare database: string | undefined;
  /** Where its database keeps its files, if this element is the first to open it; unset: `configure()`'s choice. */
  declare storage: StorageMode | '' | undefined;
  /** The todo shown. */
  declare todo: Todo | undefined;
  /** Whether the todo is done (mirrors `todo.completed`). */
  declare completed: boolean;
  /** True while the todo's write is not yet durable. */
  declare pending: boolean;
  /** The list the todo belongs to. */
  declare list: string;
  declare private _editing: boolean;
  declare private _error: string;
  #saving = false;

  constructor() {
    super();
    this.completed = false;
    this.pending = false;
    this.list = DEFAULT_LIST;
    this._editing = false;
    this._error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'listitem');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (!this._editing) return;
    // A windowed <todo-list> drops rows scrolled far out of view (and a removed element gets no
    // blur): save what was typed, as leaving the field would, unless the row was only moved.
    const draft = this.shadowRoot?.querySelector<HTMLInputElement>('.edit')?.value;
    queueMicrotask(() => {
      if (!this.isConnected && this._editing && draft !== undefined) void this.#finishEditing(draft);
    });
  }

  /** Resolves at once: a row gets its data from its list. */
  get ready(): Promise<void> {
    return Promise.resolve();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('todo') && this.todo) this.completed = this.todo.completed;
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('_editing') && this._editing) {
      const field = this.shadowRoot?.querySelector<HTMLInputElement>('.edit');
      field?.focus();
      field?.setSelectionRange(field.value.length, field.value.length);
    }
  }

  override render() {
    const todo = this.todo;
    if (!todo) return nothing;
    const classes = { todo: true, completed: this.completed, editing: this._editing, pending: this.pending };
    return html`
      <div part="item" class=${classMap(classes)} data-testid="todo-item" aria-busy=${this.pending ? 'true' : 'false'}>
        <input
          part="toggle"
          class="toggle"
          type="checkbox"
          aria-label="Toggle Todo"
          .checked=${this.completed}
          ?disabled=${this.pending}
          @change=${this.#onToggle}
        />
        ${
          this._editing
            ? html`<input
                part="edit"
                class="edit"
                type="text"
                aria-label="Edit"
                .value=${todo.title}
                @keydown=${this.#onEditKeydown}
                @blur=${this.#onEditBlur}
              />`
            : html`<label
                part="title"
                class="title"
                data-testid="todo-title"
                tabindex="0"
                title="Double-click, Enter or F2 to edit"
                @dblclick=${this.#startEditing}
                @keydown=${this.#onTitleKeydown}
                >${todo.title}</label
              >`
        }
        ${this.pending ? html`<span class="badge" part="badge">saving…</span>` : nothing}
        ${this._error ? html`<span class="error" part="error" role="alert">${this._error}</span>` : nothing}
        ${
          this._editing
            ? nothing
            : html`<button
                part="delete-button"
                class="destroy"
                type="button"
                aria-label="Delete"
                title="Delete"
                ?disabled=${this.pending}
                @click=${this.#onDelete}
              >
                ×
              </button>`
        }
      </div>
    `;
  }

  #startEditing(): void {
    if (this.pending) return;
    this._error = '';
    this._editing = true;
  }

  #onTitleKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      this.#startEditing();
    }
  }

  #onEditKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      void this.#finishEditing((event.target as HTMLInputElement).value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.#saving = true; // the blur that follows must not save
      this._editing = false;
      void this.updateComplete.then(() => {
        this.#saving = false;
        this.#focusTitle();
      });
    }
  }

  #onEditBlur(event: FocusEvent): void {
    void this.#finishEditing((event.target as HTMLInputElement).value);
  }

  #focusTitle(): void {
    this.shadowRoot?.querySelector<HTMLElement>('.title')?.focus();
  }

  async #finishEditing(value: string): Promise<void> {
    const todo = this.todo;
    if (this.#saving || !todo) return;
    this.#saving = true;
    const title = value.trim();
    try {
      if (title === '') {
        this._editing = false;
        await this.#remove(todo);
        return;
      }
      if (title !== todo.title) {
        const changes = getPendingChanges(this);
        const saving = changes.rename(todo, title);
        if (changes.isPending(todo.id)) {
          // Before the database runs (a warm start): the row shows the new title, pending, until saved.
          this._editing = false;
          await this.updateComplete;
          this.#focusTitle();
          const renamed = await saving;
          if (renamed) this.dispatchEvent(todoRename({ todo: renamed, list: this.list }));
          return;
        }
        const renamed = await saving;
        if (renamed) {
          this.todo = renamed;
          this.dispatchEvent(todoRename({ todo: renamed, list: this.list }));
        }
      }
      this._editing = false;
      await this.updateComplete;
      this.#focusTitle();
    } catch (error) {
      // Keep the field open with the text, so nothing typed is lost.
      this.#fail(error);
    } finally {
      this.#saving = false;
    }
  }

  async #onToggle(event: Event): Promise<void> {
    const todo = this.todo;
    if (!todo) return;
    const completed = (event.target as HTMLInputElement).checked;
    this.completed = completed; // optimistic; the live list confirms or corrects it
    this._error = '';
    try {
      const updated = await getPendingChanges(this).setCompleted(todo, completed);
      if (updated) this.dispatchEvent(todoToggle({ todo: updated, list: this.list }));
    } catch (error) {
      this.completed = todo.completed;
      this.#fail(error);
    }
  }

  async #onDelete(): Promise<void> {
    const todo = this.todo;
    if (!todo) return;
    try {
      await this.#remove(todo);
    } catch (error) {
      this.#fail(error);
    }
  }

  async #remove(todo: Todo): Promise<void> {
    await getPendingChanges(this).delete(todo);
    this.dispatchEvent(todoRemove({ ids: [todo.id], list: this.list }));
  }

  #fail(error: unknown): void {
    const typed = error instanceof Error ? error : new TodoError(String(error));
    this._error = typed.message;
    this.dispatchEvent(todoError({ error: typed, list: this.list }));
  }
}
