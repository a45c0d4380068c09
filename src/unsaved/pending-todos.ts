import type { Todo } from '../db/todo';
import { newTodoId, type TodoRepository } from '../db/repositories/todos';
import { normalizeTitle, validateList } from '../db/validation';
import { idTime, REPLAY_HORIZON_MS, type AddOutbox } from './add-outbox';
import {
  DatabaseTimeoutError,
  OutboxEntryExpiredError,
  OutcomeUnknownError,
  TodoError,
  TransactionUsageError,
  asTodoError,
  refusedForGood,
} from '../errors';
import { retryUntilSettled } from '../db/connection/call-policy';

/** A todo added in this tab that a live view may not show yet. */
export interface LocalTodo extends Todo {
  /** True until the write is durable. */
  readonly pending: boolean;
  /** Why the last attempt to save it failed; it stays shown (and kept) until saved or discarded. */
  readonly failed?: TodoError;
}

interface Entry {
  todo: LocalTodo;
  /** Tick of the save; 0 while pending. */
  savedAt: number;
  /** Whether the browser keeps it (the outbox) until saved; if not, closing the tab loses it. */
  kept: boolean;
  /** The save running now, if any. */
  saving?: Promise<Todo>;
}

type Listener = () => void;

/** How long a saved add is kept for live views that have not had a result since. */
const SAVED_GRACE_MS = 5_000;

/**
 * Adds shown at once, before the database acknowledges them (or before it has even
 * started). Each gets its final UUIDv7 up front, so the committed row that the live list
 * delivers later replaces it one-for-one, and a retry after a leader change can't duplicate it.
 *
 * Nothing typed is lost: each add is written to the outbox (localStorage) before it is shown,
 * and leaves it only once saved or refused for good (`refusedForGood`: the title or list itself).
 * One that failed for any other reason (the database could not start, or failed while saving: an
 * engine abort, a storage error; a newer version upgraded it) stays shown with why, is tried again
 * when the database is ready (`retryFailed`) or when the user asks (`retry`), and stays in the
 * outbox for whichever tab opens the database next (`replay`).
 */
export class PendingTodos {
  readonly #repository: TodoRepository;
  readonly #outbox: AddOutbox | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<Listener>();
  #clock = 0;

  constructor(repository: TodoRepository, outbox?: AddOutbox) {
    this.#repository = repository;
    this.#outbox = outbox;
  }

  /**
   * A tick of this tab's clock. A live view takes one with each result it receives: results
   * reach this tab in the order the leader ran them, so a result received after an add was
   * saved already reflects that add (or a later delete).
   */
  now(): number {
    return ++this.#clock;
  }

  /**
   * This tab's adds to `list` that a live view whose last result came at tick `seenAt` does
   * not include yet: pending ones, and saved ones it has had no result since. Oldest first.
   */
  of(list: string, seenAt: number): LocalTodo[] {
    const todos: LocalTodo[] = [];
    for (const { todo, savedAt } of this.#entries.values()) {
      if (todo.list === list && (todo.pending || savedAt > seenAt)) todos.push(todo);
    }
    return todos.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** True while an add that the browser could not keep is not saved yet: closing the tab now would lose it. */
  get hasUnkept(): boolean {
    for (const { todo, kept } of this.#entries.values()) if (todo.pending && !kept) return true;
    return false;
  }

  /** Notifies `listener` whenever an add appears, is saved, fails, or expires. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Validates now (throwing before anything shows), keeps the add in the outbox, shows it as
   * pending, and resolves with the committed row. Rejects when it is refused (the row goes) or
   * could not be saved now (the row stays, marked `failed`, and is retried later).
   * @throws {ValidationError} synchronously, for title or list problems.
   */
  add(title: string, list: string): Promise<Todo> {
    const id = newTodoId();
    const entry = { id, list: validateList(list), title: normalizeTitle(title) };
    const kept = this.#outbox?.put(entry) ?? false;
    return this.#start(entry, kept);
  }

  /**
   * Sends again the adds another tab (or an earlier visit) kept and did not see saved: each
   * applies once by its id, so replaying one that was saved (or saved and deleted) changes nothing.
   */
  replay(): void {
    for (const entry of this.#outbox?.entries() ?? []) {
      if (this.#entries.has(entry.id)) continue;
      try {
        validateList(entry.list);
        normalizeTitle(entry.title);
      } catch {
        this.#outbox?.remove(entry.id);
        continue;
      }
      const made = idTime(entry.id);
      if (made && Date.now() - made.getTime() > REPLAY_HORIZON_MS) {
        // Past what the leader remembers: shown and kept, saved only when the user says so.
        this.#show(entry, true, new OutboxEntryExpiredError(made));
        continue;
      }
      this.#start(entry, true).catch(() => undefined); // a failure stays shown, as `failed`
    }
  }

  /** The save of the add `id` while it runs; undefined once saved, failed, or when there is no such add. */
  saving(id: string): Promise<Todo> | undefined {
    return this.#entries.get(id)?.saving;
  }

  /** Tries the failed add `id` again. @returns the save, or undefined when there is no such failed add. */
  retry(id: string): Promise<Todo> | undefined {
    const entry = this.#entries.get(id);
    if (!entry?.todo.failed) return undefined;
    return this.#save(entry);
  }

  /** Tries every failed add again (the database is ready again). */
  retryFailed(): void {
    for (const entry of this.#entries.values()) {
      // Not an add past the replay horizon: only the user may save that one again.
      if (entry.todo.failed && !(entry.todo.failed instanceof OutboxEntryExpiredError))
        this.#save(entry).catch(() => undefined);
    }
  }

  /** Gives up the unsaved add `id` (the user deleted its row): shown no more, kept no more. */
  discard(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry || !entry.todo.pending || entry.saving) return;
    this.#entries.delete(id);
    this.#outbox?.remove(id);
    this.#notify();
  }

  #start(add: { id: string; list: string; title: string }, kept: boolean): Promise<Todo> {
    return this.#save(this.#show(add, kept));
  }

  /** Shows the add (failed already, if `failed` says why), without saving it. */
  #show({ id, list, title }: { id: string; list: string; title: string }, kept: boolean, failed?: TodoError): Entry {
    const now = new Date();
    const todo: LocalTodo = {
      id,
      list,
      title,
      completed: false,
      createdAt: now,
      updatedAt: now,
      dueAt: null,
      // Unknown until saved; shown last meanwhile, where the database puts it too.
      position: null,
      pending: true,
      ...(failed ? { failed } : {}),
    };
    const entry: Entry = { todo, savedAt: 0, kept };
    this.#entries.set(id, entry);
    this.#notify();
    return entry;
  }

  #save(entry: Entry): Promise<Todo> {
    if (entry.saving) return entry.saving;
    if (entry.todo.failed) {
      entry.todo = { ...entry.todo, failed: undefined };
      this.#notify();
    }
    const { id } = entry.todo;
    entry.saving = this.#saveUntilSettled(entry.todo).then(
      (saved) => {
        entry.saving = undefined;
        this.#outbox?.remove(id);
        if (this.#entries.get(id) === entry) {
          entry.todo = { ...saved, pending: false };
          entry.savedAt = this.now();
          setTimeout(() => {
            if (this.#entries.get(id) === entry && this.#entries.delete(id)) this.#notify();
          }, SAVED_GRACE_MS);
          this.#notify();
        }
        return saved;
      },
      (error: unknown) => {
        entry.saving = undefined;
        if (refusedForGood(error)) {
          this.#outbox?.remove(id);
          this.#entries.delete(id);
        } else {
          entry.todo = { ...entry.todo, failed: asTodoError(error) };
        }
        this.#notify();
        throw error;
      },
    );
    return entry.saving;
  }

  /**
   * Saves by the todo's id until it is saved or definitely refused. A timeout or an unknown
   * outcome (the leader went away mid-call) is not a refusal: the add may still commit, so it
   * stays pending and is sent again — the id makes a repeat apply once.
   */
  #saveUntilSettled(todo: LocalTodo): Promise<Todo> {
    return retryUntilSettled(
      () => this.#repository.add(todo.title, todo.list, { id: todo.id }),
      // Not applied, or maybe applied: sent again. TransactionUsageError: a transaction() of
      // this tab's page was running (the add was not sent); it is tried again once that ends.
      (error) =>
        error instanceof OutcomeUnknownError ||
        error instanceof DatabaseTimeoutError ||
        error instanceof TransactionUsageError,
    );
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
