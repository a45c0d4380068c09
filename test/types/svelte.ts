// Type test (`npm run typecheck:frameworks`, after the build): the attributes svelte-check checks
// Svelte 5 markup against with `todo-widget/svelte` (`list={list}`, `ontodo-add={…}`).
import type {} from 'todo-widget/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const app: SvelteHTMLElements['todo-app'] = {
  list: 'groceries',
  filter: 'all',
  showStatus: true,
  database: 'shop',
  storage: 'opfs',
  class: 'widget',
  'ontodo-add': (event) => event.detail.todo.title,
  'ontodo-filter-change': (event) => event.detail.filter,
};
export const item: SvelteHTMLElements['todo-item'] = {
  completed: true,
  'ontodo-rename': (event) => event.detail.todo.title,
};

// @ts-expect-error filter is all, active or completed
export const badFilter: SvelteHTMLElements['todo-app'] = { filter: 'done' };
// @ts-expect-error the detail of todo-add has a todo, not ids
export const badDetail: SvelteHTMLElements['todo-app'] = { 'ontodo-add': (event) => event.detail.ids };
// @ts-expect-error autofocus is a boolean
export const badAutofocus: SvelteHTMLElements['todo-input'] = { autofocus: 'yes' };

// The lazily defined tags are typed like the others (issue 28: they were missing).
export const search: SvelteHTMLElements['todo-search'] = {
  value: 'milk',
  'ontodo-search-change': (event) => event.detail.query,
};
export const transfer: SvelteHTMLElements['todo-transfer'] = { importMode: 'merge', list: 'groceries' };
// @ts-expect-error the detail of todo-search-change has a query, not a todo
export const badSearch: SvelteHTMLElements['todo-search'] = { 'ontodo-search-change': (event) => event.detail.todo };
