import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import type { StorageMode } from '../../src/db/storage';
import { createDatabaseWorker } from '../../src/workers/create-worker';

async function roundTrip(storage: StorageMode, expected: string) {
  const database = `test-persist-${storage}-${Date.now()}`;
  const writer = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  await writer.init();
  expect(writer.info?.storage).to.equal(expected);
  const todo = await new TodoRepository(writer).add('survives a restart', 'persist');
  await writer.close();

  // A fresh client (new worker, new PGlite) opens the same files.
  const reader = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  await reader.init();
  const rows = await new TodoRepository(reader).getAll('persist');
  await reader.close();
  expect(rows.map((row) => [row.id, row.title])).to.deep.equal([[todo.id, 'survives a restart']]);
}

describe('persistence', () => {
  it('keeps rows written on the default storage (OPFS) for a fresh client', () => roundTrip('auto', 'opfs'));
  it('keeps rows written on the IndexedDB fallback for a fresh client', () => roundTrip('idb', 'idb'));
});
