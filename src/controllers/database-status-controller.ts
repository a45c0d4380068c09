import type { ReactiveControllerHost } from 'lit';
import { DatabaseBinding } from './database-binding';
import type { DatabaseServices } from '../database-services';
import type { DatabaseInfo } from '../db/storage';
import type { SessionStatus } from '../db/client';
import type { MemoryDatabaseLostError } from '../errors';
import { isStoragePersisted, requestPersistentStorage } from '../internal/persistent-storage';
import { english, type Translator } from '../i18n/catalogue';
import type { TextKey } from '../i18n/messages';
import { errorMessage } from '../i18n/error-message';

/** `outdated`: a newer widget version upgraded the database; this page must be reloaded. */
export type DatabaseRole = 'starting' | 'leader' | 'follower' | 'failed' | 'outdated';

const WHERE_KEPT: Record<DatabaseInfo['storage'], TextKey> = { opfs: 'keptOpfs', idb: 'keptIdb', memory: 'keptMemory' };

/**
 * Tracks whether this tab runs the database or follows another tab, and where the data
 * is kept; the host re-renders on every change.
 */
export class DatabaseStatusController {
  #host: ReactiveControllerHost & HTMLElement;
  role: DatabaseRole = 'starting';
  info?: DatabaseInfo;
  error?: Error;
  /** While the leader carries the database over to a new engine: how far it is, 0–1. */
  upgrading?: number;
  /** Set when the in-memory database this tab showed was lost with the tab that held it. */
  memoryLost?: MemoryDatabaseLostError;
  /** What the browser granted for persistent storage; `undefined` until known or where unsupported. */
  persisted?: boolean;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    // Registers itself with the host: nothing else here asks it for services.
    new DatabaseBinding(host, { bind: (services) => this.#connect(services) });
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

  #connect({ client }: DatabaseServices): () => void {
    const stopListening = client.onStatus((status) => this.#show(status));
    const stopMemoryListening = client.onMemoryLost((error) => {
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
    return () => {
      stopListening();
      stopMemoryListening();
      this.#host.removeEventListener('todo-add', this.#onAdd);
    };
  }

  #show(status: SessionStatus): void {
    switch (status.kind) {
      case 'starting':
        this.role = 'starting';
        this.upgrading = status.upgrading;
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

  /**
   * Set when the browser blocked durable storage and the database runs in memory instead:
   * a sentence for a notice that is always shown, since the user would otherwise lose todos unawares.
   */
  get notSavedNotice(): string | undefined {
    return this.notice(english);
  }

  /** `notSavedNotice` in `translator`'s language. */
  notice(translator: Translator): string | undefined {
    return this.info?.fallbackReason ? translator.t('notSavedNotice') : undefined;
  }

  /** One line a person can read, e.g. "This tab runs the database (leader) · saved in this browser (OPFS)". */
  get text(): string {
    return this.describe(english);
  }

  /** `text` in `translator`'s language. */
  describe(translator: Translator): string {
    switch (this.role) {
      case 'starting':
        return translator.t(this.upgrading === undefined ? 'statusStarting' : 'statusUpgrading');
      case 'failed':
        return translator.t('statusFailed', { message: errorMessage(this.error, translator) });
      case 'outdated':
        return translator.t('statusOutdated');
      case 'leader':
      case 'follower': {
        const who = translator.t(this.role === 'leader' ? 'statusLeader' : 'statusFollower');
        if (!this.info) return who;
        const kept = `${who} · ${translator.t(this.info.fallbackReason ? 'keptBlocked' : WHERE_KEPT[this.info.storage])}`;
        if (!this.info.durable || this.persisted === undefined) return kept;
        return `${kept} · ${translator.t(this.persisted ? 'persistentGranted' : 'persistentDenied')}`;
      }
    }
  }
}
