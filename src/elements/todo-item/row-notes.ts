import { html, nothing } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller';

/**
 * What a row says next to its todo: "Saving…" while this tab's add is on its way, and why the add
 * (`failure`, with a "Retry" button) or the last change (`error`) failed.
 */
export function rowNotesTemplate(
  pending: boolean,
  failure: Error | undefined,
  error: Error | undefined,
  i18n: LocalizeController,
  onRetry: () => void,
) {
  const failed = failure !== undefined;
  return html`${pending && !failed ? html`<span class="badge" part="badge">${i18n.t('saving')}</span>` : nothing}
  ${
    failed || error
      ? html`<p class="error" part="error" role="alert">
          <span>${i18n.error(failed ? failure : error)}</span>
          ${failed ? html`<button part="retry-button" class="retry" type="button" @click=${onRetry}>${i18n.t('retry')}</button>` : nothing}
        </p>`
      : nothing
  }`;
}
