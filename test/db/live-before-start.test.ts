import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { createDatabaseWorker } from '../../src/workers/create-worker';

// Found in WebKitGTK (issue 18): a first visit there took ~37 s to open the database (IndexedDB
// on a busy machine), longer than one call's 30 s. The widget's lists subscribe as soon as they
// connect, before the database is up; those subscriptions failed with DatabaseTimeoutError and
// were never opened again, so the list stayed empty while adds were saved. A live query opened
// before the first leader is ready waits for it as init() does (startTimeoutMs), not callTimeoutMs.
describe('a live query opened while the database is still starting', () => {
  it('waits for the start (startTimeoutMs), not one call (callTimeoutMs), and then follows changes', async () => {
    // callTimeoutMs far below a cold start (3+ s for a fresh memory:// database here).
    const client = new DatabaseClient({
      database: `live-before-start-${crypto.randomUUID()}`,
      storage: 'memory',
      createWorker: createDatabaseWorker,
      callTimeoutMs: 300,
      startTimeoutMs: 90_000,
    });
    try {
      const seen: number[][] = [];
      const started = performance.now();
      const unsubscribe = await client.liveQuery<{ n: number }>('select 1 as n', [], (rows) =>
        seen.push(rows.map((row) => row.n)),
      );
      console.log(`live query opened ${Math.round(performance.now() - started)} ms after the client was created`);
      expect(client.ready).to.be.true;
      expect(seen[0]).to.deep.equal([1]);
      await unsubscribe();

      // Once started, a call keeps its own (short) budget.
      await client.exec('create table t (n int)');
      const rows: number[][] = [];
      const stop = await client.liveQuery<{ n: number }>('select n from t order by n', [], (result) =>
        rows.push(result.map((row) => row.n)),
      );
      await client.exec('insert into t values (7)');
      for (let i = 0; i < 100 && rows.at(-1)?.[0] !== 7; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rows.at(-1)).to.deep.equal([7]);
      await stop();
    } finally {
      await client.close();
    }
  });
});
