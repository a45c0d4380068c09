/** @jsxImportSource solid-js */
// Type test (`npm run typecheck:frameworks`, after the build): what a Solid app writes with
// `todo-widget/solid`. Every @ts-expect-error must be an error, or tsc fails.
import type {} from 'todo-widget/solid';

export const app = (
  <todo-app
    list="groceries"
    filter="active"
    showStatus
    database="shop"
    storage="memory"
    class="widget"
    on:todo-add={(event) => event.detail.todo.title}
    on:todo-filter-change={(event) => event.detail.filter}
  >
    <h2 slot="heading">Groceries</h2>
  </todo-app>
);
export const footer = <todo-footer routing="hash" on:todo-remove={(event) => event.detail.ids} />;

// @ts-expect-error filter is all, active or completed
export const badFilter = <todo-app filter="done" />;
// @ts-expect-error the detail of todo-add has a todo, not ids
export const badDetail = <todo-app on:todo-add={(event) => event.detail.ids} />;
// @ts-expect-error emptyText is a string
export const badEmptyText = <todo-list emptyText={1} />;

// The lazily defined tags are typed like the others (issue 28: they were missing).
export const search = <todo-search list="groceries" on:todo-search-change={(event) => event.detail.query} />;
export const transfer = <todo-transfer importMode="merge" on:todo-import={(event) => event.detail.result} />;
// @ts-expect-error the detail of todo-export has a fileName, not a todo
export const badTransferDetail = <todo-transfer on:todo-export={(event) => event.detail.todo} />;
