import type { PGlite } from '@electric-sql/pglite';
import type { ElectionNames } from '../../protocol/channels';
import { parseToLeader, PROTOCOL_VERSION, type LeaderStateMessage } from '../../protocol/messages';
import { toWireError } from '../../protocol/wire-error';
import type { WorkerStartOptions } from '../../db/storage';
import { exposeDiagnostics } from '../diagnostics';
import { openDatabase } from '../open-database';
import { createLeaderMethods } from './leader-methods';
import { LeaderServer } from './leader-server';
import { LiveQueries } from './live-queries';
import { prepareRequestLog } from './request-log';
import { SerialQueue } from './serial-queue';
import { TabTransactions } from './tab-transactions';
import { VacuumPolicy } from './vacuum-policy';

/**
 * Runs once this worker holds the election lock: opens the database and serves every tab.
 * Resolves when serving has begun; rejects (after telling every tab why) when it cannot open,
 * so the caller lets go of the lock and another attempt, in any tab, can lead.
 */
export async function startLeader(
  names: ElectionNames,
  term: string,
  options: WorkerStartOptions,
  watchTabs: boolean,
): Promise<PGlite> {
  const announcements = new BroadcastChannel(names.announcements);
  let state: LeaderStateMessage = { v: PROTOCOL_VERSION, kind: 'leader', leader: term, state: 'electing' };
  announcements.postMessage(state);
  // Tabs that connect while the database opens ask who leads: they hear "electing" until it is ready.
  const early = new BroadcastChannel(names.requests);
  early.onmessage = (event: MessageEvent<unknown>) => {
    const message = parseToLeader(event.data);
    if (message?.kind !== 'who-leads') return;
    const reply = new BroadcastChannel(names.tabChannel(message.tab));
    reply.postMessage(state);
    reply.close();
  };
  try {
    const { pg, info } = await openDatabase(options);
    await prepareRequestLog(pg);
    const queue = new SerialQueue();
    const live = new LiveQueries(pg, queue);
    const vacuum = new VacuumPolicy(pg, queue);
    const transactions = new TabTransactions(pg, queue, () => {
      live.invalidate();
      vacuum.noteWrite();
    });
    const methods = createLeaderMethods({ pg, info, queue, transactions, live, vacuum });
    state = { v: PROTOCOL_VERSION, kind: 'leader', leader: term, state: 'ready', info };
    early.close();
    new LeaderServer(names, term, methods, () => state, [transactions, live], watchTabs).announce(announcements);
    exposeDiagnostics(pg, live, vacuum);
    vacuum.start();
    return pg;
  } catch (error) {
    early.close();
    announcements.postMessage({
      v: PROTOCOL_VERSION,
      kind: 'leader',
      leader: term,
      state: 'failed',
      error: toWireError(error),
    } satisfies LeaderStateMessage);
    throw error;
  } finally {
    announcements.close();
  }
}
