import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Row } from '../../view/list-view';
import type { EditDraft } from '../../controllers/edit-drafts';
import type { Theme } from '../../styles/tokens';
import type { StorageMode } from '../../db/storage';

// The templates of <todo-list>'s rows and what stands above them, apart from the element's state and events.

/** The parts of each <todo-item> that <todo-list> passes on (the item's `error` as `item-error`). */
const ITEM_PARTS = 'item, handle, toggle, title, match, edit, delete-button, badge, error: item-error, retry-button';

/** What every <todo-item> of a list is given. */
export interface RowContext {
  readonly list: string;
  readonly database: string | undefined;
  readonly storage: StorageMode | '' | undefined;
  readonly theme: Theme | undefined;
  /** The search text whose words the rows mark. */
  readonly query: string;
  readonly reorderable: boolean;
}

/**
 * The drawn rows: a row not read yet (a number, its place) is a busy placeholder of the right
 * size; `count` rows in all, the first of these at place `start`.
 */
export function rowsTemplate(places: readonly (Row | number)[], row: RowContext, count: number, start: number) {
  return repeat(
    places,
    (place) => (typeof place === 'number' ? place : place.id),
    (place, index) =>
      typeof place === 'number'
        ? html`<div
            class="placeholder"
            role="listitem"
            aria-busy="true"
            aria-setsize=${count}
            aria-posinset=${place + 1}
          ></div>`
        : html`<todo-item
            .todo=${place}
            ?pending=${place.pending === true}
            .failure=${place.failed}
            list=${row.list}
            theme=${row.theme ?? nothing}
            exportparts=${ITEM_PARTS}
            .query=${row.query}
            ?reorderable=${row.reorderable}
            .database=${row.database}
            .storage=${row.storage}
            aria-setsize=${count}
            aria-posinset=${start + index + 1}
          ></todo-item>`,
  );
}

/**
 * Edits in progress whose row is not drawn (scrolled out of the window, or filtered out after
 * another tab changed the todo): kept in view, stuck to the bottom of the viewport, until the
 * user finishes or cancels them. A row drawn again takes its edit back.
 */
export function draftsTemplate(detached: readonly EditDraft[], row: RowContext, label: string) {
  if (detached.length === 0) return nothing;
  return html`<div class="drafts" part="drafts" role="list" aria-label=${label}>
    ${repeat(
      detached,
      (draft) => draft.todo.id,
      (draft) =>
        html`<todo-item
          .todo=${draft.todo}
          exportparts=${ITEM_PARTS}
          list=${row.list}
          .database=${row.database}
          .storage=${row.storage}
          theme=${row.theme ?? nothing}
        ></todo-item>`,
    )}
  </div>`;
}

/** The "Mark all as complete" checkbox above the rows. */
export function toggleAllTemplate(
  checked: boolean,
  disabled: boolean,
  onChange: (event: Event) => unknown,
  label: string,
) {
  return html`<div class="toggle-all-row">
    <input
      id="toggle-all"
      class="toggle-all"
      part="toggle-all"
      type="checkbox"
      .checked=${checked}
      ?disabled=${disabled}
      @change=${onChange}
    />
    <label for="toggle-all">${label}</label>
  </div>`;
}

/** How many todos the search found, said politely (a screen reader hears it as results change). */
export function searchCountTemplate(text: string) {
  return html`<p
    class="search-count"
    part="search-count"
    role="status"
    aria-live="polite"
    data-testid="todo-search-count"
  >
    ${text}
  </p>`;
}
