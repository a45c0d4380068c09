import type { DatabaseClient } from '../client';
import type { Todo } from '../todo';
import { bind, type BoundQuery } from '../statement';
import { normalizeTitle, validateList } from '../validation';
import { newTodoId, type MarkAllResult } from './todos';
import { todoStatements as statements } from './todo-statements.generated';
import { todoLazyStatements as lazyStatements } from './todo-statements-lazy.generated';
import type { ImportChanges } from './todo-transfer';

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * The writes that take a change back (what undo runs): each puts back what a delete, "Clear
 * completed", "Mark all" or an edit changed, in one statement (all or nothing), and leaves
 * alone any todo another tab has changed since: an undo never overwrites a later change.
 * Each carries a request id, so a retry after a leader hand-over applies it once and resolves
 * what the first application did (a repeat of a conditional write could not: the first
 * application changed the condition).
 */
export class TodoRestoreRepository {
  readonly #db: DatabaseClient;

  constructor(db: DatabaseClient) {
    this.#db = db;
  }

  async #writeOnce<T = Todo>(query: BoundQuery): Promise<T[]> {
    return this.#db.query<T>(query, [], { requestId: newTodoId() });
  }

  /**
   * Puts deleted todos back exactly as they were: ids, lists, titles, completed, created and
   * updated times (to the millisecond a Date holds), due dates and order (their positions). A
   * todo whose id exists again is left as it is. Resolves the todos put back.
   */
  async restore(rows: readonly Todo[]): Promise<Todo[]> {
    if (rows.length === 0) return [];
    const values = {
      ids: rows.map((todo) => todo.id),
      lists: rows.map((todo) => validateList(todo.list)),
      titles: rows.map((todo) => normalizeTitle(todo.title)),
      completed: rows.map((todo) => todo.completed),
      createdAt: rows.map((todo) => iso(todo.createdAt)),
      updatedAt: rows.map((todo) => iso(todo.updatedAt)),
      dueAt: rows.map((todo) => iso(todo.dueAt)),
      positions: rows.map((todo) => todo.position ?? null),
    };
    return this.#writeOnce(bind(lazyStatements.restore, values));
  }

  /**
   * Puts a todo's title back as it was (`before`), only while the todo is as the change being
   * undone left it (`after`: same `updatedAt`). Its `updatedAt` goes back too. Resolves the
   * todo, or `undefined` when another change came since (or it is gone): then it is left alone.
   */
  async revertTitle(before: Todo, after: Todo): Promise<Todo | undefined> {
    const values = {
      id: after.id,
      title: normalizeTitle(before.title),
      expected: iso(after.updatedAt),
      restoredAt: iso(before.updatedAt),
    };
    const query = bind(lazyStatements.revertTitle, values);
    const [todo] = await this.#writeOnce(query);
    return todo;
  }

  /** Like {@link revertTitle}, for the completed state. */
  async revertCompleted(before: Todo, after: Todo): Promise<Todo | undefined> {
    const values = {
      id: after.id,
      completed: before.completed,
      expected: iso(after.updatedAt),
      restoredAt: iso(before.updatedAt),
    };
    const query = bind(lazyStatements.revertCompleted, values);
    const [todo] = await this.#writeOnce(query);
    return todo;
  }

  /** Puts a moved todo back where it was (`before`), only while it is where the move put it (`after`). */
  async revertMove(before: Todo, after: Todo): Promise<Todo | undefined> {
    if (before.position == null || after.position == null) return undefined;
    const query = bind(lazyStatements.revertPosition, {
      id: after.id,
      position: before.position,
      expected: after.position,
    });
    const [todo] = await this.#writeOnce(query);
    return todo;
  }

  /**
   * Undoes an import, in one statement: the todos it added go, the todos it updated get their
   * content back, the todos it removed (replace mode) come back. Each only while it is as the
   * import left it, so a change made since, in any tab, stays. Resolves how many it took back.
   */
  async revertImport(list: string, changes: ImportChanges): Promise<number> {
    const { added, updated, removed } = changes;
    const query = bind(lazyStatements.revertImport, {
      list: validateList(list),
      addedIds: added.map((todo) => todo.id),
      addedAt: added.map((todo) => todo.updatedAt),
      revertIds: updated.map((todo) => todo.id),
      titles: updated.map((todo) => todo.title),
      completed: updated.map((todo) => todo.completed),
      createdAt: updated.map((todo) => todo.createdAt),
      updatedAt: updated.map((todo) => todo.updatedAt),
      dueAt: updated.map((todo) => todo.dueAt),
      expected: updated.map((todo) => todo.importedAt ?? null),
      restoreIds: removed.map((todo) => todo.id),
      restoreTitles: removed.map((todo) => todo.title),
      restoreCompleted: removed.map((todo) => todo.completed),
      restoreCreatedAt: removed.map((todo) => todo.createdAt),
      restoreUpdatedAt: removed.map((todo) => todo.updatedAt),
      restoreDueAt: removed.map((todo) => todo.dueAt),
      restorePositions: removed.map((todo) => todo.position ?? null),
    });
    const [row] = await this.#writeOnce<{ removed: number; reverted: number; restored: number }>(query);
    return (row?.removed ?? 0) + (row?.reverted ?? 0) + (row?.restored ?? 0);
  }

  /**
   * Undoes a `markAll`: the todos it changed get their completed state back, except those
   * changed since (their `updated_at` moved on): those are left as they are. Their updated_at
   * becomes now (what it was before is not kept: 10,000 of them would cross to the tab and into
   * the request log on every "Mark all"). Resolves how many were put back, and one of them (for
   * a `todo-toggle` event).
   */
  async revertMarkAll(done: MarkAllResult): Promise<{ changed: number; first?: Todo }> {
    if (done.stamp === null) return { changed: 0 };
    const query = bind(lazyStatements.revertToggleAll, {
      list: validateList(done.list),
      completed: done.completed,
      stamp: done.stamp,
    });
    const [row] = await this.#writeOnce<{ changed: number; firstId: string | null }>(query);
    const [first] = row?.firstId
      ? await this.#db.query<Todo>(bind(statements.get, { id: row.firstId }), [], { idempotent: true })
      : [];
    return { changed: Number(row?.changed ?? 0), ...(first ? { first } : {}) };
  }
}
