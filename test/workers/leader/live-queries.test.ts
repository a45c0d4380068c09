import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { exposeDiagnostics } from '../../../src/workers/diagnostics';
import { LiveQueries } from '../../../src/workers/leader/live-queries';
import { SerialQueue } from '../../../src/workers/leader/serial-queue';
import { VacuumPolicy } from '../../../src/workers/leader/vacuum-policy';
import type { LiveDelivery } from '../../../src/protocol/leader-api';

// The leader's live queries over a real PGlite (in memory, in this page), read back through the
// diagnostics the worker publishes.
describe("the leader's live queries", () => {
  let pg: PGlite;
  let live: LiveQueries;
  let vacuum: VacuumPolicy;
  const liveQueryCount = () => globalThis.todoWidgetDiagnostics!.liveQueryCount();

  before(async () => {
    pg = await PGlite.create();
    await pg.exec('create table items (id int primary key, title text)');
    const queue = new SerialQueue();
    live = new LiveQueries(pg, queue);
    vacuum = new VacuumPolicy(pg, queue);
    exposeDiagnostics(pg, live, vacuum);
  });
  after(async () => {
    vacuum.stop();
    globalThis.todoWidgetDiagnostics = undefined;
    await pg.close();
  });

  describe('a query whose first read fails', () => {
    it('is dropped: the count returns to its baseline, and later writes re-run only the queries that work', async () => {
      const delivered: LiveDelivery[] = [];
      await live.subscribeRows('tab/working', { sql: 'select * from items order by id', params: [] }, (d) =>
        delivered.push(d),
      );
      const baseline = liveQueryCount();
      expect(baseline).to.equal(1);

      const failures: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        await live
          .subscribeRows(`tab/bad-rows-${i}`, { sql: `select * from no_such_table_${i}`, params: [] }, () => undefined)
          .catch((error: unknown) => failures.push(error));
        await live
          .subscribeRows(
            `tab/bad-window-${i}`,
            {
              sql: 'select * from items where id = $1::int',
              params: ['not a number'],
              window: { offset: 0, limit: 10 },
            },
            () => undefined,
          )
          .catch((error: unknown) => failures.push(error));
        await live
          .subscribeChanges(`tab/bad-changes-${i}`, { sql: 'select 1/0 as id', params: [], key: 'id' }, () => undefined)
          .catch((error: unknown) => failures.push(error));
      }
      expect(failures).to.have.length(15);
      expect(liveQueryCount()).to.equal(baseline);
      expect(live.describe()).to.have.length(1);

      await pg.query(`insert into items values (1, 'one')`);
      live.invalidate();
      await waitForRows(delivered, 1);
      expect(liveQueryCount()).to.equal(baseline);
      live.stop('tab/working');
      expect(liveQueryCount()).to.equal(0);
    });
  });
});

async function waitForRows(delivered: readonly LiveDelivery[], rows: number): Promise<void> {
  const started = Date.now();
  while (!delivered.some((d) => d.type === 'rows' && d.rows.length === rows)) {
    if (Date.now() - started > 30_000) throw new Error(`no delivery of ${rows} rows`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
