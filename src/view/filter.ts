import type { TodoFilter } from '../db/repositories/todos';

const FILTERS = new Set<string>(['all', 'active', 'completed']);

/** Reads a `filter` attribute; anything unknown falls back to `all` rather than breaking the list. */
export function parseFilter(value: string | null | undefined): TodoFilter {
  return value && FILTERS.has(value) ? (value as TodoFilter) : 'all';
}

/**
 * The filter each route names. No hash at all is TodoMVC's "All" too: Back from `#/active` to the
 * page's first URL must show every todo again. Any other hash (a host page's own anchors) leaves
 * the filter as it is.
 */
export const HASH_FILTERS: Record<string, TodoFilter> = {
  '': 'all',
  '#/': 'all',
  '#/active': 'active',
  '#/completed': 'completed',
};
