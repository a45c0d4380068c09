import type { DatabaseClient, WindowRange } from '../client';
import type { Todo } from '../todo';
import { bind, type BoundQuery } from '../statement';
import { parseSearchQuery } from '../search-query';
import { validateList } from '../validation';
import { todoLazyStatements as lazyStatements } from './todo-statements-lazy.generated';
import type { TodoFilter, TodoWindow, TodoWindowSubscription } from './todo-types';
import { todoWindowDelivery } from './todo-rows';

const FILTERS: ReadonlySet<string> = new Set<TodoFilter>(['all', 'active', 'completed']);

/**
 * The todos of `list` under `filter` that match `text`, best match first (`ts_rank`; equal
 * ranks oldest first); `undefined` for blank text, which is no search.
 */
export function searchQuery(list: string, filter: TodoFilter, text: string): BoundQuery | undefined {
  const query = parseSearchQuery(text);
  if (!query) return undefined;
  // An unknown filter searches everything rather than nothing, as the list does.
  return bind(lazyStatements.search, {
    list: validateList(list),
    filter: FILTERS.has(filter) ? filter : 'all',
    ...query,
  });
}

/** The matching todos, all at once (see {@link searchQuery}); every todo of the filter for blank text. */
export async function searchTodos(db: DatabaseClient, list: string, filter: TodoFilter, text: string): Promise<Todo[]> {
  const query = searchQuery(list, filter, text);
  if (!query) return [];
  return db.query<Todo>(query, [], { idempotent: true });
}

/**
 * A live window of the matches, like `TodoRepository.subscribeWindow` for the list: its own
 * live query (the leader re-runs it after every write in any tab), so a todo added, renamed or
 * completed elsewhere joins or leaves the results at once.
 */
export async function subscribeSearchWindow(
  db: DatabaseClient,
  list: string,
  filter: TodoFilter,
  text: string,
  range: WindowRange,
  callback: (window: TodoWindow) => void,
): Promise<TodoWindowSubscription> {
  const query = searchQuery(list, filter, text);
  if (!query) throw new RangeError('A search needs some text: use subscribeWindow for the whole list.');
  return db.liveWindow<Todo>(query, [], range, todoWindowDelivery(callback));
}
