import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterCurrentScript, getDatabaseClient, type DatabaseChoice } from '../registry';
import type { DatabaseInfo } from '../db/storage';
import type { SessionStatus } from '../db/client';
import type { MemoryDatabaseLostError } from '../errors';
import { isStoragePersisted, requestPersistentStorage } from '../internal/persistent-storage';

/** `outdated`: a newer widget version upgraded the database; this page must be reloaded. */
export type DatabaseRole = 'starting' | 'leader' | 'follower' | 'failed' | 'outdated';

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
  #host: ReactiveControllerHost & HTMLElement;
  #stopListening?: () => void;
  #stopMemoryListening?: () => void;
  role: DatabaseRole = 'starting';
  info?: DatabaseInfo;
  error?: Error;
  /** Set when the in-memory database this tab showed was lost with the tab that held it. */
  memoryLost?: MemoryDatabaseLostError;
  /** What the browser granted for persistent storage; `undefined` until known or where unsupported. */
  persisted?: boolean;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  #onAdd = () => {
    if (this.info?.durable && this.persisted !== true) {
      void requestPersistentStorage().then((granted) => this.#setPersisted(granted));
    }
  };

  #setPersisted(persisted: boolean | undefined): void {
    this.persisted = persisted;
    this.#host.requestUpdate();
  }

  /** Counts connections, so a start scheduled for one that has ended does not run. */
  #connection = 0;

  hostConnected(): void {
    const connection = ++this.#connection;
    afterCurrentScript(
      () => this.#connect(),
      () => connection === this.#connection,
    );
  }

  #connect(): void {
    const client = getDatabaseClient(this.#host as DatabaseChoice);
    this.#stopListening = client.onStatus((status) => this.#show(status));
    this.#stopMemoryListening = client.onMemoryLost((error) => {
      this.memoryLost = error;
      this.#host.requestUpdate();
    });
    this.#host.addEventListener('todo-add', this.#onAdd);
    this.#show(client.status);
    client.init().then(
      () => {
        if (client.info?.durable) void isStoragePersisted().then((persisted) => this.#setPersisted(persisted));
      },
      // A failure shows through the status (and stays until a leader opens the database).
      () => this.#show(client.status),
    );
  }

  #show(status: SessionStatus): void {
    switch (status.kind) {
      case 'starting':
        this.role = 'starting';
        break;
      case 'ready':
        this.role = status.isLeader ? 'leader' : 'follower';
        this.info = status.info;
        this.error = undefined;
        break;
      case 'failed':
      case 'outdated':
        this.role = status.kind;
        this.error = status.error;
        break;
    }
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#connection++;
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#stopMemoryListening?.();
    this.#stopMemoryListening = undefined;
    this.#host.removeEventListener('todo-add', this.#onAdd);
  }

  /**
   * Set when the browser blocked durable storage and the database runs in memory instead:
   * a sentence for a notice that is always shown, since the user would otherwise lose todos unawares.
   */
  get notSavedNotice(): string | undefined {
    const reason = this.info?.fallbackReason;
    if (!reason) return undefined;
    return `Not saved: ${reason} They are lost when this page is closed or reloaded.`;
  }

  /** One line a person can read, e.g. "This tab runs the database (leader) · saved in this browser (OPFS)". */
  get text(): string {
    switch (this.role) {
      case 'starting':
        return 'Starting the database…';
      case 'failed':
        return `The database could not start: ${this.error?.message ?? 'unknown error'}`;
      case 'outdated':
        return 'A newer version of this widget is open in another tab · reload this page to keep working';
      case 'leader':
      case 'follower': {
        const who =
          this.role === 'leader' ? 'This tab runs the database (leader)' : 'Another tab runs the database (follower)';
        if (!this.info) return who;
        const kept = `${who} · ${this.info.fallbackReason ? 'not saved: storage is blocked, in-memory only' : WHERE_KEPT[this.info.storage]}`;
        if (!this.info.durable || this.persisted === undefined) return kept;
        return this.persisted
          ? `${kept} · persistent storage granted`
          : `${kept} · persistent storage not granted: the browser may clear it when space runs low`;
      }
    }
  }
}
