/**
 * Every user-visible string of manual order (`reorderable`), in one place for the
 * localisation catalogue.
 */
export const orderMessages = {
  /** The accessible name of a row's drag handle. */
  handle: 'Move',
  /** The handle's tooltip. */
  handleHint: 'Drag, or press Alt+Arrow Up or Alt+Arrow Down, to move',
  /** Announced (politely) after a move: the todo's new place in the rows shown. */
  moved: (position: number, count: number) => `Moved to position ${position} of ${count}`,
} as const;
