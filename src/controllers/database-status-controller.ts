import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getDatabaseClient } from '../registry';
import type { DatabaseInfo } from '../db/storage';

export type DatabaseRole = 'starting' | 'leader' | 'follower' | 'failed';

const WHERE_KEPT: Record<DatabaseInfo['storage'], string> = {
  opfs: 'saved in this browser (OPFS)',
  idb: 'saved in this browser (IndexedDB; each change takes longer to save)',
  memory: 'not saved: in-memory only, gone when the last tab closes',
};

/**
 * Tracks whether this tab runs the database or follows another tab, and where the data
 * is kept; the host re-renders on every change.
 */
export class DatabaseStatusController implements ReactiveController {
  #host: ReactiveControllerHost;
  #stopListening?: () => void;
  role: DatabaseRole = 'starting';
  info?: DatabaseInfo;
  error?: Error;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const client = getDatabaseClient();
    const refresh = () => {
      this.role = client.isLeader ? 'leader' : 'follower';
      this.info = client.info;
      this.#host.requestUpdate();
    };
    this.#stopListening = client.onLeaderChange(refresh);
    client.init().then(refresh, (error: unknown) => {
      this.role = 'failed';
      this.error = error instanceof Error ? error : new Error(String(error));
      this.#host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
  }

  /** One line a person can read, e.g. "This tab runs the database (leader) · saved in this browser (OPFS)". */
  get text(): string {
    switch (this.role) {
      case 'starting':
        return 'Starting the database…';
      case 'failed':
        return `The database could not start: ${this.error?.message ?? 'unknown error'}`;
      case 'leader':
      case 'follower': {
        const who =
          this.role === 'leader' ? 'This tab runs the database (leader)' : 'Another tab runs the database (follower)';
        return this.info ? `${who} · ${WHERE_KEPT[this.info.storage]}` : who;
      }
    }
  }
}
