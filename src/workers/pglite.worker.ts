/// <reference lib="webworker" />
import { serializeError } from '../protocol/serialized-error';
import { electionNames, randomId } from '../protocol/channels';
import {
  dropMalformed,
  parseStartWorker,
  PROTOCOL_VERSION,
  type FromWorkerMessage,
  type StartWorkerMessage,
} from '../protocol/messages';
import { startLeader, type Leadership } from './leader/start-leader';

/**
 * The database worker. Every tab starts one; it queues for the database's election lock,
 * and the one holding it runs the database for every tab (see leader/). A worker that cannot
 * open the database tells every tab why and lets go of the lock; its page then replaces it
 * (a fresh worker, so a module that failed to load is fetched again) after a pause.
 */
const post = (message: FromWorkerMessage) => self.postMessage(message);

async function run(start: StartWorkerMessage): Promise<void> {
  const names = electionNames(start.election);
  const lead = async (): Promise<void> => {
    const term = randomId();
    let leadership: Leadership;
    try {
      leadership = await startLeader(names, term, start.options, !start.solo);
    } catch (error) {
      console.error('todo-widget: the database could not start', error);
      post({ v: PROTOCOL_VERSION, kind: 'failed', error: serializeError(error) });
      return; // lets go of the election lock
    }
    post({ v: PROTOCOL_VERSION, kind: 'leading', leader: term });
    // Leads until the page closes or replaces this worker, or until its engine dies: its page then
    // replaces it (a fresh engine), and meanwhile another tab may take the lock.
    const cause = await leadership.ended;
    console.error('todo-widget: the database engine stopped working; letting another tab lead', cause);
    post({ v: PROTOCOL_VERSION, kind: 'failed', error: serializeError(cause) });
    // Ends this worker: the election lock and the engine's storage handles go together, so the
    // next leader can open the files (the dead engine holds them, and can no longer close).
    self.close();
  };
  // Where the browser blocks Web Locks (site data blocked) there is no election: this tab's
  // page gave it an election id of its own, so it leads alone.
  if (start.solo) await lead();
  else await navigator.locks.request(names.leaderLock, lead);
}

const onMessage = (event: MessageEvent<unknown>) => {
  const start = parseStartWorker(event.data);
  if (!start) return dropMalformed('the database worker', event.data);
  self.removeEventListener('message', onMessage);
  void run(start);
};
self.addEventListener('message', onMessage);
