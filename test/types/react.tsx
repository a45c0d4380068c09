// Type test (`npm run typecheck:frameworks`, after the build): what a React 19 app writes with
// `todo-widget/react`. Every @ts-expect-error must be an error, or tsc fails.
import type {} from 'todo-widget/react';
import type { Todo } from 'todo-widget';

const seen: Todo[] = [];

export const app = (
  <todo-app
    list="groceries"
    filter="active"
    routing="hash"
    showStatus
    database="shop"
    storage="memory"
    className="widget"
    ontodo-add={(event) => seen.push(event.detail.todo)}
    ontodo-remove={(event) => event.detail.ids.length}
    ontodo-error={(event) => event.detail.error.message}
    ontodo-filter-change={(event) => event.detail.filter}
  >
    <h2 slot="heading">Groceries</h2>
  </todo-app>
);
export const parts = (
  <>
    <todo-input list="groceries" placeholder="Add" autofocus />
    <todo-list list="groceries" emptyText="Nothing" />
    <todo-footer list="groceries" ontodo-filter-change={(event) => event.detail.filter} />
    <todo-item todo={seen[0]} ontodo-toggle={(event) => event.detail.todo.completed} />
  </>
);

// @ts-expect-error filter is all, active or completed
export const badFilter = <todo-app filter="done" />;
// @ts-expect-error storage is auto, opfs, idb or memory
export const badStorage = <todo-app storage="floppy" />;
// @ts-expect-error the detail of todo-add has a todo, not ids
export const badDetail = <todo-app ontodo-add={(event) => event.detail.ids} />;
// TypeScript lets any JSX attribute with a dash through untyped (as for data-*), so an
// `ontodo-toggle` on <todo-input>, which fires none, is not an error; the declared ones are typed.
// @ts-expect-error list is a string
export const badList = <todo-list list={3} />;

// The lazily defined tags are typed like the others (issue 28: they were missing, TS2339).
export const lazyTags = (
  <>
    <todo-search list="groceries" value="milk" ontodo-search-change={(event) => event.detail.query} />
    <todo-transfer list="groceries" importMode="replace" ontodo-export={(event) => event.detail.fileName} />
  </>
);
// @ts-expect-error the detail of todo-search-change has a query, not a todo
export const badSearchDetail = <todo-search ontodo-search-change={(event) => event.detail.todo} />;
