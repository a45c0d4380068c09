import { html, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { styles } from './todo-item.styles';
import { editDrafts } from '../../controllers/edit-drafts';
import type { Todo } from '../../db/todo';
import { todoRemove, todoRename, todoToggle } from '../../events/todo-events';
import { LocalizeController } from '../../controllers/localize-controller';
import { markedTitle } from './marked-title';
import { rowNotesTemplate } from './row-notes';
import { deleteAfterAdd, setCompletedAfterAdd } from '../recorded-writes';

/**
 * One todo: a checkbox, the title (always as text), an edit field, a delete button.
 * Double-click the row, or press Enter or F2 on the title, to edit; Enter or leaving the field
 * saves, Escape cancels, an empty title deletes the todo. Nothing else ends an edit: a row
 * removed from the page while editing (scrolled out of a windowed list, or no longer matching
 * its filter after another tab changed it) keeps the draft, which its list shows until the
 * user finishes or cancels it.
 *
 * TodoMVC's DOM: the row is an `li` (`data-testid="todo-item"`, class exactly `completed`,
 * `editing` or empty) holding `.toggle`, the title, `.destroy` and, while editing, `.edit`; its
 * text is exactly the title (the delete glyph is drawn by CSS). Hosts' TodoMVC suites find it.
 *
 * Its events fire once the change is saved. A row no longer drawn by then (scrolled out of a
 * long list's window, filtered out) fires them from the element that drew it (its list).
 *
 * @summary One todo row.
 * @tagname todo-item
 * @attr database - Which database to use; every element with the same `database` shares one. Default: the one
 *   `configure()` names, else `todo-widget`. Read when the element connects.
 * @attr storage - `auto`, `opfs`, `idb` or `memory`: where that database keeps its files, when this element is the
 *   first to open it. Default: what `configure()` says, else `auto`.
 * @attr completed - Reflects whether the todo is done, for page CSS such as `todo-item[completed]`.
 * @attr pending - Present while the todo's write is not yet durable.
 * @attr failed - Present when this tab's add of the todo could not be saved (it is kept, and retried).
 * @attr list - The list the todo belongs to (echoed in event details).
 * @attr lang - The language of its text; default: the nearest `lang` around it (see README, Languages).
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme.
 * @attr reorderable - Show a "Move" handle; its list moves the row when it is dragged or gets Alt+Arrow Up/Down.
 * @fires {CustomEvent<TodoToggleDetail>} todo-toggle - The todo was marked done or not done.
 * @fires {CustomEvent<TodoRenameDetail>} todo-rename - The title was changed.
 * @fires {CustomEvent<TodoRemoveDetail>} todo-remove - The todo was deleted.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - A change could not be saved.
 * @csspart item - The row.
 * @csspart handle - The "Move" drag handle (with `reorderable`).
 * @csspart toggle - The checkbox.
 * @csspart title - The title text.
 * @csspart match - A word of the title that the search (`query`) matched: a `<mark>`.
 * @csspart edit - The edit field.
 * @csspart delete-button - The delete button.
 * @csspart badge - "saving…", while the todo's write is not yet durable (`pending`).
 * @csspart error - Why the last change to this todo failed.
 * @csspart retry-button - Tries a failed add again.
 * @cssprop [--todo-item-padding=0.5rem 1rem] - Padding of a row.
 * @cssprop [--todo-color-done=#737373] - Title colour of a completed todo.
 * @cssprop [--todo-color-accent=#b83f45] - Checkbox colour.
 */
export class TodoItem extends DatabaseElement {
  static override styles = [tokens, styles];
  static override properties = {
    todo: { attribute: false },
    failure: { attribute: false },
    completed: { type: Boolean, reflect: true },
    pending: { type: Boolean, reflect: true },
    query: { type: String },
    reorderable: { type: Boolean, reflect: true },
    _editing: { state: true },
    _error: { state: true },
  };

  /** The todo shown. */
  declare todo: Todo | undefined;
  /** Why this tab's add of the todo could not be saved yet (set by `<todo-list>`); the row offers a retry. */
  declare failure: Error | undefined;
  /** Whether the todo is done (mirrors `todo.completed`). */
  declare completed: boolean;
  /** True while the todo's write is not yet durable. */
  declare pending: boolean;
  /** Search text whose words are marked in the title (`<mark part="match">`); empty marks nothing. */
  declare query: string;
  /** Shows the "Move" handle (the list does the moving). */
  declare reorderable: boolean;
  declare private _editing: boolean;
  /** Why the last change failed (kept as an error, so its text follows the language). */
  declare private _error: Error | undefined;
  readonly #i18n = new LocalizeController(this);
  #saving = false;

  constructor() {
    super();
    this.completed = false;
    this.pending = false;
    this._editing = false;
    this._error = undefined;
    this.query = '';
    this.reorderable = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'listitem');
    this.#resumeDraft();
  }

  /** Resolves at once: a row gets its data from its list. */
  get ready(): Promise<void> {
    return Promise.resolve();
  }

  /** Puts focus on the "Move" handle (its list does, after moving the row). */
  focusHandle(): void {
    this.shadowRoot?.querySelector<HTMLElement>('.handle')?.focus();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('todo') && this.todo) {
      // A row delivered while this row's own toggle is being saved (its add just landed, say)
      // predates the toggle: the box keeps what the user clicked until the toggle is saved.
      this.completed = this.#toggling ?? this.todo.completed;
      this.#resumeDraft();
    }
    this.toggleAttribute('failed', this.failure !== undefined);
    // On the host, the row's listitem: the `li` inside is only TodoMVC's shape (role none).
    this.setAttribute('aria-busy', this.pending && !this.failure ? 'true' : 'false');
  }

  override updated(changed: PropertyValues): void {
    const resumed = this.#resumed;
    this.#resumed = false;
    if (changed.has('_editing') && this._editing) {
      const field = this.shadowRoot?.querySelector<HTMLInputElement>('.edit');
      // A row drawn again with an edit in progress takes focus only if nothing else has it.
      const active = document.activeElement;
      if (!field || (resumed && active && active !== document.body)) return;
      field.focus({ preventScroll: resumed });
      field.setSelectionRange(field.value.length, field.value.length);
    }
  }

  /** The draft of this todo's edit, if one is in progress in the same list. */
  get #draft() {
    return this.todo ? editDrafts.get(this.todo.id, this.getRootNode()) : undefined;
  }

  #resumed = false;
  /** This row was drawn again while its todo's edit is in progress: take it up. */
  #resumeDraft(): void {
    if (!this._editing && this.isConnected && this.#draft) {
      this.#resumed = true;
      this._editing = true;
    }
  }

  override render() {
    const todo = this.todo;
    if (!todo) return nothing;
    const failed = this.failure !== undefined;
    // A row still being saved takes clicks as any other: they wait for the add, then apply in order.
    // Disabled only while this tab's change to it waits for the database to start (a warm start).
    const locked = this.pending && !failed && !this.#addSaving(todo);
    const className = [this.completed && 'completed', this._editing && 'editing'].filter(Boolean).join(' ');
    const i18n = this.#i18n;
    // No whitespace between the tags: the row's text is exactly the title (the handle's and the
    // delete button's glyphs are drawn by CSS). The title is described to the checkbox and the
    // delete button, so assistive technology tells the rows apart. The handle works on a row still
    // being saved (its list's move waits for the save); only a failed add has no place to move.
    // prettier-ignore
    return html`<li part="item" role="none" class=${className} data-testid="todo-item" @dblclick=${this.#startEditing}><div class="view">${this.reorderable
        ? html`<button part="handle" class="handle" type="button" data-handle aria-label=${i18n.t('moveHandle')} aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown" title=${i18n.t('moveHandleHint')} ?disabled=${failed}></button>`
        : nothing}<input part="toggle" class="toggle" type="checkbox" aria-label=${i18n.t('toggleTodo')} aria-describedby="title" .checked=${this.completed} ?disabled=${failed || locked} @change=${this.#onToggle} /><label part="title" class="title" id="title" data-testid="todo-title" tabindex=${this._editing ? '-1' : '0'} title=${i18n.t('editHint')} @keydown=${this.#onTitleKeydown}>${markedTitle(todo.title, this.query, () => this.requestUpdate())}</label><button part="delete-button" class="destroy" type="button" aria-label=${i18n.t('deleteTodo')} aria-describedby="title" title=${i18n.t('deleteTodo')} ?disabled=${locked} @click=${this.#onDelete}></button></div>${this._editing
        ? html`<input part="edit" class="edit" type="text" aria-label=${i18n.t('editTodo')} .value=${live(this.#draft?.text ?? todo.title)} @input=${this.#onEditInput} @keydown=${this.#onEditKeydown} @blur=${this.#onEditBlur} />`
        : nothing}</li>
      ${rowNotesTemplate(this.pending, this.failure, this._error, i18n, this.#onRetry)}
    `;
  }

  /** The save of this tab's add of `todo`, while it runs. */
  #addSaving(todo: Todo): Promise<Todo> | undefined {
    return this.services.pending.saving(todo.id);
  }

  #startEditing(): void {
    const todo = this.todo;
    // A pending row can be edited (TodoMVC suites edit right after adding): the change waits for the add.
    if (this.failure || this._editing || !todo) return;
    this._error = undefined;
    editDrafts.set({ todo, text: todo.title, owner: this.getRootNode() });
    this._editing = true;
  }

  #onTitleKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      this.#startEditing();
    }
  }

  #onEditInput(event: InputEvent): void {
    const draft = this.#draft;
    if (draft) draft.text = (event.target as HTMLInputElement).value;
  }

  #onEditKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      void this.#finishEditing((event.target as HTMLInputElement).value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.#saving = true; // the blur that follows must not save
      this.#endEdit();
      void this.updateComplete.then(() => {
        this.#saving = false;
        this.#focusTitle();
      });
    }
  }

  #onEditBlur(event: FocusEvent): void {
    const value = (event.target as HTMLInputElement).value;
    // Only the user's own blur saves: a row being removed from the page (scrolled away, filtered
    // out) may lose focus on the way out, and its draft stays for the list to show.
    queueMicrotask(() => {
      if (this.isConnected && this._editing) void this.#finishEditing(value);
    });
  }

  #endEdit(): void {
    if (this.todo) editDrafts.delete(this.todo.id);
    this._editing = false;
  }

  #focusTitle(): void {
    if (this.isConnected) this.shadowRoot?.querySelector<HTMLElement>('.title')?.focus();
  }

  async #finishEditing(value: string): Promise<void> {
    const todo = this.todo;
    if (this.#saving || !todo) return;
    this.#saving = true;
    const title = value.trim();
    try {
      // Changes to a todo whose add is still on its way go after it, or they would find no row.
      await this.#addSaving(todo);
      if (title === '') {
        await this.#remove(todo);
        this.#endEdit();
        return;
      }
      if (title !== todo.title) {
        const changes = this.services.changes;
        const history = this.services.undo;
        const list = this.list;
        const renaming = changes.rename(todo, title); // a title that cannot be saved throws here: the field stays open
        const saving = history.trackChange(
          list,
          () => renaming,
          (after) => after && { kind: 'edit', list, before: todo, after },
        );
        if (changes.isPending(todo.id)) {
          // Before the database runs (a warm start): the row shows the new title, pending, until saved.
          this.#endEdit();
          await this.updateComplete;
          this.#focusTitle();
          const renamed = await saving;
          if (renamed) this.announce(todoRename({ todo: renamed, list: this.list }));
          return;
        }
        const renamed = await saving;
        if (renamed) {
          this.todo = renamed;
          this.announce(todoRename({ todo: renamed, list: this.list }));
        }
      }
      this.#endEdit();
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
    this.#toggling = completed;
    this._error = undefined;
    const list = this.list;
    try {
      const updated = await setCompletedAfterAdd(this.services, list, todo, completed);
      if (updated) this.announce(todoToggle({ todo: updated, list }));
    } catch (error) {
      this.completed = todo.completed;
      this.#fail(error);
    } finally {
      if (this.#toggling === completed) this.#toggling = undefined;
    }
  }

  /** What this row's toggle in flight set, until it is saved or fails. */
  #toggling: boolean | undefined;

  async #onDelete(): Promise<void> {
    const todo = this.todo;
    if (!todo) return;
    if (this.failure) {
      // Never saved: giving it up is forgetting it here (and in the outbox).
      this.services.pending.discard(todo.id);
      return;
    }
    try {
      await this.#remove(todo);
    } catch (error) {
      this.#fail(error);
    }
  }

  #onRetry(): void {
    if (this.todo) this.services.pending.retry(this.todo.id)?.catch(() => undefined); // a new failure shows on the row
  }

  async #remove(todo: Todo): Promise<void> {
    const list = this.list;
    await deleteAfterAdd(this.services, list, todo);
    this.announce(todoRemove({ ids: [todo.id], list }));
  }

  #fail(error: unknown): void {
    this._error = this.reportError(error);
  }
}
