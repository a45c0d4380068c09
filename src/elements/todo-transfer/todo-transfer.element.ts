import { html, nothing } from 'lit';
import { shipEnglish } from '../../i18n/catalogue';
import { transferEnglish } from '../../i18n/transfer-messages';
import { tokens } from '../../styles/tokens';
import { DatabaseElement } from '../database-element';
import { styles } from './todo-transfer.styles';
import { IMPORT_MAX_BYTES } from '../../db/limits';
import { ImportError } from '../../errors';
import { todoExport, todoImport } from '../../events/todo-events';
import { LocalizeController } from '../../controllers/localize-controller';

type Busy =
  { readonly kind: 'reading' } | { readonly kind: 'importing'; readonly done: number; readonly total: number };

/**
 * Export and import of one list: "Export" downloads `todos-<list>.json`, "Export CSV" the same
 * as CSV, "Import" reads a `.json` or `.csv` export (merged into the list in one transaction,
 * newer versions winning, with a progress bar meanwhile; one step for undo). The rest of the
 * widget stays usable meanwhile: its changes wait for the import. A refused file changes nothing
 * and says why, naming the row.
 *
 * @summary Export and import buttons.
 * @tagname todo-transfer
 * @attr database - Which database to use (see `<todo-app>`).
 * @attr storage - Where that database keeps its files, if this element opens it first (see `<todo-app>`).
 * @attr list - Which list to export and import into. Default `default`.
 * @attr import-mode - `merge` (default): keep todos the file does not hold; `replace`: the list becomes the file.
 * @attr theme - `light`, `dark` or `auto` (default): `auto` follows the system's colour scheme.
 * @fires {CustomEvent<TodoExportDetail>} todo-export - A file was handed to the browser to download.
 * @fires {CustomEvent<TodoImportDetail>} todo-import - An import committed; `result` says how many were added, updated, unchanged.
 * @fires {CustomEvent<TodoErrorDetail>} todo-error - An export or import failed (an `ImportError` for a refused file).
 * @csspart export-button - The "Export" button (JSON).
 * @csspart export-csv-button - The "Export CSV" button.
 * @csspart import-button - The "Import" button.
 * @csspart progress - The import's progress bar.
 * @csspart message - What the last export or import did, or why it failed.
 */
export class TodoTransfer extends DatabaseElement {
  static {
    // Here, not in define(): a host that defines the class itself (todo-widget/elements) gets the texts too.
    shipEnglish(transferEnglish);
  }
  static override styles = [tokens, styles];
  static override properties = {
    importMode: { type: String, attribute: 'import-mode' },
    _busy: { state: true },
    _message: { state: true },
    _failed: { state: true },
  };

  /** How an import treats todos the file does not hold. */
  declare importMode: 'merge' | 'replace';
  declare private _busy: Busy | undefined;
  declare private _message: string;
  declare private _failed: boolean;

  readonly #i18n = new LocalizeController(this);

  constructor() {
    super();
    this.importMode = 'merge';
    this._message = '';
    this._failed = false;
  }

  /** Resolves at once: nothing is loaded until a button is used. */
  get ready(): Promise<void> {
    return Promise.resolve();
  }

  override render() {
    const busy = this._busy;
    const i18n = this.#i18n;
    return html`
      <div class="bar" role="group" aria-label=${i18n.t('transferGroup')}>
        <button
          type="button"
          part="export-button"
          title=${i18n.t('exportJsonHint')}
          ?disabled=${!!busy}
          @click=${() => this.#export('json')}
        >
          ${i18n.t('exportJson')}
        </button>
        <button
          type="button"
          part="export-csv-button"
          title=${i18n.t('exportCsvHint')}
          ?disabled=${!!busy}
          @click=${() => this.#export('csv')}
        >
          ${i18n.t('exportCsv')}
        </button>
        <button
          type="button"
          part="import-button"
          title=${i18n.t('importHint')}
          ?disabled=${!!busy}
          @click=${this.#pickFile}
        >
          ${i18n.t('importFile')}
        </button>
        <input type="file" hidden accept=".json,.csv,application/json,text/csv" @change=${this.#onFile} />
      </div>
      ${
        busy
          ? html`<div class="busy">
              <progress
                part="progress"
                aria-label=${i18n.t('importProgress')}
                max=${busy.kind === 'importing' ? Math.max(busy.total, 1) : nothing}
                value=${busy.kind === 'importing' ? busy.done : nothing}
              ></progress>
              <span role="status"
                >${busy.kind === 'importing' ? i18n.t('importing', { done: busy.done, total: busy.total }) : i18n.t('importReading')}</span
              >
            </div>`
          : nothing
      }
      ${
        this._failed
          ? html`<p class="message failed" part="message" data-testid="transfer-message" role="alert">
              ${this._message}
            </p>`
          : html`<p
              class="message ${this._message ? '' : 'empty'}"
              part="message"
              data-testid="transfer-message"
              role="status"
            >
              ${this._message}
            </p>`
      }
    `;
  }

  /** Says why an export or import failed (an import: that nothing was imported), and fires `todo-error`. */
  #fail(error: unknown, importing = false): void {
    const reason = this.#i18n.error(this.reportError(error));
    this._failed = true;
    this._message = importing ? this.#i18n.t('importFailed', { message: reason }) : reason;
  }

  async #export(format: 'json' | 'csv'): Promise<void> {
    this._message = '';
    this._failed = false;
    try {
      const file = await this.services.todos.exportFile(this.list, format);
      const url = URL.createObjectURL(new Blob([file.text], { type: `${file.type};charset=utf-8` }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      link.click();
      // The download has its own reference to the data by then; a timer, not at once, for engines that read it late.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this._message = this.#i18n.plural('exported', file.count, { fileName: file.fileName });
      this.announce(todoExport({ list: this.list, format, fileName: file.fileName, count: file.count }));
    } catch (error) {
      this.#fail(error);
    }
  }

  #pickFile(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')!;
    input.value = ''; // the same file again is a new choice
    input.click();
  }

  async #onFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) await this.importFile(file);
  }

  /**
   * Imports `file` as the Import button does (for hosts with their own file picker or drop zone).
   * Resolves when done; a refused file shows its error and fires `todo-error`, not a rejection.
   */
  async importFile(file: File): Promise<void> {
    this._message = '';
    this._failed = false;
    if (file.size > IMPORT_MAX_BYTES) {
      this.#fail(new ImportError(this.#i18n.t('importTooLarge')), true);
      return;
    }
    this._busy = { kind: 'reading' };
    try {
      const text = await file.text();
      const result = await this.services.todos.importFile(this.list, text, file.name, {
        mode: this.importMode === 'replace' ? 'replace' : 'merge',
        onProgress: (done, total) => (this._busy = { kind: 'importing', done, total }),
      });
      const counts = { added: result.added, updated: result.updated, unchanged: result.unchanged };
      // Merge kept the list's newer versions: say so, or it looks as if the file was not read.
      this._message =
        result.kept > 0
          ? this.#i18n.t('importedKept', { ...counts, kept: result.kept })
          : this.#i18n.t('imported', counts);
      this.services.undo.record({ kind: 'import', list: this.list, result });
      this.announce(todoImport({ list: this.list, fileName: file.name, result }));
    } catch (error) {
      this.#fail(error, true);
    } finally {
      this._busy = undefined;
    }
  }
}
