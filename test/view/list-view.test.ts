import { expect } from '@open-wc/testing';
import { listView, appendAdded, type ListView, type Row } from '../../src/view/list-view';
import type { TodoWindow } from '../../src/db/repositories/todos';

// Ids sort like the UUIDv7s they stand for: by creation.
const row = (n: number, extra: Partial<Row> = {}): Row => ({
  id: `0190aaaa-0000-7000-8000-${String(n).padStart(12, '0')}`,
  list: 'l',
  title: `todo ${n}`,
  completed: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  dueAt: null,
  position: String(n),
  ...extra,
});
const pending = (n: number, extra: Partial<Row> = {}): Row => row(n, { pending: true, ...extra });
const windowOf = (offset: number, numbers: number[], total: number): TodoWindow => ({
  offset,
  limit: numbers.length,
  todos: numbers.map((n) => row(n)),
  total,
});
/** Titles of every place, `-` for one whose window is on the way. */
const places = (view: ListView) => Array.from({ length: view.count }, (_, index) => view.rowAt(index)?.title ?? '-');

describe('listView (the rows of <todo-list>: the window plus this tab’s adds)', () => {
  describe('while the window loads', () => {
    it('shows just this tab’s adds', () => {
      const view = listView(undefined, [pending(1), pending(2)], 'all');
      expect(places(view)).to.deep.equal(['todo 1', 'todo 2']);
    });

    it('shows nothing when there are none', () => {
      expect(listView(undefined, [], 'all').count).to.equal(0);
    });
  });

  describe('a window that reaches the end of the list', () => {
    it('draws the adds after its rows: a new todo goes to the end, after one saved meanwhile', () => {
      const view = listView(windowOf(0, [1, 3], 2), [pending(2), pending(4)], 'all');
      expect(places(view)).to.deep.equal(['todo 1', 'todo 3', 'todo 2', 'todo 4']);
      expect(view.rowAt(3)?.pending).to.equal(true);
    });

    it('keeps the window’s place in the list: rows before it are still on the way', () => {
      const view = listView(windowOf(2, [3, 4], 4), [pending(5)], 'all');
      expect(view.count).to.equal(5);
      expect(places(view)).to.deep.equal(['-', '-', 'todo 3', 'todo 4', 'todo 5']);
    });

    it('does not show an add twice once the window has it', () => {
      const view = listView(windowOf(0, [1, 2], 2), [row(2)], 'all');
      expect(places(view)).to.deep.equal(['todo 1', 'todo 2']);
      expect(view.rowAt(1)?.pending).to.equal(undefined);
    });

    it('shows the window’s own rows when nothing is added', () => {
      const slice = windowOf(0, [1, 2], 2);
      const view = listView(slice, [], 'all');
      expect(view.rowAt(0)).to.equal(slice.todos[0]);
      expect(view.count).to.equal(2);
    });
  });

  describe('a window that stops before the end', () => {
    it('counts the adds after the whole list, and draws them there', () => {
      const view = listView(windowOf(0, [1, 2], 10), [pending(11)], 'all');
      expect(view.count).to.equal(11);
      expect(view.rowAt(1)?.title).to.equal('todo 2');
      expect(view.rowAt(5)).to.equal(undefined);
      expect(view.rowAt(10)?.title).to.equal('todo 11');
    });

    it('leaves the rows before the window on the way', () => {
      const view = listView(windowOf(4, [5, 6], 10), [], 'all');
      expect(view.rowAt(3)).to.equal(undefined);
      expect(view.rowAt(4)?.title).to.equal('todo 5');
      expect(view.rowAt(6)).to.equal(undefined);
    });
  });

  describe('filters', () => {
    it('leaves out adds the filter hides (a new todo is active)', () => {
      expect(places(listView(windowOf(0, [], 0), [pending(1)], 'completed'))).to.deep.equal([]);
      expect(places(listView(windowOf(0, [], 0), [pending(1)], 'active'))).to.deep.equal(['todo 1']);
      expect(places(listView(windowOf(0, [], 0), [pending(1, { completed: true })], 'completed'))).to.deep.equal([
        'todo 1',
      ]);
    });
  });

  describe('appendAdded', () => {
    it('keeps the rows’ order (manual, not by id), adds after them, and returns the rows themselves when nothing is added', () => {
      const rows = [row(4), row(1)];
      expect(appendAdded(rows, [])).to.equal(rows);
      expect(appendAdded(rows, [row(0), row(9)]).map((todo) => todo.title)).to.deep.equal([
        'todo 4',
        'todo 1',
        'todo 0',
        'todo 9',
      ]);
    });
  });
});
