/**
 * A small RFC 4180 CSV reader and writer: fields separated by commas, records by CRLF (LF and
 * CR accepted on reading), fields with a comma, quote or line break quoted, quotes doubled.
 * On reading, the separator is the one the header line uses: `,`, or the `;` that Excel writes
 * where the decimal mark is a comma (German, French, Spanish locales), or a tab.
 * Why not a library: this is all import/export needs (no dialects, no streaming, no type
 * guessing), in ~60 lines instead of Papa Parse's ~7 KB gzip on every page.
 */

/** One record of a CSV text: its fields, and the line it starts on (1-based, for error messages). */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** The field separators a CSV file may use. */
export type CsvDelimiter = ',' | ';' | '\t';
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/**
 * The separator of `text`: of `,` `;` and tab, the one its first line (outside quotes) holds most
 * often; `,` when none or a tie.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\r' || char === '\n')) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const delimiter of DELIMITERS) if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/**
 * The records of `text`, in order. A final line break adds no record; a blank line is a record
 * with one empty field. A byte order mark at the start is skipped.
 * @param delimiter the field separator; by default the one the first line uses (`detectDelimiter`).
 * @throws {SyntaxError} a quoted field is never closed, or text follows its closing quote.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** Something of the current record was read (an empty quoted field counts). */
  let started = false;
  const endRecord = () => {
    fields.push(field);
    records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    started = false;
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      // A quoted field: runs to the quote not followed by another quote.
      const start = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new SyntaxError(`A quoted field opened on line ${start} is never closed.`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new SyntaxError(`Line ${line}: text after the closing quote of a field.`);
      }
      started = true;
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      started = true;
      i++;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += char;
      started = true;
      i++;
    }
  }
  if (started) endRecord();
  return records;
}

/**
 * A field with any of the separators a reader may detect is quoted, not only one with the
 * separator in use: a header line is read for its separator outside quotes, and a lone `;` in it
 * would otherwise make a comma file read as semicolon-separated.
 */
function quote(field: string): string {
  return /["\r\n,;\t]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

/** `rows` as CSV text, CRLF between records and after the last one. */
export function toCsv(rows: readonly (readonly string[])[], delimiter: CsvDelimiter = ','): string {
  return rows.map((row) => row.map((field) => quote(field)).join(delimiter)).join('\r\n') + '\r\n';
}
