/**
 * Every user-visible string of search (`<todo-search>`, and the match count `<todo-list>` shows
 * while it searches), in one place for the message catalogue.
 */
export const searchMessages = {
  /** The search field's accessible name and placeholder. */
  label: 'Search todos',
  placeholder: 'Search todos',
  /** The polite status while a search shows results. */
  matches: (count: number): string => (count === 1 ? '1 match' : `${count.toLocaleString('en')} matches`),
  /** The same status when nothing matches. */
  noMatches: 'No todos match',
} as const;
