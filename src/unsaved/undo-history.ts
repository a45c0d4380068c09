import type { Todo } from '../db/todo';
import type { MarkAllResult } from '../db/repositories/todos';
import type { TodoRestoreRepository } from '../db/repositories/todo-restore';
import type { ImportResult } from '../db/repositories/todo-transfer';
import { refusedForGood } from '../errors';

/** A change this tab made that undo can take back, with what it needs to. */
export type UndoAction =
  | { readonly kind: 'delete'; readonly list: string; readonly todos: readonly Todo[] }
  | { readonly kind: 'clear-completed'; readonly list: string; readonly todos: readonly Todo[] }
  | { readonly kind: 'edit'; readonly list: string; readonly before: Todo; readonly after: Todo }
  | { readonly kind: 'toggle'; readonly list: string; readonly before: Todo; readonly after: Todo }
  | { readonly kind: 'move'; readonly list: string; readonly before: Todo; readonly after: Todo }
  | { readonly kind: 'mark-all'; readonly list: string; readonly done: MarkAllResult }
  | { readonly kind: 'import'; readonly list: string; readonly result: ImportResult };

/** What an undo changed (for the events hosts listen to), and what it left alone. */
export interface UndoResult {
  readonly action: UndoAction;
  /** Todos put back (delete, "Clear completed"). */
  readonly added: readonly Todo[];
  /** Todos whose title was put back. */
  readonly renamed: readonly Todo[];
  /** Todos put back in their place (a move). */
  readonly moved: readonly Todo[];
  /** Todos whose completed state was put back ("Mark all": one of them, see `toggledCount`). */
  readonly toggled: readonly Todo[];
  readonly toggledCount: number;
  /** Todos an import's undo took back: removed again, their old content back, or put back. */
  readonly importedCount?: number;
  /** Todos left as they are: another tab changed them (or deleted them, or put them back) since. */
  readonly kept: number;
}

type Listener = () => void;

/** How many todos an import changed: what its undo would take back. */
const importedCount = ({ changes }: ImportResult) =>
  changes.added.length + changes.updated.length + changes.removed.length;

/**
 * This tab's undo history for one database: the changes its elements made, newest last, each
 * undone at most once, newest first, per list. Kept in memory only: a reload starts afresh.
 * An undo runs one write, and never overwrites what another tab has changed since (see
 * TodoRestoreRepository); undos run one after another.
 */
export class UndoHistory {
  /** How many changes are kept (per database, all lists): the oldest go first. */
  static readonly LIMIT = 100;
  readonly #loadRestore: () => Promise<TodoRestoreRepository>;
  #restore?: Promise<TodoRestoreRepository>;
  #actions: UndoAction[] = [];
  readonly #listeners = new Set<Listener>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Changes on their way, per list (see `track`). */
  readonly #changing = new Map<string, Set<Promise<unknown>>>();

  /** @param loadRestore makes the writes an undo runs, on the first undo. */
  constructor(loadRestore: () => Promise<TodoRestoreRepository>) {
    this.#loadRestore = loadRestore;
  }

  /** Adds a change just made (its write resolved). Changes that changed nothing are not kept. */
  record(action: UndoAction): void {
    if ((action.kind === 'delete' || action.kind === 'clear-completed') && action.todos.length === 0) return;
    if (action.kind === 'mark-all' && action.done.changed === 0) return;
    if (action.kind === 'import' && importedCount(action.result) === 0) return;
    this.#actions.push(action);
    if (this.#actions.length > UndoHistory.LIMIT) this.#actions.shift();
    this.#notify();
  }

  /**
   * Runs `change`, a change to `list` that records itself once written, and keeps it in view until
   * it settles: an undo of the newest change waits for the changes on their way first, so Ctrl+Z
   * pressed while a change is still being written takes back that change, not the one before.
   * Resolves (or rejects) as `change` does.
   */
  /**
   * Runs `write`, a change to `list`, as `track` does, and records the action `undoable` makes of
   * what it wrote (none: nothing to undo, e.g. another tab had deleted the todo first).
   */
  trackChange<T>(list: string, write: () => Promise<T>, undoable: (written: T) => UndoAction | undefined): Promise<T> {
    return this.track(list, async () => {
      const written = await write();
      const action = undoable(written);
      if (action) this.record(action);
      return written;
    });
  }

  track<T>(list: string, change: () => Promise<T>): Promise<T> {
    const running = change();
    const changing = this.#changing.get(list) ?? new Set();
    this.#changing.set(list, changing);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    changing.add(settled);
    void settled.then(() => {
      changing.delete(settled);
      if (changing.size === 0 && this.#changing.get(list) === changing) this.#changing.delete(list);
    });
    return running;
  }

  /** The newest change to `list` not yet undone. */
  last(list: string): UndoAction | undefined {
    return this.#actions.findLast((action) => action.list === list);
  }

  /** How many changes to `list` can be undone. */
  size(list: string): number {
    return this.#actions.filter((action) => action.list === list).length;
  }

  /**
   * Undoes the newest change to `list` (or `action`, when given and not yet undone). Resolves
   * what it changed, or `undefined` when there is nothing to undo. A failed undo stays in the
   * history, to try again, unless it was refused for good (`refusedForGood`). Without `action`,
   * the newest change is the newest once the changes to `list` on their way (`track`) are written.
   */
  undo(list: string, given?: UndoAction): Promise<UndoResult | undefined> {
    const run = this.#queue.then(async () => {
      if (!given) await this.#written(list);
      const action = given ?? this.last(list);
      const index = action ? this.#actions.lastIndexOf(action) : -1;
      if (!action || index < 0) return undefined;
      this.#actions.splice(index, 1);
      this.#notify();
      try {
        return await this.#apply(action);
      } catch (error) {
        // Refused for good (the data itself), it would fail the same way every time, and hide
        // the older changes behind it; anything else (the database failed, a timeout) may pass.
        if (!refusedForGood(error)) {
          this.#actions.splice(Math.min(index, this.#actions.length), 0, action);
          this.#notify();
        }
        throw error;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Calls `listener` whenever a change is recorded or undone. @returns a function that removes it. */
  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once every change to `list` on its way now, and any tracked meanwhile, has settled. */
  async #written(list: string): Promise<void> {
    for (let changing = this.#changing.get(list); changing; changing = this.#changing.get(list))
      await Promise.all(changing);
  }

  async #apply(action: UndoAction): Promise<UndoResult> {
    const restore = await (this.#restore ??= this.#loadRestore().catch((error: unknown) => {
      this.#restore = undefined; // a failed load (network) is tried again at the next undo
      throw error;
    }));
    const none = { action, added: [], renamed: [], moved: [], toggled: [], toggledCount: 0 };
    switch (action.kind) {
      case 'delete':
      case 'clear-completed': {
        const added = await restore.restore(action.todos);
        return { ...none, added, kept: action.todos.length - added.length };
      }
      case 'edit': {
        const renamed = await restore.revertTitle(action.before, action.after);
        return { ...none, renamed: renamed ? [renamed] : [], kept: renamed ? 0 : 1 };
      }
      case 'toggle': {
        const toggled = await restore.revertCompleted(action.before, action.after);
        return { ...none, toggled: toggled ? [toggled] : [], toggledCount: toggled ? 1 : 0, kept: toggled ? 0 : 1 };
      }
      case 'move': {
        const moved = await restore.revertMove(action.before, action.after);
        return { ...none, moved: moved ? [moved] : [], kept: moved ? 0 : 1 };
      }
      case 'mark-all': {
        const { changed, first } = await restore.revertMarkAll(action.done);
        return { ...none, toggled: first ? [first] : [], toggledCount: changed, kept: action.done.changed - changed };
      }
      case 'import': {
        const undone = await restore.revertImport(action.list, action.result.changes);
        return { ...none, importedCount: undone, kept: importedCount(action.result) - undone };
      }
    }
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
