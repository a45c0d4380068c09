import type { DatabaseClient } from '../client';
import type { Transaction } from '../connection/transaction-scope';
import { ImportError } from '../../errors';
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
  /** Called after each chunk is written (inside the transaction): `done` of `total` todos. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What an import changed. `removed` counts only in `replace` mode. */
export interface ImportResult {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
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

async function writeChunks(
  tx: Transaction,
  list: string,
  todos: readonly ExportedTodo[],
  onProgress: ImportOptions['onProgress'],
) {
  let added = 0;
  let updated = 0;
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
    const [row] = (await tx.query<{ added: number; updated: number }>(sql, params)).rows;
    added += row?.added ?? 0;
    updated += row?.updated ?? 0;
    onProgress?.(Math.min(start + CHUNK, todos.length), todos.length);
  }
  return { added, updated };
}

/**
 * Writes a document's todos to `list` in one transaction: all of it, or (on any error) none.
 * Ids are kept, so importing the same document again changes nothing, and a round trip
 * (export, import into an empty list) gives the same list. The document is checked first
 * (`validateDocument`); an id that belongs to another list is refused, not moved.
 * @throws {ImportError} the document or one of its rows is refused; nothing was changed.
 */
export async function importTodos(
  db: DatabaseClient,
  list: string,
  document: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const target = validateList(list);
  const { todos } = validateDocument(document);
  const ids = todos.map((todo) => todo.id);
  return db.transaction(async (tx) => {
    const foreign = bind(lazyStatements.importForeignId, { ids, list: target });
    const [taken] = (await tx.query<{ id: string; list: string }>(foreign.sql, foreign.params)).rows;
    if (taken) {
      const row = ids.indexOf(taken.id) + 1;
      throw new ImportError(
        `Row ${row}: the todo ${taken.id} belongs to another list ("${taken.list}"); import does not move todos between lists.`,
        row,
      );
    }
    let removed = 0;
    if (options.mode === 'replace') {
      const remove = bind(lazyStatements.importRemoveOthers, { ids, list: target });
      removed = (await tx.query<{ removed: number }>(remove.sql, remove.params)).rows[0]?.removed ?? 0;
    }
    const { added, updated } = await writeChunks(tx, target, todos, options.onProgress);
    if (todos.length === 0) options.onProgress?.(0, 0);
    return { added, updated, unchanged: todos.length - added - updated, removed };
  });
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
