import { ImportError } from '../../errors';
import { parseCsv, toCsv } from './csv';
import {
  CSV_COLUMNS,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  IMPORT_MAX_BYTES,
  validateDocument,
  validateTodo,
  type TodoExportDocument,
} from './document';

/** Which file an export is written as. */
export type ExportFileFormat = 'json' | 'csv';

/**
 * A title a spreadsheet would run as a formula (it starts with = + - @, a tab or a CR, after
 * any apostrophes) is written to CSV with one more apostrophe in front, and read back without
 * it, as OWASP advises against CSV injection. Counting the apostrophes already there keeps
 * the round trip exact: "'=1" is written "''=1" and read back "'=1".
 */
const FORMULA = /^'*[=+\-@\t\r]/;
const guard = (title: string) => (FORMULA.test(title) ? `'${title}` : title);
const unguard = (title: string) => (title.startsWith("'") && FORMULA.test(title.slice(1)) ? title.slice(1) : title);

/**
 * The document as file text: pretty JSON, or CSV with the columns of `CSV_COLUMNS` (rows in order).
 * The CSV starts with a UTF-8 byte order mark: without it Excel on Windows reads the file in the
 * system's legacy code page and garbles every title outside it (Japanese, Arabic, accents).
 */
export function serializeExport(document: TodoExportDocument, format: ExportFileFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return `\uFEFF${toCsv([
    [...CSV_COLUMNS],
    ...document.todos.map((todo) => [
      todo.id,
      guard(todo.title),
      String(todo.completed),
      todo.createdAt,
      todo.updatedAt,
      todo.dueAt ?? '',
    ]),
  ])}`;
}

/** The file name an export of `list` gets: `todos-<list>.json` (characters a file name cannot hold become "_"). */
export function exportFileName(list: string, format: ExportFileFormat): string {
  // Control characters are exactly what must go: no file system takes them in a name.
  // eslint-disable-next-line no-control-regex
  const safe = list.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').slice(0, 100);
  return `todos-${safe}.${format}`;
}

function fromCsv(text: string, list: string): TodoExportDocument {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new ImportError(`This CSV cannot be read: ${(error as Error).message}`);
  }
  const header = records[0]?.fields.map((name) => name.trim()) ?? [];
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new ImportError(
      `The CSV has no ${missing.map((name) => `"${name}"`).join(', ')} column${missing.length > 1 ? 's' : ''}; it needs ${CSV_COLUMNS.join(', ')}.`,
    );
  }
  const at = Object.fromEntries(CSV_COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<
    (typeof CSV_COLUMNS)[number],
    number
  >;
  const rows = records.slice(1).filter((record) => !(record.fields.length === 1 && record.fields[0] === ''));
  const todos = rows.map((record, index) => {
    const row = index + 1;
    if (record.fields.length !== header.length) {
      throw new ImportError(
        `Row ${row} (line ${record.line}) has ${record.fields.length} fields; the header has ${header.length}.`,
        row,
      );
    }
    const field = (column: (typeof CSV_COLUMNS)[number]) => record.fields[at[column]]!;
    const completed = field('completed').trim().toLowerCase();
    if (completed !== 'true' && completed !== 'false') {
      throw new ImportError(`Row ${row} (line ${record.line}): "completed" must be true or false.`, row);
    }
    return validateTodo(
      {
        id: field('id').trim(),
        title: unguard(field('title')),
        completed: completed === 'true',
        createdAt: field('createdAt').trim(),
        updatedAt: field('updatedAt').trim(),
        dueAt: field('dueAt').trim() || null,
      },
      row,
      index,
    );
  });
  return validateDocument({ format: EXPORT_FORMAT, version: EXPORT_VERSION, list, exportedAt: '', todos });
}

/**
 * Reads an export file: JSON (a document) or CSV (its rows), told apart by the name's
 * extension, else by the first character. Everything is checked before anything is written.
 * @param list where the CSV's todos go (a CSV names no list).
 * @throws {ImportError} naming the problem, and the row where there is one.
 */
export function parseExportFile(text: string, name: string, list: string): TodoExportDocument {
  if (text.length > IMPORT_MAX_BYTES)
    throw new ImportError('This file is larger than 50 MB, the most an import reads.');
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const json = extension === 'json' || (extension !== 'csv' && (start.startsWith('{') || start.startsWith('[')));
  if (json) {
    let value: unknown;
    try {
      value = JSON.parse(start);
    } catch (error) {
      throw new ImportError(`This file is not valid JSON: ${(error as Error).message}`);
    }
    return validateDocument(value);
  }
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (extension !== 'csv' && !(firstLine.includes(',') && /\bid\b/.test(firstLine) && /\btitle\b/.test(firstLine))) {
    throw new ImportError('This file is neither a todo export in JSON nor a CSV with a header row.');
  }
  return fromCsv(text, list);
}
