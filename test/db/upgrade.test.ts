import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { bundledMigrations } from '../../src/db/migrations';
import { TodoRepository } from '../../src/db/repositories/todos';
import type { StorageKind, StorageMode } from '../../src/db/storage';
import type { PreviousReleaseRequest } from '../support/previous-release.worker';
import { createDatabaseWorker } from '../../src/workers/create-worker';

/**
 * A new widget version opening a database the previous version wrote: real worker, real
 * PGlite, files really persisted (IndexedDB, OPFS) between the two. The "previous version"
 * is test/support/previous-release.worker.ts: this code's migrations up to the last release's.
 */
const PREVIOUS = bundledMigrations.length - 1;
const ROWS_PER_LIST = 60;

interface StoredRow {
  id: string;
  list: string;
  title: string;
  completed: boolean;
  created_at: string;
}

const columnsOf = async (client: DatabaseClient) =>
  (
    await client.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'todos' order by ordinal_position`,
    )
  ).map((row) => row.column_name);

// Cast to text: compares the stored values, not their JavaScript conversions.
const everyRow = (client: DatabaseClient) =>
  client.query<StoredRow>(`select id::text, list, title, completed, created_at::text from todos order by id`);

/** Runs the previous release's writes on a new database; resolves the columns its schema has. */
function writeAsPreviousRelease(request: PreviousReleaseRequest): Promise<{ columns: string[]; rows: StoredRow[] }> {
  const worker = new Worker(new URL('../support/previous-release.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (
      event: MessageEvent<{ ok: boolean; columns?: string[]; rows?: StoredRow[]; error?: string }>,
    ) => {
      worker.terminate();
      if (event.data.ok) resolve({ columns: event.data.columns!, rows: event.data.rows! });
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(`previous-release worker: ${event.message}`));
    worker.postMessage(request);
  });
}

async function upgradeInPlace(storage: StorageMode, expectedStorage: StorageKind) {
  const database = `test-upgrade-${storage}-${Date.now()}`;

  // 1. The previous release creates the database and writes to it, the way its code does
  //    (it has never heard of due_at, so its INSERT does not name the column).
  const inserts = ['upgrade-a', 'upgrade-b'].map((list) => {
    const values = Array.from(
      { length: ROWS_PER_LIST },
      (_, i) => `(gen_random_uuid(), '${list}', 'row ${i} ' || repeat('é', ${i % 7}), ${i % 3 === 0})`,
    );
    return `insert into todos (id, list, title, completed) values ${values.join(',')};`;
  });
  const previous = await writeAsPreviousRelease({
    database,
    storage: expectedStorage,
    migrations: PREVIOUS,
    sql: inserts.join('\n'),
  });
  expect(previous.columns).to.not.include('due_at');
  const written = previous.rows;
  expect(written).to.have.length(2 * ROWS_PER_LIST);

  // 2. The new release opens the same files in a new worker and migrates in place.
  const next = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  try {
    await next.init();
    expect(next.info?.storage).to.equal(expectedStorage);
    expect(await columnsOf(next)).to.include('due_at');
    const migrations = await next.query<{ created_at: string }>(
      'select created_at::text from todo_widget.migrations order by id',
    );
    expect(migrations.map((row) => Number(row.created_at))).to.deep.equal(
      bundledMigrations.map((migration) => migration.when),
    );

    // Every row kept, exactly once, unchanged.
    expect(await everyRow(next)).to.deep.equal(written);
    const distinct = await next.queryOne<{ n: number }>('select count(distinct id)::int as n from todos');
    expect(distinct?.n).to.equal(2 * ROWS_PER_LIST);

    // The new column works on the old rows.
    const repository = new TodoRepository(next);
    const [first] = await repository.getAll('upgrade-a');
    expect(first?.dueAt).to.equal(null);
    const due = new Date('2030-01-02T03:04:05.000Z');
    expect((await repository.setDueAt(first!.id, due))?.dueAt?.toISOString()).to.equal(due.toISOString());
  } finally {
    await next.close();
  }

  // 3. Opening again applies nothing more and still has every row once.
  const again = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  try {
    await again.init();
    expect((await again.queryOne<{ n: number }>('select count(*)::int as n from todo_widget.migrations'))?.n).to.equal(
      bundledMigrations.length,
    );
    expect((await everyRow(again)).map((row) => row.id)).to.deep.equal(written.map((row) => row.id));
  } finally {
    await again.close();
  }
}

describe('upgrading a database written by the previous release', () => {
  it('is at least two migrations long (the previous release had fewer)', () => {
    expect(bundledMigrations.length).to.be.at.least(2);
    expect(bundledMigrations[bundledMigrations.length - 1]!.sql).to.contain('"due_at"');
  });

  it('keeps every row exactly once and adds due_at, in IndexedDB', () => upgradeInPlace('idb', 'idb'));
  it('keeps every row exactly once and adds due_at, in OPFS', () => upgradeInPlace('auto', 'opfs'));
});
