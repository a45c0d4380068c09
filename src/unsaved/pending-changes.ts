import type { Todo } from '../db/todo';
import {
  newTodoId,
  type ChangeTodoOptions,
  type MarkAllResult,
  type TodoCounts,
  type TodoRepository,
} from '../db/repositories/todos';
import { normalizeTitle } from '../db/validation';
import type { Change, ChangeOutbox, KeptChange, KeptMarkAll } from './change-outbox';
import { idTime, REPLAY_HORIZON_MS } from './add-outbox';
import { DatabaseClosedError, SchemaTooNewError, refusedForGood } from '../errors';
import { retryUntilSettled } from '../db/connection/call-policy';

/** A row as a list shows it: `pending` while a change of this tab to it is not saved yet. */
export type ChangedTodo = Todo & { readonly pending?: boolean };

interface Entry extends KeptChange {
  /** Tick of the save; 0 while pending. */
  savedAt: number;
}

type Listener = () => void;

/** How long a saved change is kept for views that have not had a result since. */
const SAVED_GRACE_MS = 5_000;

/**
 * Changes to shown todos (toggle, rename, delete). Each is kept in the browser (`ChangeOutbox`)
 * the moment it is made, until saved or refused for good, so a reload (or a crash) right after
 * loses nothing: the next page on the database sends it again (`replay`), by the same request
 * id, so it applies once, and shows it over its row meanwhile.
 *
 * Made while this page has no database yet (a warm start shows the list from its snapshot,
 * db/window-snapshot.ts, well before PGlite runs), a change is, like adds typed then
 * (PendingTodos), shown at once over its row, marked pending, and sent when the database runs
 * (the calls wait for it, and are sent again after a timeout or a failure of the database: each
 * sets a state, so a repeat changes nothing more); the row shows the change until a live result
 * taken after the save has it. Made once the database runs, a change is sent at once and shown
 * by the row itself.
 */
export class PendingChanges {
  readonly #repository: TodoRepository;
  readonly #live: () => boolean;
  readonly #clock: { now(): number };
  readonly #outbox: ChangeOutbox | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<Listener>();
  /** Rows with a change over them, by the row they were made from: the same object while nothing changes. */
  readonly #shown = new WeakMap<object, { entry: Entry; pending: boolean; row: ChangedTodo }>();
  /** Changes not saved yet that the browser would not keep: closing the tab now would lose them. */
  #unkept = 0;

  /**
   * @param live whether the database runs (then changes go straight to it).
   * @param clock the tab's ticks (PendingTodos.now): a result taken after a save reflects it.
   * @param outbox where changes are kept until saved; without one, only in this tab's memory.
   */
  constructor(repository: TodoRepository, live: () => boolean, clock: { now(): number }, outbox?: ChangeOutbox) {
    this.#repository = repository;
    this.#live = live;
    this.#clock = clock;
    this.#outbox = outbox;
  }

  /** Marks `todo` done or not. Resolves the saved row, or `undefined` when it no longer exists. */
  setCompleted(todo: Todo, completed: boolean): Promise<Todo | undefined> {
    return this.#change(todo, { completed }, (options) => this.#repository.setCompleted(todo.id, completed, options));
  }

  /**
   * Renames `todo`. Resolves the saved row, or `undefined` when it no longer exists.
   * @throws {ValidationError} synchronously, for a title that cannot be saved.
   */
  rename(todo: Todo, title: string): Promise<Todo | undefined> {
    const normalized = normalizeTitle(title);
    return this.#change(todo, { title: normalized }, (options) =>
      this.#repository.rename(todo.id, normalized, options),
    );
  }

  /** Deletes `todo`. Resolves whether it existed. */
  delete(todo: Todo): Promise<boolean> {
    return this.#change(todo, { deleted: true }, (options) => this.#repository.delete(todo.id, options));
  }

  /**
   * Sends again the changes an earlier page (a reload, a tab closed meanwhile) kept and did not see
   * saved, showing each over its row until it is: each applies once, by its request id.
   */
  replay(): void {
    // Row changes and Mark alls in the order they were made (request ids are UUIDv7): a todo
    // unchecked right after a Mark all must end unchecked.
    const kept = [
      ...(this.#outbox?.entries() ?? []).map((change) => ({ requestId: change.requestId, change })),
      ...(this.#outbox?.markAlls() ?? []).map((markAll) => ({ requestId: markAll.requestId, markAll })),
    ].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
    for (const entry of kept) {
      const made = idTime(entry.requestId);
      if (made && Date.now() - made.getTime() > REPLAY_HORIZON_MS) {
        // Past what the leader's request log remembers: whether it was saved can no longer be told,
        // and sent again it could undo a newer change made since (in another tab, or after a
        // delete). Reverting someone's later work is the worse loss of the two.
        console.warn(`todo-widget: a change kept since ${made.toISOString()} is too old to send again; dropped`);
        this.#outbox?.remove(entry.requestId);
      } else if ('markAll' in entry) this.#replayMarkAll(entry.markAll);
      else this.#replayChange(entry.change);
    }
  }

  #replayChange(kept: KeptChange): void {
    const options = { requestId: kept.requestId };
    const { id, change } = kept;
    const save = (): Promise<unknown> =>
      'completed' in change
        ? this.#repository.setCompleted(id, change.completed, options)
        : 'title' in change
          ? this.#repository.rename(id, change.title, options)
          : this.#repository.delete(id, options);
    this.#run(kept.requestId, true, this.#shownEntry(kept), save).catch(() => undefined); // refused: the row shows what the database has
  }

  #replayMarkAll({ requestId, list, completed }: KeptMarkAll): void {
    const save = () => this.#repository.markAll(list, completed, { requestId });
    this.#run(requestId, true, undefined, save).catch(() => undefined); // refused: the rows show what the database has
  }

  /**
   * Marks every todo of `list` done (or not), kept in the browser until the database answers: the
   * rows show a Mark all at once, so a reload right after must keep it, as it keeps a toggle.
   * Sent until saved or refused for good, as a row change is (it sets a state, and applies once by
   * its request id); refused, the rows go back to what the database has.
   */
  markAll(list: string, completed: boolean): Promise<MarkAllResult> {
    const requestId = newTodoId();
    const inBrowser = this.#outbox?.putMarkAll({ requestId, list, completed }) ?? false;
    return this.#run(requestId, inBrowser, undefined, () => this.#repository.markAll(list, completed, { requestId }));
  }

  /** True while a change the browser could not keep is not saved yet: closing the tab now would lose it. */
  get hasUnkept(): boolean {
    return this.#unkept > 0;
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
    for (const { list: changedList, wasCompleted, change, savedAt } of this.#entries.values()) {
      if (changedList !== list || (savedAt !== 0 && savedAt <= seenAt)) continue;
      if ('deleted' in change) {
        total--;
        if (wasCompleted) completed--;
        else active--;
      } else if ('completed' in change && change.completed !== wasCompleted) {
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

  #change<T>(todo: Todo, change: Change, save: (options: ChangeTodoOptions) => Promise<T>): Promise<T> {
    const kept: KeptChange = {
      requestId: newTodoId(),
      id: todo.id,
      list: todo.list,
      wasCompleted: todo.completed,
      change,
    };
    // Kept before anything is sent or shown: synchronously, so a reload right after finds it.
    const inBrowser = this.#outbox?.put(kept) ?? false;
    const entry = this.#live() ? undefined : this.#shownEntry(kept);
    return this.#run(kept.requestId, inBrowser, entry, () => save({ requestId: kept.requestId }));
  }

  /** `kept`, shown over its row, pending, until saved (the row does not show it itself). */
  #shownEntry(kept: KeptChange): Entry {
    const entry: Entry = { ...kept, savedAt: 0 };
    this.#entries.set(kept.id, entry);
    return entry;
  }

  /**
   * Saves the change `requestId` (kept in the browser, `inBrowser`, until saved or refused for
   * good); `entry`: the row change shown over its row until then.
   */
  async #run<T>(requestId: string, inBrowser: boolean, entry: Entry | undefined, save: () => Promise<T>): Promise<T> {
    if (!inBrowser) this.#unkept++;
    if (entry || !inBrowser) this.#notify();
    try {
      const saved = await this.#saveUntilSettled(save);
      this.#outbox?.remove(requestId);
      if (entry && this.#entries.get(entry.id) === entry) {
        entry.savedAt = this.#clock.now();
        setTimeout(() => {
          if (this.#entries.get(entry.id) === entry && this.#entries.delete(entry.id)) this.#notify();
        }, SAVED_GRACE_MS);
      }
      return saved;
    } catch (error) {
      // Kept for another page unless refused for good (or made by no one: a closed client stays kept).
      if (refusedForGood(error)) this.#outbox?.remove(requestId);
      if (entry && this.#entries.get(entry.id) === entry) this.#entries.delete(entry.id);
      throw error;
    } finally {
      if (!inBrowser) this.#unkept--;
      if (entry || !inBrowser) this.#notify();
    }
  }

  /**
   * Sends until saved or refused for good (`refusedForGood`): a timeout, an unknown outcome or a
   * failure of the database (its engine or storage) is no refusal, and each change sets a state,
   * so sending it again is safe. Only what no later attempt from this tab could change ends it
   * too: a closed client, a schema newer than this copy knows.
   */
  #saveUntilSettled<T>(save: () => Promise<T>): Promise<T> {
    return retryUntilSettled(
      save,
      (error) => !(refusedForGood(error) || error instanceof DatabaseClosedError || error instanceof SchemaTooNewError),
    );
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
