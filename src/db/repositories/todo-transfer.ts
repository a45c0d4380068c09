import type { DatabaseClient } from '../client';
import type { Transaction } from '../connection/transaction-scope';
import { bind } from '../statement';
import { validateList } from '../validation';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  validateDocument,
  type ExportedTodo,
  type TodoExportDocument,
} from '../transfer/document';
import { exportFileName, parseExportFile, serializeExport, type ExportFileFormat } from '../transfer/file';
import { todoLazyStatements as lazyStatements } from './todo-statements-lazy.generated';

/** How `importTodos` treats the list's todos the document does not hold. */
export interface ImportOptions {
  /** `merge` (default): keep them; `replace`: delete them, so the list is exactly the document. */
  readonly mode?: 'merge' | 'replace';
  /** Called before the first chunk (`0`) and after each chunk is written (inside the transaction): `done` of `total` todos. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A todo as an import found it before changing it: what undo puts back. Times in ISO 8601. */
export interface ImportedOver {
  readonly id: string;
  readonly title: string;
  readonly completed: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly dueAt: string | null;
  /** Set for a removed todo (replace mode): its place in the list. */
  readonly position?: string | null;
  /** The `updatedAt` the import wrote (for an updated todo): undo reverts it only while it is still that. */
  readonly importedAt?: string;
}

/** What an import changed, as undo needs it (`UndoHistory`, kind `import`). */
export interface ImportChanges {
  /** Todos added, with the `updatedAt` each was written with. */
  readonly added: readonly { readonly id: string; readonly updatedAt: string }[];
  /** Todos updated, as they were before. */
  readonly updated: readonly ImportedOver[];
  /** Todos removed (replace mode), as they were. */
  readonly removed: readonly ImportedOver[];
}

/**
 * What an import did. Merge keeps the newer version of each todo (`updatedAt`): `updated` counts
 * todos the file had newer, `kept` those the list had newer (left as they are), `unchanged` equal
 * ones. `removed` counts only in `replace` mode. `changes` is what undo takes back.
 */
export interface ImportResult {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly kept: number;
  readonly removed: number;
  readonly changes: ImportChanges;
}

/** Todos per statement: one statement per chunk gives progress to show, and bounds one message's size. */
const CHUNK = 2000;

/** The list's todos as a versioned document (see `TodoExportDocument`), in list order. */
export async function exportTodos(db: DatabaseClient, list: string): Promise<TodoExportDocument> {
  const rows = await db.query<Omit<ExportedTodo, 'order'>>(
    bind(lazyStatements.exportList, { list: validateList(list) }),
    [],
    { idempotent: true },
  );
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    list,
    exportedAt: new Date().toISOString(),
    // Array order is list order; `order` says it explicitly for tools that sort.
    todos: rows.map((row, order) => ({ ...row, order })),
  };
}

interface ChunkResult {
  added: number;
  updated: number;
  kept: number;
  addedIds: string[];
  previous: Omit<ImportedOver, 'position' | 'importedAt'>[];
}

async function writeChunks(
  tx: Transaction,
  list: string,
  todos: readonly ExportedTodo[],
  onProgress: ImportOptions['onProgress'],
) {
  const updatedAt = new Map(todos.map((todo) => [todo.id, todo.updatedAt]));
  let added = 0;
  let updated = 0;
  let kept = 0;
  const changes = { added: [] as ImportChanges['added'][number][], updated: [] as ImportedOver[] };
  onProgress?.(0, todos.length);
  for (let start = 0; start < todos.length; start += CHUNK) {
    const chunk = todos.slice(start, start + CHUNK);
    const { sql, params } = bind(lazyStatements.importChunk, {
      list,
      ids: chunk.map((todo) => todo.id),
      titles: chunk.map((todo) => todo.title),
      completed: chunk.map((todo) => todo.completed),
      createdAt: chunk.map((todo) => todo.createdAt),
      updatedAt: chunk.map((todo) => todo.updatedAt),
      dueAt: chunk.map((todo) => todo.dueAt),
    });
    const [row] = (await tx.query<ChunkResult>(sql, params)).rows;
    added += row?.added ?? 0;
    updated += row?.updated ?? 0;
    kept += row?.kept ?? 0;
    for (const id of row?.addedIds ?? []) changes.added.push({ id, updatedAt: updatedAt.get(id)! });
    for (const before of row?.previous ?? [])
      changes.updated.push({ ...before, importedAt: updatedAt.get(before.id)! });
    onProgress?.(Math.min(start + CHUNK, todos.length), todos.length);
  }
  return { added, updated, kept, changes };
}

/**
 * The document's todos with the ids they get in `list`: a todo whose id belongs to another list
 * (an export of list A imported into B) becomes a copy with an id of its own, derived from the
 * list and the id, so importing the same file again finds its copies.
 */
async function ownIds(tx: Transaction, list: string, todos: readonly ExportedTodo[]): Promise<ExportedTodo[]> {
  const foreign = bind(lazyStatements.importForeignIds, { ids: todos.map((todo) => todo.id), list });
  const copies = new Map(
    (await tx.query<{ id: string; copyId: string }>(foreign.sql, foreign.params)).rows.map((row) => [
      row.id,
      row.copyId,
    ]),
  );
  return todos.map((todo) => {
    const copyId = copies.get(todo.id);
    return copyId ? { ...todo, id: copyId } : todo;
  });
}

/**
 * Writes a document's todos to `list` in one transaction: all of it, or (on any error) none.
 * Ids are kept, so importing the same document again changes nothing, and a round trip
 * (export, import into an empty list) gives the same list. Merge keeps whichever version of a
 * todo is newer (`updatedAt`), so an old backup never reverts later edits. Todos of another
 * list are imported as copies (see `ownIds`). The document is checked first (`validateDocument`).
 * While it runs, this tab's other calls wait for it (they do not fail).
 * @throws {ImportError} the document or one of its rows is refused; nothing was changed.
 */
export async function importTodos(
  db: DatabaseClient,
  list: string,
  document: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const target = validateList(list);
  const { todos: given } = validateDocument(document);
  return db.transaction(
    async (tx) => {
      const todos = await ownIds(tx, target, given);
      let removed: ImportedOver[] = [];
      if (options.mode === 'replace') {
        const remove = bind(lazyStatements.importRemoveOthers, { ids: todos.map((todo) => todo.id), list: target });
        removed = (await tx.query<{ todos: ImportedOver[] }>(remove.sql, remove.params)).rows[0]?.todos ?? [];
      }
      const { added, updated, kept, changes } = await writeChunks(tx, target, todos, options.onProgress);
      return {
        added,
        updated,
        kept,
        unchanged: todos.length - added - updated - kept,
        removed: removed.length,
        changes: { ...changes, removed },
      };
    },
    // The callback uses only its tx: the tab's other calls (an add typed meanwhile) wait for it.
    { tabCallsWait: true },
  );
}

/** An export as a file to save. */
export interface ExportFile {
  readonly text: string;
  readonly fileName: string;
  readonly type: string;
  readonly count: number;
}

/** `list` exported as file text: `todos-<list>.json`, or `.csv` as the second choice. */
export async function exportFile(db: DatabaseClient, list: string, format: ExportFileFormat): Promise<ExportFile> {
  const document = await exportTodos(db, list);
  return {
    text: serializeExport(document, format),
    fileName: exportFileName(list, format),
    type: format === 'json' ? 'application/json' : 'text/csv',
    count: document.todos.length,
  };
}

/**
 * Imports a file's text (JSON or CSV, see `parseExportFile`) into `list`.
 * @throws {ImportError} the file or a row is refused; nothing was changed.
 */
export function importFile(
  db: DatabaseClient,
  list: string,
  text: string,
  fileName: string,
  options?: ImportOptions,
): Promise<ImportResult> {
  return importTodos(db, list, parseExportFile(text, fileName, list), options);
}
