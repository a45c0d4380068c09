/**
 * The English of `<todo-transfer>` (export and import), part of the catalogue's keys (messages.ts)
 * but shipped with that element's lazily loaded chunk (`shipEnglish`), as sync-messages.ts is:
 * pages that export nothing carry none of it on the main thread. The other languages have these
 * keys in their own files, as every other key.
 */
export const transferEnglish = {
  transferGroup: 'Export and import',
  exportJson: 'Export',
  exportJsonHint: 'Download this list as JSON',
  exportCsv: 'Export CSV',
  exportCsvHint: 'Download this list as CSV, for spreadsheets',
  importFile: 'Import',
  importHint: 'Add todos from a JSON or CSV export',
  importProgress: 'Import progress',
  importReading: 'Reading the file…',
  importing: 'Importing {done} of {total} todos…',
  exported: { one: 'Exported {count} todo to {fileName}.', other: 'Exported {count} todos to {fileName}.' },
  imported: 'Imported: {added} added, {updated} updated, {unchanged} unchanged.',
  importedKept: 'Imported: {added} added, {updated} updated, {unchanged} unchanged, {kept} kept (newer here).',
  importFailed: 'Nothing was imported. {message}',
  importTooLarge: 'This file is larger than 50 MB, the most an import reads.',
} as const;
