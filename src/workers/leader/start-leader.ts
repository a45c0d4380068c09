import { serializeError } from '../../protocol/serialized-error';
import type { PGlite } from '@electric-sql/pglite';
import type { ElectionNames } from '../../protocol/channels';
import {
  carryOverChannel,
  parseToLeader,
  PROTOCOL_VERSION,
  type CarryOverMessage,
  type LeaderStateMessage,
} from '../../protocol/messages';
import type { DatabaseInfo, WorkerStartOptions } from '../../db/storage';
import { exposeDiagnostics } from '../diagnostics';
import { EngineMonitor } from './engine-health';
import { openDatabase } from '../open-database';
import { createLeaderMethods } from './leader-methods';
import { LeaderServer } from './leader-server';
import { LiveQueries } from './live-queries';
import { prepareRequestLog } from './request-log';
import { SerialQueue } from './serial-queue';
import { TabTransactions } from './tab-transactions';
import { VacuumPolicy } from './vacuum-policy';
import type { WindowSnapshots } from './window-snapshots';
import { LeaderSync } from '../sync/leader-sync';
import { SyncStore } from '../sync/sync-store';
import { syncChannelName } from '../../sync/messages';

/** How long the window snapshots may take to open before the database opens without them. */
const SNAPSHOT_OPEN_MS = 5_000;

/** A leader that serves: `ended` resolves, with why, once its engine died and it stopped serving. */
export interface Leadership {
  readonly pg: PGlite;
  readonly ended: Promise<unknown>;
}

/**
 * Runs once this worker holds the election lock: opens the database and serves every tab.
 * Resolves when serving has begun; rejects (after telling every tab why) when it cannot open,
 * so the caller lets go of the lock and another attempt, in any tab, can lead. Likewise once
 * serving, when the engine dies (`ended`): a leader that only answers errors must not keep the lock.
 */
export async function startLeader(
  names: ElectionNames,
  term: string,
  options: WorkerStartOptions,
  watchTabs: boolean,
): Promise<Leadership> {
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
  // Opened while PGlite loads; checked before PGlite touches the files (window-snapshots.ts).
  const opening = import('./window-snapshots')
    .then(({ WindowSnapshots }) => WindowSnapshots.open(options.database, options.storage))
    .catch((error: unknown) => void console.warn('todo-widget: no list snapshots', error));
  let snapshots: WindowSnapshots | undefined;
  // A carry-over to a new engine (open-database.ts) can take seconds: every tab hears how far it is.
  const carryOver = new BroadcastChannel(carryOverChannel(names));
  try {
    const { pg, info: opened } = await openDatabase(options, {
      carryOverProgress: (step, fraction) =>
        carryOver.postMessage({ v: PROTOCOL_VERSION, kind: 'carry-over', step, fraction } satisfies CarryOverMessage),
      beforeOpen: async (storage, fresh) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          // Never held up by IndexedDB: without it this leader runs without snapshots.
          const timeout = new Promise<never>(
            (_, reject) =>
              (timer = setTimeout(() => reject(new Error('IndexedDB did not answer in time')), SNAPSHOT_OPEN_MS)),
          );
          const candidate = await Promise.race([opening, timeout]);
          await Promise.race([candidate?.prepare(storage, fresh), timeout]);
          snapshots = candidate;
        } catch (error) {
          // Pages that adopt a leader without snapshots drop them (DatabaseInfo.snapshots).
          console.warn('todo-widget: no list snapshots', error);
        } finally {
          clearTimeout(timer);
        }
      },
    });
    const info: DatabaseInfo = snapshots ? { ...opened, snapshots: snapshots.format } : opened;
    await prepareRequestLog(pg);
    const engine = new EngineMonitor(pg);
    engine.watchStatements();
    // Any failed task (a call, a live refresh, a vacuum) may be the first sign of a dead engine.
    const queue = new SerialQueue((error) => void engine.diedOf(error));
    const live = new LiveQueries(pg, queue);
    const writer = snapshots;
    if (writer) live.afterRead = (reads) => writer.afterRead(reads);
    const vacuum = new VacuumPolicy(pg, queue);
    const beforeWrite = writer ? () => writer.beforeWrite() : () => Promise.resolve();
    // Idle until a tab configures it; then it runs for every tab (docs/sync.md, "In the widget").
    const sync = new LeaderSync(
      syncChannelName(names.requests),
      new SyncStore({
        pg,
        queue,
        beforeWrite,
        afterWrite: () => {
          live.invalidate();
          vacuum.noteWrite();
        },
      }),
    );
    const transactions = new TabTransactions(pg, queue, () => {
      live.invalidate();
      vacuum.noteWrite();
      sync.noteWrite();
    });
    const methods = createLeaderMethods({
      pg,
      info,
      queue,
      transactions,
      live,
      vacuum,
      ...(writer ? { beforeWrite } : {}),
      onWrite: () => sync.noteWrite(),
    });
    state = { v: PROTOCOL_VERSION, kind: 'leader', leader: term, state: 'ready', info };
    early.close();
    const server = new LeaderServer(names, term, methods, () => state, [transactions, live], watchTabs, engine);
    server.announce();
    const ended = new Promise<unknown>((stepDown) =>
      engine.onDeath((cause) => {
        vacuum.stop();
        sync.stop();
        server.stop(cause);
        stepDown(cause);
      }),
    );
    exposeDiagnostics(pg, live, vacuum, writer);
    vacuum.start();
    return { pg, ended };
  } catch (error) {
    early.close();
    announcements.postMessage({
      v: PROTOCOL_VERSION,
      kind: 'leader',
      leader: term,
      state: 'failed',
      error: serializeError(error),
    } satisfies LeaderStateMessage);
    throw error;
  } finally {
    announcements.close();
    carryOver.close();
  }
}
