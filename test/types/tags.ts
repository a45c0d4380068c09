// Type test (after the build): what an app gets from the main entry alone, in every module
// resolution mode (test/e2e/long/distribution-types.e2e.mjs compiles it from the packed tarball with
// `skipLibCheck: false`, without the optional peer drizzle-orm). Every @ts-expect-error must be an error.
import { TodoApp, getDatabaseClient, type Todo, type TodoTagName } from 'todo-widget';
import { TodoSearch, TodoTransfer } from 'todo-widget/elements';

// All seven tags are in the DOM's own map, the lazily defined ones too (issue 28).
export const app: TodoApp | null = document.querySelector('todo-app');
export const search: TodoSearch = document.createElement('todo-search');
export const transfer: TodoTransfer | null = document.querySelector('todo-transfer');
export const tags: TodoTagName[] = [
  'todo-app',
  'todo-input',
  'todo-list',
  'todo-item',
  'todo-footer',
  'todo-search',
  'todo-transfer',
];
// @ts-expect-error not a tag of the package
export const notATag: TodoTagName = 'todo-nothing';

// A Todo is typed without Drizzle installed (it was `any` then): a title is a string, not a number.
export const title = (todo: Todo): string => todo.title;
// @ts-expect-error title is a string
export const badTitle = (todo: Todo): number => todo.title;
export const rows = getDatabaseClient().query<{ n: number }>('select 1 as n');
