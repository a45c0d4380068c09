/// <reference lib="webworker" />
import { worker } from '@electric-sql/pglite/worker';
import { serializeError } from '../errors';
import type { WorkerStartOptions } from '../db/storage';
import { exposeDiagnostics } from './diagnostics';
import { liveTabApi } from './live-service';
import { openDatabase } from './open-database';
import { isConnectMessage, startFailureChannelName, type StartFailedMessage } from './worker-protocol';
import { LocalLockManager } from '../internal/local-locks';
import { webLocksDenied } from '../internal/web-locks-denied';

// PGlite's handshake starts with a message the page must be listening for (see ConnectMessage).
// Listening from the first line: a message that arrives while nothing listens is lost.
const connectRequested = new Promise<void>((resolve) => {
  const onMessage = (event: MessageEvent<unknown>) => {
    if (!isConnectMessage(event.data)) return;
    self.removeEventListener('message', onMessage);
    resolve();
  };
  self.addEventListener('message', onMessage);
});

// Where the browser blocks site data it blocks Web Locks too, and PGlite's election would
// wait forever. The page then gives this worker an election of its own (see DatabaseClient),
// so locks only this worker sees are all it needs. PGlite's worker waits on the lock its tab
// holds until it closes; this worker dies with its one tab, so that lock is never granted here.
if (await webLocksDenied()) {
  const locks = new LocalLockManager({ heldElsewhere: (name) => name.startsWith('pglite-tab-close:') });
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
}

await connectRequested;

/**
 * The database worker. Every tab starts one; PGlite's `worker()` lets exactly one of
 * them (the holder of the election lock) run the database, and the others proxy to it.
 */
void worker({
  // Live queries run here, next to the database: one call to set one up, one message per result.
  tabApi: liveTabApi,
  async init(options) {
    const start = options.meta as WorkerStartOptions;
    try {
      const pg = await openDatabase(start);
      exposeDiagnostics(pg);
      return pg;
    } catch (error) {
      // PGlite's worker() has no way to report a failed init: tabs would wait forever.
      const message: StartFailedMessage = { type: 'todo-widget:start-failed', error: serializeError(error) };
      self.postMessage(message);
      const channel = new BroadcastChannel(startFailureChannelName(options.id ?? start.database));
      channel.postMessage(message);
      channel.close();
      console.error('todo-widget: the database could not start', error);
      throw error;
    }
  },
});
