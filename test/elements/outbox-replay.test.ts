import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { configure, getPendingTodos, getTodoRepository } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { newTodoId } from '../../src/db/repositories/todos';
import { AddOutbox } from '../../src/unsaved/add-outbox';
import { OutboxEntryExpiredError } from '../../src/errors';
import { expectTitles, settled, typeTodo, uniqueList } from './helpers';

const database = `test-outbox-${Date.now()}`;
const prefix = `todo-widget:outbox:v1:${database}:`;
const list = uniqueList('outbox');
const keptIds = [newTodoId(), newTodoId()];

// What a tab closed before its database started leaves behind: its adds, kept in the browser.
// Written before anything on this page opens the database, as the closed tab wrote them.
localStorage.setItem(prefix + keptIds[0], JSON.stringify({ list, title: 'typed in a closed tab' }));
localStorage.setItem(prefix + keptIds[1], JSON.stringify({ list, title: 'typed there too' }));
localStorage.setItem(`${prefix}not-a-todo`, '{ broken json');
// An add the previous release kept for another database whose name starts with this one's and a
// colon: its key starts with this database's prefix too.
const neighbour = `${database}:neighbour`;
const neighbourId = newTodoId();
const neighbourKey = `todo-widget:outbox:v1:${neighbour}:${neighbourId}`;
localStorage.setItem(neighbourKey, JSON.stringify({ list, title: 'typed for the neighbour' }));

/** A UUIDv7 made `ms` ago, as a tab then made it. */
const idMadeAgo = (ms: number) => {
  const time = (Date.now() - ms).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-${newTodoId().slice(14)}`;
};
// An add kept 8 days ago, past what the leader's request log remembers (7 days): it may have been
// saved and deleted since (the database has no such todo, and the log forgot it).
const staleList = uniqueList('outbox-stale');
const staleId = idMadeAgo(8 * 24 * 60 * 60 * 1000);
localStorage.setItem(prefix + staleId, JSON.stringify({ list: staleList, title: 'kept for 8 days' }));

// And one whose id is not a todo's: no UUID, so no INSERT could take it.
const notAnIdKey = `${prefix}not-a-uuid`;
localStorage.setItem(notAnIdKey, JSON.stringify({ list, title: 'no id of a todo' }));

/** This database's outbox keys, in whichever format (the neighbour's is not one of them). */
const kept = () =>
  Object.keys(localStorage).filter(
    (key) => key.startsWith('todo-widget:outbox:') && key !== neighbourKey && key !== notAnIdKey,
  );
configure({ database });

describe('adds kept in the browser (the outbox)', () => {
  after(() => {
    for (const key of [...kept(), neighbourKey, notAnIdKey]) localStorage.removeItem(key);
  });

  it('the next page on the database saves what a closed tab kept, once, by its id, and forgets it', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    await expectTitles(element, ['typed in a closed tab', 'typed there too']);
    await settled(element);
    const stored = await getTodoRepository().getAll(list);
    expect(stored.map((todo) => todo.id)).to.deep.equal(keptIds);
    await waitUntil(
      () => kept().filter((key) => !key.endsWith(staleId)).length === 1,
      'the saved adds leave the outbox (the damaged entry is left alone)',
    );
  });

  it("leaves alone what another database whose name starts with this one's kept, and entries with no todo id", async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${list}></todo-app>`);
    await element.ready;
    // Every replay this page started has been answered before a later call is (one leader, in order).
    await getTodoRepository().getAll(list);
    expect(localStorage.getItem(neighbourKey), 'still kept for its own database').to.not.equal(null);
    expect(localStorage.getItem(notAnIdKey), 'not ours to replay, nor to delete').to.not.equal(null);
    expect(await getTodoRepository().get(neighbourId), 'not saved into this database').to.equal(undefined);
    expect(new AddOutbox(neighbour).entries()).to.deep.equal([
      { id: neighbourId, list, title: 'typed for the neighbour' },
    ]);
    expect(new AddOutbox(database).entries().map((entry) => entry.id)).to.not.include(neighbourId);
  });

  it('an add is in the outbox before it is shown, and leaves it once saved', async () => {
    const other = uniqueList('outbox');
    const element = await fixture<TodoApp>(html`<todo-app list=${other}></todo-app>`);
    await element.ready;
    const before = new Set(kept());
    const saved = getPendingTodos().add('kept first', other);
    // Synchronously, before any render could show it: the browser holds it already.
    const added = kept().filter((key) => !before.has(key));
    expect(added).to.have.length(1);
    expect(JSON.parse(localStorage.getItem(added[0]!)!)).to.deep.equal({ list: other, title: 'kept first' });
    await saved;
    await settled(element);
    expect(
      kept().filter((key) => !before.has(key)),
      'saved, it leaves the outbox',
    ).to.deep.equal([]);
    expect((await getTodoRepository().getAll(other)).map((todo) => todo.title)).to.deep.equal(['kept first']);
    void typeTodo;
  });

  it('an add kept longer than the database remembers saves is not saved again by itself: shown as failed until the user decides', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list=${staleList}></todo-app>`);
    await element.ready;
    await expectTitles(element, ['kept for 8 days']);
    // The list's other writes have had time to land: the first test's adds were saved meanwhile.
    await waitUntil(() => getPendingTodos().of(staleList, 0)[0]?.failed, 'no reason shown for the kept add');
    expect(await getTodoRepository().get(staleId), 'not brought back by itself').to.equal(undefined);
    const [shown] = getPendingTodos().of(staleList, 0);
    expect(shown?.failed).to.be.instanceOf(OutboxEntryExpiredError);
    expect(shown?.failed?.message).to.match(/add it again or discard it/);
    expect(
      kept().some((key) => key.endsWith(staleId)),
      'still kept in the browser',
    ).to.equal(true);

    // The user adds it again: saved now, by its id, and gone from the outbox.
    await getPendingTodos().retry(staleId);
    expect((await getTodoRepository().get(staleId))?.title).to.equal('kept for 8 days');
    await waitUntil(() => !kept().some((key) => key.endsWith(staleId)), 'saved, it leaves the outbox');
  });
});
