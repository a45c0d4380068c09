import type { Todo } from '../db/todo';

/** A title being edited, kept apart from the row that shows it. */
export interface EditDraft {
  /** The todo as it was when editing began. */
  readonly todo: Todo;
  /** What is in the edit field now. */
  text: string;
  /** The element the row was drawn in (a `<todo-list>`'s shadow root, or the document): only rows there take it up. */
  readonly owner: Node;
}

type Listener = () => void;

/**
 * Edits in progress, by todo id, for the page. An edit ends only by the user's Enter, Escape or
 * blur: a row that leaves the view meanwhile (another tab completed it under the Active filter,
 * a scroll moved it out of the drawn window) leaves its draft here, where the list shows it
 * (see `<todo-list>`'s unfinished edits) and the row, drawn again, takes it up.
 */
class EditDrafts {
  readonly #drafts = new Map<string, EditDraft>();
  readonly #listeners = new Set<Listener>();

  get(id: string, owner: Node): EditDraft | undefined {
    const draft = this.#drafts.get(id);
    return draft?.owner === owner ? draft : undefined;
  }

  /** The drafts drawn in `owner`, oldest edit first. */
  of(owner: Node): EditDraft[] {
    return [...this.#drafts.values()].filter((draft) => draft.owner === owner);
  }

  set(draft: EditDraft): void {
    this.#drafts.set(draft.todo.id, draft);
    this.#notify();
  }

  /** The edit of `id` is over (saved, cancelled, or its todo deleted). */
  delete(id: string): void {
    if (this.#drafts.delete(id)) this.#notify();
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

export const editDrafts = new EditDrafts();
