/** Every user-visible string of export and import (`<todo-transfer>`), in one place for the message catalogue. */
export const transferMessages = {
  /** The group's accessible name. */
  group: 'Export and import',
  exportJson: 'Export',
  exportJsonHint: 'Download this list as JSON',
  exportCsv: 'Export CSV',
  exportCsvHint: 'Download this list as CSV, for spreadsheets',
  import: 'Import',
  importHint: 'Add todos from a JSON or CSV export',
  /** The progress bar's accessible name. */
  progress: 'Import progress',
  reading: 'Reading the file…',
  importing: (done: number, total: number): string =>
    `Importing ${done.toLocaleString('en')} of ${total.toLocaleString('en')} todos…`,
  exported: (count: number, fileName: string): string =>
    `Exported ${count === 1 ? '1 todo' : `${count.toLocaleString('en')} todos`} to ${fileName}.`,
  imported: (added: number, updated: number, unchanged: number): string =>
    `Imported: ${added.toLocaleString('en')} added, ${updated.toLocaleString('en')} updated, ${unchanged.toLocaleString('en')} unchanged.`,
  failed: (message: string): string => `Nothing was imported. ${message}`,
  tooLarge: 'This file is larger than 50 MB, the most an import reads.',
} as const;
