import type { Todo } from './schema';
import type { TodoCounts, TodoRepository } from './repositories/todos';
import { normalizeTitle } from './validation';
import { DatabaseClosedError, SchemaTooNewError, refusedForGood } from '../errors';
import { RETRY_DELAYS_MS } from './connection/call-policy';

/** A row as a list shows it: `pending` while a change of this tab to it is not saved yet. */
export type ChangedTodo = Todo & { readonly pending?: boolean };

/** What a change does to its todo. */
type Change = { readonly completed: boolean } | { readonly title: string } | { readonly deleted: true };

interface Entry {
  readonly before: Todo;
  readonly change: Change;
  /** Tick of the save; 0 while pending. */
  savedAt: number;
}

type Listener = () => void;

/** How long a saved change is kept for views that have not had a result since. */
const SAVED_GRACE_MS = 5_000;

/**
 * Changes to shown todos (toggle, rename, delete) made while this page has no database yet: a
 * warm start shows the list from its snapshot (db/window-snapshot.ts) well before PGlite runs.
 * Like adds typed before then (PendingTodos), each is shown at once over its row, marked
 * pending, and sent when the database runs (the calls wait for it, and are sent again after a
 * timeout: each sets a state, so a repeat changes nothing more); the row shows the change until
 * a live result taken after the save has it. Made once the database runs, a change is sent at
 * once and shown by the row itself, as before.
 */
export class PendingChanges {
  readonly #repository: TodoRepository;
  readonly #live: () => boolean;
  readonly #clock: { now(): number };
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<Listener>();
  /** Rows with a change over them, by the row they were made from: the same object while nothing changes. */
  readonly #shown = new WeakMap<object, { entry: Entry; pending: boolean; row: ChangedTodo }>();

  /**
   * @param live whether the database runs (then changes go straight to it).
   * @param clock the tab's ticks (PendingTodos.now): a result taken after a save reflects it.
   */
  constructor(repository: TodoRepository, live: () => boolean, clock: { now(): number }) {
    this.#repository = repository;
    this.#live = live;
    this.#clock = clock;
  }

  /** Marks `todo` done or not. Resolves the saved row, or `undefined` when it no longer exists. */
  setCompleted(todo: Todo, completed: boolean): Promise<Todo | undefined> {
    return this.#change(todo, { completed }, () => this.#repository.setCompleted(todo.id, completed));
  }

  /**
   * Renames `todo`. Resolves the saved row, or `undefined` when it no longer exists.
   * @throws {ValidationError} synchronously, for a title that cannot be saved.
   */
  rename(todo: Todo, title: string): Promise<Todo | undefined> {
    const normalized = normalizeTitle(title);
    return this.#change(todo, { title: normalized }, () => this.#repository.rename(todo.id, normalized));
  }

  /** Deletes `todo`. Resolves whether it existed. */
  delete(todo: Todo): Promise<boolean> {
    return this.#change(todo, { deleted: true }, () => this.#repository.delete(todo.id));
  }

  /** Whether a change to the todo `id` waits for the database. */
  isPending(id: string): boolean {
    return this.#entries.get(id)?.savedAt === 0;
  }

  /** `row` as this tab's changes that a result taken at tick `seenAt` does not have yet make it. */
  overlay<T extends ChangedTodo>(row: T, seenAt: number): T {
    const entry = this.#entries.get(row.id);
    if (!entry || (entry.savedAt !== 0 && entry.savedAt <= seenAt)) return row;
    const pending = entry.savedAt === 0 || 'deleted' in entry.change;
    const shown = this.#shown.get(row);
    if (shown?.entry === entry && shown.pending === pending) return shown.row as T;
    const { deleted: _, ...values } = entry.change as { deleted?: true };
    const changed = { ...row, ...values, pending: pending || row.pending === true } as T;
    this.#shown.set(row, { entry, pending, row: changed });
    return changed;
  }

  /** How `list`'s counts move by the changes that counts taken at tick `seenAt` do not have yet. */
  countsDelta(list: string, seenAt: number): TodoCounts {
    let total = 0;
    let active = 0;
    let completed = 0;
    for (const { before, change, savedAt } of this.#entries.values()) {
      if (before.list !== list || (savedAt !== 0 && savedAt <= seenAt)) continue;
      if ('deleted' in change) {
        total--;
        if (before.completed) completed--;
        else active--;
      } else if ('completed' in change && change.completed !== before.completed) {
        active += change.completed ? -1 : 1;
        completed += change.completed ? 1 : -1;
      }
    }
    return { total, active, completed };
  }

  /** Notifies `listener` whenever a change appears, is saved, fails, or expires. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #change<T>(todo: Todo, change: Change, save: () => Promise<T>): Promise<T> {
    if (this.#live()) return this.#saveUntilSettled(save);
    const entry: Entry = { before: todo, change, savedAt: 0 };
    this.#entries.set(todo.id, entry);
    this.#notify();
    try {
      const saved = await this.#saveUntilSettled(save);
      if (this.#entries.get(todo.id) === entry) {
        entry.savedAt = this.#clock.now();
        setTimeout(() => {
          if (this.#entries.get(todo.id) === entry && this.#entries.delete(todo.id)) this.#notify();
        }, SAVED_GRACE_MS);
        this.#notify();
      }
      return saved;
    } catch (error) {
      if (this.#entries.get(todo.id) === entry) this.#entries.delete(todo.id);
      this.#notify();
      throw error;
    }
  }

  /**
   * Sends until saved or refused for good (`refusedForGood`): a timeout, an unknown outcome or a
   * failure of the database (its engine or storage) is no refusal, and each change sets a state,
   * so sending it again is safe. Only what no later attempt from this tab could change ends it
   * too: a closed client, a schema newer than this copy knows.
   */
  async #saveUntilSettled<T>(save: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await save();
      } catch (error) {
        if (refusedForGood(error) || error instanceof DatabaseClosedError || error instanceof SchemaTooNewError)
          throw error;
        await new Promise((resolve) =>
          setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]),
        );
      }
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
