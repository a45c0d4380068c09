// Type test (`npm run typecheck:frameworks`, after the build): the props Volar checks a Vue 3
// template against with `todo-widget/vue` (`:list`, `.showStatus`, `@todo-add` → `onTodoAdd`).
import type {} from 'todo-widget/vue';
import type { GlobalComponents } from 'vue';

type Props<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const app: Props<'todo-app'> = {
  list: 'groceries',
  filter: 'completed',
  showStatus: true,
  database: 'shop',
  storage: 'idb',
  onTodoAdd: (event) => event.detail.todo.title,
  onTodoFilterChange: (event) => event.detail.filter,
  onTodoError: (event) => event.detail.error.message,
};
export const footer: Props<'todo-footer'> = { routing: 'hash', onTodoRemove: (event) => event.detail.ids };

// @ts-expect-error filter is all, active or completed
export const badFilter: Props<'todo-app'> = { filter: 'done' };
// @ts-expect-error the detail of todo-add has a todo, not ids
export const badDetail: Props<'todo-app'> = { onTodoAdd: (event) => event.detail.ids };
// @ts-expect-error <todo-input> fires no todo-toggle
export const badEvent: Props<'todo-input'> = { onTodoToggle: () => undefined };

// The lazily defined tags are typed like the others (issue 28: they were missing).
export const search: Props<'todo-search'> = { value: 'milk', onTodoSearchChange: (event) => event.detail.query };
export const transfer: Props<'todo-transfer'> = { importMode: 'replace', onTodoExport: (event) => event.detail.count };
// @ts-expect-error the detail of todo-search-change has a query, not a todo
export const badSearch: Props<'todo-search'> = { onTodoSearchChange: (event) => event.detail.todo };
