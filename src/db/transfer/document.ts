import { ImportError, TitleCharactersError, TitleEmptyError, TitleTooLongError } from '../../errors';
import { IMPORT_MAX_BYTES, TITLE_MAX_LENGTH } from '../limits';

export { IMPORT_MAX_BYTES };
import { normalizeTitle } from '../validation';

/** What `exportTodos` writes and `importTodos` reads, named so another JSON file is told apart. */
export const EXPORT_FORMAT = 'todo-widget';
/** The document version this widget writes and reads. A change that older widgets would misread bumps it. */
export const EXPORT_VERSION = 1;

/** One todo of an export. Times are ISO 8601 in UTC with the database's microseconds, so a round trip keeps them exactly. */
export interface ExportedTodo {
  readonly id: string;
  readonly title: string;
  readonly completed: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly dueAt: string | null;
  /** The todo's place in the list, from 0. The array is in this order too. */
  readonly order: number;
}

/** A list as `exportTodos` returns it and `importTodos` takes it (version 1). */
export interface TodoExportDocument {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  /** The list it was exported from (import writes to the list it is given). */
  readonly list: string;
  readonly exportedAt: string;
  readonly todos: readonly ExportedTodo[];
}

/** The columns of a CSV export, in order; an import needs all of them (in any order). */
export const CSV_COLUMNS = ['id', 'title', 'completed', 'createdAt', 'updatedAt', 'dueAt'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 as an export writes it (and as people type it): each part captured, so each is checked for range. */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * Whether `value` names a real moment, part by part. `Date.parse` is no check: V8 rolls
 * 31 February over to 3 March, and Postgres then refuses the statement without naming the row.
 * Years 1–9999 (Postgres has no year 0), hours 0–23, minutes and seconds 0–59, offsets within
 * ±15:59 (what Postgres takes).
 */
function isCalendarTimestamp(value: string): boolean {
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  return (
    year! >= 1 &&
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysIn(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59
  );
}

function timestamp(value: unknown, row: number, name: string, nullable: boolean): string | null {
  if (nullable && (value === null || value === undefined || value === '')) return null;
  if (typeof value !== 'string' || !isCalendarTimestamp(value)) {
    const given = typeof value === 'string' ? ` (not "${value.slice(0, 40)}")` : '';
    throw new ImportError(
      `Row ${row}: "${name}" must be a date and time in ISO 8601 with a time zone, e.g. 2030-01-31T09:00:00Z${nullable ? ', or empty' : ''}${given}.`,
      row,
    );
  }
  return value;
}

function title(value: unknown, row: number): string {
  if (typeof value !== 'string') throw new ImportError(`Row ${row}: "title" must be text.`, row);
  try {
    return normalizeTitle(value);
  } catch (error) {
    if (error instanceof TitleTooLongError) {
      throw new ImportError(
        `Row ${row}: the title has ${error.length.toLocaleString('en')} characters; at most ${TITLE_MAX_LENGTH.toLocaleString('en')} are allowed.`,
        row,
      );
    }
    if (error instanceof TitleEmptyError) throw new ImportError(`Row ${row}: the title is empty.`, row);
    if (error instanceof TitleCharactersError) {
      throw new ImportError(`Row ${row}: the title contains a NUL or a broken (unpaired surrogate) character.`, row);
    }
    throw error;
  }
}

/** One todo of a document, checked: the value as it will be written. `row` is 1-based. */
export function validateTodo(value: unknown, row: number, order: number): ExportedTodo {
  if (!isRecord(value)) throw new ImportError(`Row ${row}: a todo must be an object.`, row);
  const { id, completed } = value;
  if (typeof id !== 'string' || !UUID.test(id)) throw new ImportError(`Row ${row}: "id" must be a UUID.`, row);
  if (typeof completed !== 'boolean') throw new ImportError(`Row ${row}: "completed" must be true or false.`, row);
  const given = value['order'];
  if (given !== undefined && (typeof given !== 'number' || !Number.isInteger(given) || given < 0)) {
    throw new ImportError(`Row ${row}: "order" must be a whole number from 0.`, row);
  }
  return {
    id: id.toLowerCase(),
    title: title(value['title'], row),
    completed,
    createdAt: timestamp(value['createdAt'], row, 'createdAt', false)!,
    updatedAt: timestamp(value['updatedAt'], row, 'updatedAt', false)!,
    dueAt: timestamp(value['dueAt'], row, 'dueAt', true),
    order: given ?? order,
  };
}

/**
 * Checks a whole document: its format and version, every todo, and that no id comes twice.
 * Todos come back in their `order` (array order where equal).
 * @throws {ImportError} naming the problem, and the row where there is one.
 */
export function validateDocument(value: unknown): TodoExportDocument {
  if (!isRecord(value)) throw new ImportError('This is not a todo export: expected a JSON object.');
  if (value['format'] !== EXPORT_FORMAT) {
    throw new ImportError(
      `This is not a todo export: "format" is ${JSON.stringify(value['format']) ?? 'missing'}, expected "${EXPORT_FORMAT}".`,
    );
  }
  if (value['version'] !== EXPORT_VERSION) {
    throw new ImportError(
      `This export is version ${JSON.stringify(value['version']) ?? '(missing)'}; this widget reads version ${EXPORT_VERSION}.`,
    );
  }
  const todos = value['todos'];
  if (!Array.isArray(todos)) throw new ImportError('This export has no "todos" list.');
  const checked = todos.map((todo, index) => validateTodo(todo, index + 1, index));
  const seen = new Map<string, number>();
  checked.forEach((todo, index) => {
    const first = seen.get(todo.id);
    if (first !== undefined)
      throw new ImportError(`Rows ${first} and ${index + 1} have the same id, ${todo.id}.`, index + 1);
    seen.set(todo.id, index + 1);
  });
  const ordered = checked
    .map((todo, index) => ({ todo, index }))
    .sort((a, b) => a.todo.order - b.todo.order || a.index - b.index);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    list: typeof value['list'] === 'string' ? value['list'] : '',
    exportedAt: typeof value['exportedAt'] === 'string' ? value['exportedAt'] : '',
    todos: ordered.map(({ todo }, order) => ({ ...todo, order })),
  };
}
