import type { TodoFilter } from '../db/repositories/todos';

const FILTERS = new Set<string>(['all', 'active', 'completed']);

/** Reads a `filter` attribute; anything unknown falls back to `all` rather than breaking the list. */
export function parseFilter(value: string | null | undefined): TodoFilter {
  return value && FILTERS.has(value) ? (value as TodoFilter) : 'all';
}
