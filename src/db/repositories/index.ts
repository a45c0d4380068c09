export { TodoRepository, newTodoId, TODO_FILTERS } from './todos';
export type { TodoFilter, TodoCounts, AddTodoOptions } from './todos';
