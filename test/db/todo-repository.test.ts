import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { newTodoId, TodoRepository, type TodoWindow } from '../../src/db/repositories/todos';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import { InvalidListError, TitleCharactersError, TitleEmptyError, TitleTooLongError } from '../../src/errors';
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { todos, type Todo } from '../../src/db/schema';

// The shipped default storage (OPFS here), one database for the file, one list per test.
const client = new DatabaseClient({ database: 'test-repository', createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
let listCounter = 0;
const freshList = () => `repo-${Date.now()}-${listCounter++}`;

const titles = (todos: Todo[]) => todos.map((todo) => todo.title);

describe('TodoRepository', () => {
  before(() => client.init());
  after(() => client.close());

  it('runs on OPFS, durable, where workers have sync access handles', () => {
    expect(client.info?.storage).to.equal('opfs');
    expect(client.info?.durable).to.be.true;
  });

  describe('add', () => {
    it('stores a trimmed title in the named list and returns the typed row', async () => {
      const list = freshList();
      const todo = await repository.add('  Buy milk  ', list);
      expect(todo.title).to.equal('Buy milk');
      expect(todo.list).to.equal(list);
      expect(todo.completed).to.be.false;
      expect(todo.createdAt).to.be.instanceOf(Date);
      expect(todo.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      expect(titles(await repository.getAll(list))).to.deep.equal(['Buy milk']);
    });

    it('keeps lists apart', async () => {
      const [a, b] = [freshList(), freshList()];
      await repository.add('in a', a);
      await repository.add('in b', b);
      expect(titles(await repository.getAll(a))).to.deep.equal(['in a']);
      expect(titles(await repository.getAll(b))).to.deep.equal(['in b']);
    });

    it('returns todos oldest first', async () => {
      const list = freshList();
      for (const title of ['one', 'two', 'three']) await repository.add(title, list);
      expect(titles(await repository.getAll(list))).to.deep.equal(['one', 'two', 'three']);
    });

    it('applies a repeated add with the same id once', async () => {
      const list = freshList();
      const first = await repository.add('once', list);
      const again = await repository.add('once', list, { id: first.id });
      expect(again.id).to.equal(first.id);
      expect(await repository.getAll(list)).to.have.length(1);
    });

    it('rejects empty and whitespace-only titles and writes nothing', async () => {
      const list = freshList();
      for (const title of ['', '   ', '\n\t ']) {
        const error = await repository.add(title, list).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(TitleEmptyError);
      }
      expect(await repository.getAll(list)).to.have.length(0);
    });

    it('accepts 1000 code points and rejects 1001', async () => {
      const list = freshList();
      const longest = '😀'.repeat(1000); // 2000 UTF-16 units, 1000 code points
      expect((await repository.add(longest, list)).title).to.equal(longest);
      const error = await repository.add('a'.repeat(1001), list).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TitleTooLongError);
      expect((error as TitleTooLongError).limit).to.equal(1000);
      expect(await repository.getAll(list)).to.have.length(1);
    });

    it('rejects NUL characters, which Postgres text cannot hold', async () => {
      const error = await repository.add('a\u0000b', freshList()).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TitleCharactersError);
    });

    it('rejects an empty list name', async () => {
      const error = await repository.add('x', '').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidListError);
    });

    it('stores SQL, quotes, markup, emoji and other Unicode verbatim', async () => {
      const list = freshList();
      const hostile = [
        "'); DROP TABLE todos; --",
        `"double" and 'single' quotes \\ backslash`,
        '<img src=x onerror=alert(1)><script>alert(2)</script>',
        '👩‍👩‍👧‍👦 family, 🇺🇦 flag, é (e + combining)',
        'שלום עולם مرحبا',
        '${template} {{mustache}} %s %d',
        '$1 $2 ? :name',
      ];
      for (const title of hostile) await repository.add(title, list);
      expect(titles(await repository.getAll(list))).to.deep.equal(hostile);
      expect((await client.query('select count(*)::int as n from todos')).length).to.equal(1);
    });
  });

  describe('changes', () => {
    it('renames, trimming and validating the new title', async () => {
      const list = freshList();
      const todo = await repository.add('old', list);
      const renamed = await repository.rename(todo.id, '  new  ');
      expect(renamed?.title).to.equal('new');
      expect(renamed!.updatedAt.getTime()).to.be.at.least(todo.updatedAt.getTime());
      const error = await repository.rename(todo.id, '  ').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TitleEmptyError);
      expect((await repository.get(todo.id))?.title).to.equal('new');
    });

    it('sets and clears a due date, which a new todo does not have', async () => {
      const list = freshList();
      const todo = await repository.add('file taxes', list);
      expect(todo.dueAt).to.equal(null);
      const due = new Date('2031-04-15T09:30:00.000Z');
      const dated = await repository.setDueAt(todo.id, due);
      expect(dated?.dueAt?.toISOString()).to.equal(due.toISOString());
      expect((await repository.getAll(list))[0]?.dueAt?.toISOString()).to.equal(due.toISOString());
      expect((await repository.setDueAt(todo.id, null))?.dueAt).to.equal(null);
      expect(await repository.setDueAt('01890000-0000-7000-8000-00000000dead', due)).to.equal(undefined);
    });

    it('sets, toggles and toggles all', async () => {
      const list = freshList();
      const a = await repository.add('a', list);
      const b = await repository.add('b', list);
      expect((await repository.setCompleted(a.id, true))?.completed).to.be.true;
      expect((await repository.toggle(b.id))?.completed).to.be.true;
      expect((await repository.toggle(b.id))?.completed).to.be.false;
      expect(await repository.toggleAll(list, true)).to.equal(1);
      expect((await repository.getAll(list)).every((todo) => todo.completed)).to.be.true;
      expect(await repository.toggleAll(list, false)).to.equal(2);
      expect((await repository.getAll(list)).some((todo) => todo.completed)).to.be.false;
    });

    it('filters active and completed', async () => {
      const list = freshList();
      const a = await repository.add('a', list);
      await repository.add('b', list);
      await repository.setCompleted(a.id, true);
      expect(titles(await repository.getAll(list, 'active'))).to.deep.equal(['b']);
      expect(titles(await repository.getAll(list, 'completed'))).to.deep.equal(['a']);
      expect(titles(await repository.getAll(list, 'all'))).to.deep.equal(['a', 'b']);
    });

    it('counts total, active and completed per list', async () => {
      const list = freshList();
      const a = await repository.add('a', list);
      await repository.add('b', list);
      await repository.add('c', list);
      await repository.setCompleted(a.id, true);
      await repository.add('elsewhere', freshList());
      expect(await repository.counts(list)).to.deep.equal({ total: 3, active: 2, completed: 1 });
    });

    it('clears the completed todos of one list only', async () => {
      const [list, other] = [freshList(), freshList()];
      const a = await repository.add('done', list);
      await repository.add('open', list);
      const c = await repository.add('done elsewhere', other);
      await repository.setCompleted(a.id, true);
      await repository.setCompleted(c.id, true);
      expect(await repository.clearCompleted(list)).to.deep.equal([a.id]);
      expect(titles(await repository.getAll(list))).to.deep.equal(['open']);
      expect(titles(await repository.getAll(other))).to.deep.equal(['done elsewhere']);
    });

    it('deletes one todo', async () => {
      const list = freshList();
      const a = await repository.add('a', list);
      await repository.add('b', list);
      expect(await repository.delete(a.id)).to.be.true;
      expect(await repository.delete(a.id)).to.be.false;
      expect(titles(await repository.getAll(list))).to.deep.equal(['b']);
    });

    it('adds many in one transaction: all or none', async () => {
      const list = freshList();
      expect(await repository.addMany(['x', 'y', 'z'], list)).to.have.length(3);
      const error = await repository.addMany(['fine', ' '], list).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TitleEmptyError);
      expect(titles(await repository.getAll(list))).to.deep.equal(['x', 'y', 'z']);
    });
  });

  describe('subscribe', () => {
    it('delivers the filtered list now and after each change', async () => {
      const list = freshList();
      const seen: string[][] = [];
      let waiter: { count: number; resolve: () => void } | undefined;
      const unsubscribe = await repository.subscribe(list, 'active', (todos) => {
        seen.push(titles(todos));
        if (waiter && seen.length >= waiter.count) waiter.resolve();
      });
      const until = (count: number) =>
        seen.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { count, resolve }));

      await until(1);
      expect(seen.at(-1)).to.deep.equal([]);
      const a = await repository.add('a', list);
      await until(2);
      expect(seen.at(-1)).to.deep.equal(['a']);
      await repository.setCompleted(a.id, true);
      await until(3);
      expect(seen.at(-1)).to.deep.equal([]);
      await unsubscribe();
    });

    it('delivers a due date set and cleared again (a column that may be null on purpose)', async () => {
      const list = freshList();
      const results: Todo[][] = [];
      let waiter: { count: number; resolve: () => void } | undefined;
      const unsubscribe = await repository.subscribe(list, 'all', (todos) => {
        results.push(todos);
        if (waiter && results.length >= waiter.count) waiter.resolve();
      });
      const until = (count: number) =>
        results.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { count, resolve }));
      const todo = await repository.add('due', list);
      await until(2);
      const due = new Date('2027-01-02T03:04:05.000Z');
      await repository.setDueAt(todo.id, due);
      await until(3);
      expect(results.at(-1)![0]!.dueAt?.toISOString()).to.equal(due.toISOString());
      await repository.setDueAt(todo.id, null);
      await until(4);
      expect(results.at(-1)![0]!.dueAt).to.equal(null);
      expect(results.at(-1)).to.deep.equal(await repository.getAll(list));
      await unsubscribe();
    });

    it('keeps the objects of unchanged rows from one result to the next', async () => {
      const list = freshList();
      const [a, b] = await repository.addMany(['a', 'b'], list);
      const results: Todo[][] = [];
      let notify: (() => void) | undefined;
      const unsubscribe = await repository.subscribe(list, 'all', (todos) => {
        results.push(todos);
        notify?.();
      });
      const changed = new Promise<void>((resolve) => (notify = resolve));
      await repository.setCompleted(b!.id, true);
      await changed;
      const [before, after] = [results[0]!, results.at(-1)!];
      expect(after[0]).to.equal(before[0]); // 'a' did not change: same object
      expect(after[1]).to.not.equal(before[1]);
      expect(after[1]!.completed).to.be.true;
      expect(a!.id).to.equal(after[0]!.id);
      await unsubscribe();
    });

    it('applies inserts, updates and deletes in id (creation) order, matching a fresh read', async () => {
      const list = freshList();
      let latest: Todo[] = [];
      let results = 0;
      const unsubscribe = await repository.subscribe(list, 'all', (todos) => {
        latest = todos;
        results++;
      });
      /** Waits until the live list shows exactly what a fresh query reads. */
      const matchesDatabase = async (what: string) => {
        const expected = (await repository.getAll(list)).map((todo) => `${todo.id} ${todo.title} ${todo.completed}`);
        const shown = () => latest.map((todo) => `${todo.id} ${todo.title} ${todo.completed}`);
        const started = performance.now();
        while (JSON.stringify(shown()) !== JSON.stringify(expected)) {
          if (performance.now() - started > 15_000) expect(shown(), what).to.deep.equal(expected);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      // Ids made up front, written in another order: the list still shows them oldest first.
      const [first, second, third] = [newTodoId(), newTodoId(), newTodoId()];
      await repository.add('third', list, { id: third });
      await repository.add('first', list, { id: first });
      await matchesDatabase('after two adds out of order');
      expect(latest.map((todo) => todo.title)).to.deep.equal(['first', 'third']);
      await repository.add('second', list, { id: second });
      await matchesDatabase('after an add in the middle');
      expect(latest.map((todo) => todo.title)).to.deep.equal(['first', 'second', 'third']);

      const unchanged = latest[0];
      await repository.rename(second, 'second, renamed');
      await repository.setCompleted(third, true);
      await matchesDatabase('after a rename and a toggle');
      expect(latest[0]).to.equal(unchanged);
      expect(latest[1]!.updatedAt).to.be.instanceOf(Date);

      await repository.delete(first);
      await matchesDatabase('after deleting the first');
      expect(latest.map((todo) => todo.title)).to.deep.equal(['second, renamed', 'third']);

      // Many at once, then 80 in one statement that are older than rows already there (re-sorted in one go).
      const older = Array.from({ length: 80 }, () => newTodoId());
      await repository.addMany(
        Array.from({ length: 100 }, (_, i) => `bulk ${i}`),
        list,
      );
      await client.query(
        `insert into todos (id, list, title) select id::uuid, $2, 'older ' || n from unnest($1::text[]) with ordinality as t(id, n)`,
        [older, list],
      );
      await repository.clearCompleted(list);
      await matchesDatabase('after a bulk add, older adds and clearing completed');
      expect(latest).to.have.length(180 + 1);
      expect(results).to.be.greaterThan(1);
      await unsubscribe();
    });

    it('delivers live counts', async () => {
      const list = freshList();
      const counts: Array<{ active: number; total: number }> = [];
      let notify: (() => void) | undefined;
      const unsubscribe = await repository.subscribeCounts(list, (value) => {
        counts.push(value);
        notify?.();
      });
      expect(counts.at(-1)).to.deep.include({ total: 0, active: 0 });
      const changed = new Promise<void>((resolve) => (notify = resolve));
      await repository.add('one', list);
      await changed;
      expect(counts.at(-1)).to.deep.include({ total: 1, active: 1 });
      await unsubscribe();
    });
  });

  describe('subscribeWindow', () => {
    /** Results of a window subscription, and a way to wait for one that passes a check. */
    function windowResults() {
      const results: TodoWindow[] = [];
      const waiters: Array<{ check: (window: TodoWindow) => boolean; resolve: (window: TodoWindow) => void }> = [];
      const deliver = (window: TodoWindow) => {
        results.push(window);
        for (const waiter of waiters.splice(0)) {
          if (waiter.check(window)) waiter.resolve(window);
          else waiters.push(waiter);
        }
      };
      const until = (check: (window: TodoWindow) => boolean) => {
        const last = results.at(-1);
        if (last && check(last)) return Promise.resolve(last);
        return new Promise<TodoWindow>((resolve) => waiters.push({ check, resolve }));
      };
      return { results, deliver, until };
    }
    const placesOf = (window: TodoWindow) => window.todos.map((todo) => todo.title);

    it('delivers only the rows of the window, with the total, and moves without subscribing again', async () => {
      const list = freshList();
      await repository.addMany(
        Array.from({ length: 30 }, (_, i) => `row ${i}`),
        list,
      );
      const { deliver, until } = windowResults();
      const subscription = await repository.subscribeWindow(list, 'all', { offset: 10, limit: 5 }, deliver);
      const first = await until(() => true);
      expect(first.offset).to.equal(10);
      expect(first.total).to.equal(30);
      expect(placesOf(first)).to.deep.equal(['row 10', 'row 11', 'row 12', 'row 13', 'row 14']);

      await subscription.move({ offset: 25, limit: 10 });
      const moved = await until((window) => window.offset === 25);
      expect(placesOf(moved)).to.deep.equal(['row 25', 'row 26', 'row 27', 'row 28', 'row 29']);
      expect(moved.total).to.equal(30);

      // A window reaching past the end gets the rows added there, and says the new total.
      await repository.add('row 30', list);
      const grown = await until((window) => window.total === 31);
      expect(placesOf(grown).at(-1)).to.equal('row 30');
      expect(grown.offset).to.equal(25);
      await subscription.unsubscribe();
    });

    it('follows a change outside the window in the total, and a filter', async () => {
      const list = freshList();
      const added = await repository.addMany(
        Array.from({ length: 12 }, (_, i) => `row ${i}`),
        list,
      );
      const { deliver, until } = windowResults();
      const subscription = await repository.subscribeWindow(list, 'active', { offset: 0, limit: 3 }, deliver);
      await until((window) => window.total === 12);
      await repository.setCompleted(added[11]!.id, true);
      const fewer = await until((window) => window.total === 11);
      expect(placesOf(fewer)).to.deep.equal(['row 0', 'row 1', 'row 2']);
      // Completing the first row shifts the window's rows up by one.
      await repository.setCompleted(added[0]!.id, true);
      const shifted = await until((window) => window.total === 10);
      expect(placesOf(shifted)).to.deep.equal(['row 1', 'row 2', 'row 3']);
      await subscription.unsubscribe();
    });

    it('keeps the objects of unchanged rows from one result to the next', async () => {
      const list = freshList();
      const [, b] = await repository.addMany(['a', 'b'], list);
      const { results, deliver, until } = windowResults();
      const subscription = await repository.subscribeWindow(list, 'all', { offset: 0, limit: 10 }, deliver);
      await until(() => true);
      await repository.setCompleted(b!.id, true);
      const after = await until((window) => window.todos[1]?.completed === true);
      expect(after.todos[0]).to.equal(results[0]!.todos[0]);
      expect(after.todos[1]).to.not.equal(results[0]!.todos[1]);
      await subscription.unsubscribe();
    });
  });

  describe('statements rendered at build time', () => {
    it('return Date objects and booleans, shaped as the schema types them', async () => {
      const todo = await repository.add('typed', freshList());
      expect(todo.createdAt).to.be.instanceOf(Date);
      expect(todo.updatedAt).to.be.instanceOf(Date);
      expect(todo.completed).to.equal(false);
      expect(Object.keys(todo).sort()).to.deep.equal([
        'completed',
        'createdAt',
        'dueAt',
        'id',
        'list',
        'title',
        'updatedAt',
      ]);
    });

    it('agree with Drizzle over the same client (client.orm(drizzle))', async () => {
      const list = freshList();
      const added = await repository.addMany(['one', 'two'], list);
      await repository.setCompleted(added[1]!.id, true);
      const orm = client.orm(drizzle);
      const viaDrizzle = await orm.select().from(todos).where(eq(todos.list, list)).orderBy(asc(todos.id));
      expect(viaDrizzle).to.deep.equal(await repository.getAll(list));
    });
  });
});
