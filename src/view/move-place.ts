import type { TodoPlace } from '../db/repositories/todos';
import type { ListView, Row } from './list-view';

/**
 * Where the row at place `from` of `view` goes to end up at place `to` (both 0-based, in the
 * rows shown: a filtered view moves a todo relative to its visible neighbours): the ids of the
 * rows that will be just above and just below it. `undefined` when there is nothing to do: no
 * move, a place out of range, a neighbour whose window is still on the way, or a move of or
 * below a row not saved yet (this tab's pending add has no position to go by).
 */
export function placeFor(view: ListView, from: number, to: number): TodoPlace | undefined {
  if (from === to || from < 0 || to < 0 || from >= view.count || to >= view.count) return undefined;
  const moved = view.rowAt(from);
  if (!moved || moved.pending) return undefined;
  // Places in the list without the moved row: it lands between `to - 1` and `to` of that list.
  const at = (index: number) => (index >= from ? index + 1 : index);
  const neighbour = (index: number): Row | null | undefined =>
    index < 0 || index >= view.count - 1 ? null : view.rowAt(at(index));
  const above = neighbour(to - 1);
  const below = neighbour(to);
  // This tab's unsaved adds are last: a row can go just above them (the end of what is saved,
  // where they will be put after it), never below one.
  const after = above === null ? null : above && !above.pending ? above.id : undefined;
  const before = below === null || below?.pending ? null : below?.id;
  if (after === undefined || before === undefined) return undefined;
  return { after, before };
}
