import { expect } from '@open-wc/testing';
import { placeFor } from '../../src/view/move-place';
import type { ListView, Row } from '../../src/view/list-view';

const row = (id: string, pending = false): Row => ({
  id,
  list: 'l',
  title: id,
  completed: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  dueAt: null,
  position: pending ? null : '1',
  ...(pending ? { pending: true } : {}),
});

/** A view of `ids` ('-' = a place whose window is on the way; a '*' suffix = this tab's unsaved add). */
const view = (...ids: string[]): ListView => ({
  count: ids.length,
  rowAt: (index) => {
    const id = ids[index];
    return id === undefined || id === '-' ? undefined : row(id.replace('*', ''), id.endsWith('*'));
  },
});

describe('placeFor (where a moved row lands: its neighbours as shown)', () => {
  it('names the rows just above and below the new place', () => {
    expect(placeFor(view('a', 'b', 'c', 'd'), 2, 1)).to.deep.equal({ after: 'a', before: 'b' });
    expect(placeFor(view('a', 'b', 'c', 'd'), 1, 2)).to.deep.equal({ after: 'c', before: 'd' });
  });

  it('uses null at either end', () => {
    expect(placeFor(view('a', 'b', 'c'), 2, 0)).to.deep.equal({ after: null, before: 'a' });
    expect(placeFor(view('a', 'b', 'c'), 0, 2)).to.deep.equal({ after: 'c', before: null });
  });

  it('does nothing for no move, a place out of range, or a neighbour still loading', () => {
    expect(placeFor(view('a', 'b'), 1, 1)).to.equal(undefined);
    expect(placeFor(view('a', 'b'), 1, 5)).to.equal(undefined);
    expect(placeFor(view('a', 'b'), -1, 0)).to.equal(undefined);
    expect(placeFor(view('-', 'b', 'c'), 2, 1)).to.equal(undefined);
  });

  it('never moves an unsaved add, nor below one; just above them is the end of what is saved', () => {
    expect(placeFor(view('a', 'b', 'n*'), 2, 0)).to.equal(undefined);
    expect(placeFor(view('a', 'b', 'n*'), 0, 2)).to.equal(undefined);
    expect(placeFor(view('a', 'b', 'n*'), 0, 1)).to.deep.equal({ after: 'b', before: null });
  });
});
