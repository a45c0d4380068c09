import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import { createDatabaseWorker } from '../../src/workers/create-worker';

// A first visit starts from the database prepared at build time (scripts/initial-data-dir.mjs),
// not from initdb in the browser: what only that database has shows it was used, and it keeps
// what is written to it. Real worker, real PGlite, real OPFS and IndexedDB.
describe('a new database starts from the prepared one', () => {
  for (const storage of ['opfs', 'idb'] as const) {
    it(`on ${storage}: the prepared layout and settings, and a todo kept across a restart`, async () => {
      const database = `test-initial-${storage}-${Date.now()}`;
      const first = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
      await first.init();
      const layout = await first.queryOne<{ databases: number; wal: string; buffers: string; minWal: string }>(
        `select (select count(*)::int from pg_database) as databases, current_setting('wal_segment_size') as wal,
                current_setting('shared_buffers') as buffers, current_setting('min_wal_size') as "minWal"`,
      );
      // initdb in the browser would have made template0 and template1 too, with 16 MB WAL segments.
      expect(layout).to.deep.equal({ databases: 1, wal: '1MB', buffers: '32MB', minWal: '2MB' });
      const kept = await new TodoRepository(first).add('kept from a first visit', 'initial');
      await first.close();

      const second = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
      await second.init();
      const titles = (await new TodoRepository(second).getAll('initial')).map((todo) => todo.title);
      expect(titles).to.deep.equal([kept.title]);
      await second.close();
    });
  }
});
