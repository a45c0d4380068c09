import { expect, waitUntil } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository, type TodoWindow } from '../../src/db/repositories/todos';
import { todoStatements } from '../../src/db/repositories/todo-statements.generated';
import { readSnapshot, windowKey, type SnapshotEntry } from '../../src/db/window-snapshot';
import { createDatabaseWorker } from '../../src/workers/create-worker';

// The leader's snapshots against its real writes: real worker, real PGlite on OPFS. A page reads
// the store as a warm start would (readSnapshot), whatever its own client's state.
const DATABASE = `test-snapshot-writes-${Date.now().toString(36)}`;
const client = new DatabaseClient({ database: DATABASE, createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
let counter = 0;
const freshList = () => `snap-${counter++}`;

const snapshotOf = (list: string): Promise<SnapshotEntry | undefined> =>
  readSnapshot(DATABASE, 'auto', windowKey(list, 'all'), { sql: todoStatements.listAll.sql, params: [list] });
const titlesOf = (entry: SnapshotEntry | undefined) => entry?.rows.map((row) => row['title']);

/** A list with `titles`, shown (its window from row 0 live), and listed as current by the leader. */
async function shownList(titles: string[]) {
  const list = freshList();
  await repository.addMany(titles, list);
  let shown: TodoWindow | undefined;
  const subscription = await repository.subscribeWindow(
    list,
    'all',
    { offset: 0, limit: 40 },
    (window) => (shown = window),
  );
  await waitUntil(() => shown?.todos.length === titles.length, 'the window arrives', { timeout: 20_000 });
  await waitUntil(
    async () => JSON.stringify(titlesOf(await snapshotOf(list))) === JSON.stringify(titles),
    'the snapshot is listed',
    { timeout: 20_000 },
  );
  return { list, subscription };
}

describe("window snapshots and the leader's writes", () => {
  before(() => client.init());
  after(() => client.close());

  it('a write in a transaction un-lists the snapshot before it commits; the rows read after it are listed', async () => {
    const { list, subscription } = await shownList(['one', 'two', 'three']);
    await client.transaction(async (tx) => {
      await tx.query('delete from todos where list = $1 and title = $2', [list, 'two']);
      expect(await snapshotOf(list), 'while the delete is not committed').to.equal(undefined);
    });
    await waitUntil(
      async () => JSON.stringify(titlesOf(await snapshotOf(list))) === JSON.stringify(['one', 'three']),
      'listed again, without the deleted row',
      { timeout: 20_000 },
    );
    await subscription.unsubscribe();
  });

  it('a transaction that only reads leaves it listed; one rolled back is listed again, unchanged', async () => {
    const { list, subscription } = await shownList(['kept']);
    await client.transaction(async (tx) => {
      await tx.query('select count(*) from todos where list = $1', [list]);
      expect(titlesOf(await snapshotOf(list)), 'a read un-lists nothing').to.deep.equal(['kept']);
    });
    let during: SnapshotEntry | undefined | 'not read' = 'not read';
    await client
      .transaction(async (tx) => {
        await tx.query('update todos set title = $2 where list = $1', [list, 'never saved']);
        during = await snapshotOf(list);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(during, 'un-listed while the update was not rolled back yet').to.equal(undefined);
    await waitUntil(
      async () => JSON.stringify(titlesOf(await snapshotOf(list))) === JSON.stringify(['kept']),
      'listed again after the rollback',
      { timeout: 20_000 },
    );
    await subscription.unsubscribe();
  });

  it('after writes through query() and exec(), what is listed is what the database holds', async () => {
    const { list, subscription } = await shownList(['a', 'b']);
    const [b] = (await repository.getAll(list)).filter((todo) => todo.title === 'b');
    await repository.setCompleted(b!.id, true);
    await client.exec(`update todos set title = 'a renamed' where list = '${list}' and title = 'a'`);
    await waitUntil(
      async () => {
        const entry = await snapshotOf(list);
        return (
          JSON.stringify(entry?.rows.map((row) => [row['title'], row['completed']])) ===
          JSON.stringify([
            ['a renamed', false],
            ['b', true],
          ])
        );
      },
      'listed with both changes',
      { timeout: 20_000 },
    );
    await subscription.unsubscribe();
  });

  it('a window no page reads any more is not listed after the next write', async () => {
    const shown = await shownList(['stays shown']);
    const gone = await shownList(['no longer shown']);
    await gone.subscription.unsubscribe();
    await repository.add('another', shown.list);
    await waitUntil(async () => (await snapshotOf(shown.list))?.rows.length === 2, 'the shown list is listed again', {
      timeout: 20_000,
    });
    expect(await snapshotOf(gone.list)).to.equal(undefined);
    await shown.subscription.unsubscribe();
  });
});
