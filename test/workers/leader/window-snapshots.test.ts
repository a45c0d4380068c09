import { expect } from '@open-wc/testing';
import { SnapshotUnwritableError, WindowSnapshots } from '../../../src/workers/leader/window-snapshots';
import type { LiveRead } from '../../../src/workers/leader/live-queries';
import {
  countsKey,
  readSnapshot,
  request,
  SNAPSHOT_DB,
  SNAPSHOT_ENTRIES,
  SNAPSHOT_ROWS,
  windowKey,
} from '../../../src/db/window-snapshot';
import { todoStatements } from '../../../src/db/repositories/todo-statements.generated';
import type { StorageKind, StorageMode } from '../../../src/db/storage';
import { filesName } from '../../../src/workers/engine';

// The leader's writer and the page's reader over the real IndexedDB, without PGlite: the
// database's "files" are an IndexedDB database named as PGlite's idb:// storage names its own.

let counter = 0;
/** A database name of its own, with its (stand-in) files. */
async function database(): Promise<string> {
  const name = `snapshots-${Date.now().toString(36)}-${counter++}`;
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(`/pglite/${filesName(name)}`);
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
  return name;
}

const todo = (n: number, completed = false) => ({
  id: `0190aaaa-0000-7000-8000-${String(n).padStart(12, '0')}`,
  list: 'l',
  title: `todo ${n}`,
  completed,
  createdAt: new Date(1_700_000_000_000 + n),
  updatedAt: new Date(1_700_000_000_000 + n),
  dueAt: null,
});

/** A read of the list window of `list` under `filter`, from place `offset`, as LiveQueries reports it. */
function windowRead(
  list: string,
  rows: number,
  { offset = 0, total = rows, filter = 'all' as 'all' | 'active' } = {},
): LiveRead {
  const statement = filter === 'all' ? todoStatements.listAll : todoStatements.listActive;
  return {
    sql: statement.sql,
    params: filter === 'all' ? [list] : [list, false],
    window: { offset, limit: 88 },
    delivery: {
      type: 'rows',
      rows: Array.from({ length: rows }, (_, i) => todo(offset + i)),
      window: { offset, limit: 88 },
      totalCount: total,
    },
  };
}

const countsRead = (list: string, counts = { total: 3, active: 2, completed: 1 }): LiveRead => ({
  sql: todoStatements.counts.sql,
  params: [list],
  window: undefined,
  delivery: { type: 'rows', rows: [counts] },
});

const readWindow = (name: string, list: string, mode: 'auto' | 'idb' = 'auto', filter: 'all' | 'active' = 'all') =>
  readSnapshot(name, mode, windowKey(list, filter), {
    sql: (filter === 'all' ? todoStatements.listAll : todoStatements.listActive).sql,
    params: filter === 'all' ? [list] : [list, false],
  });

async function writer(
  name: string,
  {
    mode = 'auto',
    storage = 'idb',
    fresh = false,
  }: { mode?: StorageMode; storage?: StorageKind; fresh?: boolean } = {},
) {
  const snapshots = (await WindowSnapshots.open(name, mode))!;
  await snapshots.prepare(storage, fresh);
  return snapshots;
}

/** Lets the writes `afterRead` started commit (IndexedDB runs them in order: a read-only one after sees them). */
const flushed = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('window snapshots (leader writes, page reads)', () => {
  it('a window read from place 0 is readable, its first rows and the total, with dates as dates', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([windowRead('l', 70, { total: 500 })]);
    await flushed();
    const entry = await readWindow(name, 'l');
    expect(entry?.rows.length).to.equal(SNAPSHOT_ROWS);
    expect(entry?.total).to.equal(500);
    expect(entry?.rows[0]).to.deep.equal(todo(0));
    expect(entry?.rows[0]?.['createdAt']).to.be.instanceOf(Date);
  });

  it('keeps counts, and each filter apart', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([countsRead('l'), windowRead('l', 2, { filter: 'active' })]);
    await flushed();
    const counts = await readSnapshot(name, 'auto', countsKey('l'), { sql: todoStatements.counts.sql, params: ['l'] });
    expect(counts?.rows).to.deep.equal([{ total: 3, active: 2, completed: 1 }]);
    expect((await readWindow(name, 'l', 'auto', 'active'))?.rows.length).to.equal(2);
    expect(await readWindow(name, 'l', 'auto', 'all')).to.equal(undefined);
  });

  it('shows nothing once a write began, until the rows were read again after it', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([windowRead('l', 3)]);
    // Not awaited: the mark is ordered after the listing all the same.
    await snapshots.beforeWrite();
    expect(await readWindow(name, 'l')).to.equal(undefined);
    snapshots.afterRead([windowRead('l', 2)]);
    await flushed();
    expect((await readWindow(name, 'l'))?.rows.length).to.equal(2);
  });

  it('after a write, lists only the windows read again: one no page reads any more stays unlisted', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([windowRead('a', 1), windowRead('b', 1)]);
    await snapshots.beforeWrite();
    snapshots.afterRead([windowRead('a', 1)]);
    await flushed();
    expect(await readWindow(name, 'a')).to.not.equal(undefined);
    expect(await readWindow(name, 'b')).to.equal(undefined);
  });

  it('a held update leaves the snapshot unlisted after a write (a crash then shows nothing)', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([windowRead('l', 3)]);
    await flushed();
    snapshots.hold(true);
    await snapshots.beforeWrite();
    snapshots.afterRead([windowRead('l', 2)]);
    await flushed();
    expect(await readWindow(name, 'l')).to.equal(undefined);
    snapshots.hold(false);
    snapshots.afterRead([windowRead('l', 2)]);
    await flushed();
    expect((await readWindow(name, 'l'))?.rows.length).to.equal(2);
  });

  it("never stores a window from another place, another query, or another build's columns", async () => {
    const name = await database();
    const snapshots = await writer(name);
    const other = windowRead('l', 3);
    snapshots.afterRead([
      windowRead('l', 3, { offset: 40, total: 90 }),
      { ...other, sql: other.sql.replace(', "due_at" as "dueAt"', '') },
    ]);
    await flushed();
    expect(await readWindow(name, 'l')).to.equal(undefined);
  });

  it('a page reads a snapshot only for the same storage choice, the same query, and while the files are there', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([windowRead('l', 3)]);
    await flushed();
    expect(await readWindow(name, 'l', 'idb')).to.equal(undefined);
    expect(
      await readSnapshot(name, 'auto', windowKey('l', 'all'), { sql: todoStatements.listAll.sql, params: ['other'] }),
    ).to.equal(undefined);
    expect(
      await readSnapshot(name, 'memory', windowKey('l', 'all'), { sql: todoStatements.listAll.sql, params: ['l'] }),
    ).to.equal(undefined);
    expect(await readWindow(name, 'l')).to.not.equal(undefined);
    await new Promise((resolve) => {
      const deleting = indexedDB.deleteDatabase(`/pglite/${filesName(name)}`);
      deleting.onsuccess = deleting.onerror = resolve;
    });
    expect(await readWindow(name, 'l'), 'the database files are gone').to.equal(undefined);
  });

  it('a leader that finds no files, another storage or another build drops the snapshots before it opens the database', async () => {
    const name = await database();
    const first = await writer(name);
    first.afterRead([windowRead('l', 3)]);
    await flushed();
    // The same files, storage and code: kept (no write happened in between).
    await writer(name);
    expect(await readWindow(name, 'l')).to.not.equal(undefined);
    await writer(name, { fresh: true });
    expect(await readWindow(name, 'l'), 'fresh files').to.equal(undefined);

    const second = await writer(name);
    second.afterRead([windowRead('l', 3)]);
    await flushed();
    await writer(name, { storage: 'opfs' });
    expect(await readWindow(name, 'l'), 'another storage').to.equal(undefined);

    const third = await writer(name);
    third.afterRead([windowRead('l', 3)]);
    await flushed();
    await writer(name, { storage: 'memory' });
    expect(await readWindow(name, 'l'), 'an in-memory database of the same name').to.equal(undefined);
  });

  it(`keeps the ${SNAPSHOT_ENTRIES} entries read last`, async () => {
    const name = await database();
    const snapshots = await writer(name);
    for (let i = 0; i <= SNAPSHOT_ENTRIES; i++) {
      snapshots.afterRead([windowRead(`list ${i}`, 1)]);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await flushed();
    expect(await readWindow(name, 'list 0'), 'the oldest').to.equal(undefined);
    expect(await readWindow(name, `list ${SNAPSHOT_ENTRIES}`)).to.not.equal(undefined);
    expect(await readWindow(name, 'list 1')).to.not.equal(undefined);
  });

  // Last: it leaves a connection open that another copy's upgrade waits for, until it ends.
  it('a write whose reopening of the snapshot store is blocked fails in bounded time, and does not wait forever', async () => {
    const name = await database();
    const snapshots = await writer(name);
    snapshots.afterRead([windowRead('l', 3)]);
    await flushed();
    // A tab that is frozen (or of an older build) keeps its connection open through a versionchange…
    const frozen = await request(indexedDB.open(SNAPSHOT_DB));
    frozen.onversionchange = null;
    // …so another build's upgrade waits; the leader's connection closes for it, as it must.
    const upgrade = indexedDB.open(SNAPSHOT_DB, frozen.version + 1);
    upgrade.onupgradeneeded = () => upgrade.transaction!.abort(); // leave the store as the other tests use it
    const upgradeEnded = new Promise((resolve) => {
      upgrade.onerror = resolve;
      upgrade.onsuccess = resolve;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      // The next write reopens the store: that open waits behind the blocked upgrade.
      const started = performance.now();
      const outcome = await Promise.race([
        snapshots.beforeWrite().then(
          () => 'written',
          (error: unknown) => error,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 30 s'), 30_000)),
      ]);
      expect(outcome, 'the write is refused, not held').to.be.instanceOf(SnapshotUnwritableError);
      expect(performance.now() - started).to.be.below(30_000);
    } finally {
      frozen.close();
      await upgradeEnded;
    }
  });
});
