import { expect, waitUntil } from '@open-wc/testing';
import type { PGlite } from '@electric-sql/pglite';
import { LeaderLink } from '../../../src/db/connection/leader-link';
import { ChannelTransport } from '../../../src/db/connection/transport';
import { electionId } from '../../../src/db/storage';
import { LeaderChangedError } from '../../../src/errors';
import { electionNames, randomId } from '../../../src/protocol/channels';
import { startLeader } from '../../../src/workers/leader/start-leader';

// The leader as its worker runs it (startLeader: real PGlite, real channels), here in the page so
// the test can reach its engine; a tab's real LeaderLink talks to it over the real channels.
describe('startLeader', function () {
  this.timeout(180_000);

  describe('an engine that dies after opening', () => {
    it('stops answering, tells every tab it failed, and ends its leadership so another tab can lead', async () => {
      const database = `start-leader-dead-${randomId().slice(0, 8)}`;
      const names = electionNames(electionId(database, 'memory'));
      const term = randomId();
      const started: unknown = await startLeader(names, term, { database, storage: 'memory' }, false);
      // This code returns { pg, ended }; 08c240a returned the PGlite itself.
      const leadership = started as { pg?: PGlite; ended?: Promise<unknown> };
      const pg = leadership.pg ?? (started as PGlite);
      const tab = randomId();
      const link = new LeaderLink(new ChannelTransport(names, tab), tab, { probeTimeoutMs: 10_000 });
      try {
        await waitUntil(() => link.state.kind === 'ready', 'the tab follows the leader', { timeout: 30_000 });
        const before = await link.call('query', { sql: 'select 1 as one', params: [] }, Date.now() + 10_000);
        expect(before.rows).to.deep.equal([{ one: 1 }]);

        // The engine stops for good: every statement fails from now on, as after a WebAssembly abort.
        await pg.close();
        const write = link
          .call(
            'query',
            { sql: `select 'typed before it died'`, params: [], requestId: randomId() },
            Date.now() + 10_000,
          )
          .then(
            () => 'answered',
            (error: unknown) => error,
          );
        // Not "refused": the tab does not know whether it applied, and (with its request id) sends it to the next leader.
        expect(await write).to.be.instanceOf(LeaderChangedError);
        expect(link.state.kind, 'every tab hears that this leader failed').to.equal('failed');
        expect(await leadership.ended, 'the leadership ends: the worker lets go of the election lock').to.be.an(
          'error',
        );
      } finally {
        link.close(new LeaderChangedError());
      }
    });
  });
});
