export { TodoRepository, newTodoId, TODO_FILTERS } from './todos';
export type {
  TodoFilter,
  TodoCounts,
  TodoWindow,
  TodoWindowSubscription,
  AddTodoOptions,
  ChangeTodoOptions,
} from './todos';
