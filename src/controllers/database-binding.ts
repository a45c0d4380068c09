import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterCurrentScript, getServices, onClientsReplaced, type DatabaseChoice } from '../registry';
import type { DatabaseServices } from '../database-services';

/** A host that names its database (an element's `database` and `storage` attributes). */
export type DatabaseHost = ReactiveControllerHost & DatabaseChoice;

export interface DatabaseBindingOptions {
  /**
   * Starts what the host keeps up with on its database (a subscription, a listener) and returns
   * what stops it. Runs on each connect, once the current script has finished, and again with the
   * new services when a newer copy of the widget replaced them.
   */
  readonly bind?: (services: DatabaseServices) => (() => void) | void;
  /** Called when a newer copy replaced the services, after the old binding stopped and before the new one starts. */
  readonly replaced?: () => void;
}

/**
 * Owns which database a host uses, the one place that knows the three rules every
 * database-bound controller and element follows:
 * - bind only once the script that is running has finished: a page that imports the bundle may
 *   still `configure()` the database in it (elements already in the page connect while the
 *   bundle defines them);
 * - bind again when a newer copy of the widget on the page replaced the services;
 * - drop a binding scheduled for a connection that has ended (a disconnect, a reconnect).
 * `services` are those of the host's database as they are now: ask for them at each use.
 */
export class DatabaseBinding implements ReactiveController {
  readonly #host: DatabaseHost;
  readonly #options: DatabaseBindingOptions;
  /** Counts connections, so a binding scheduled for one that has ended does not start. */
  #connection = 0;
  #unbind?: () => void;
  #stopReplaced?: () => void;

  constructor(host: DatabaseHost, options: DatabaseBindingOptions = {}) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The services of the host's database now (made on first use). */
  get services(): DatabaseServices {
    return getServices(this.#host);
  }

  hostConnected(): void {
    // Nothing to keep up with: the host only asks for `services` when it uses them.
    if (!this.#options.bind && !this.#options.replaced) return;
    this.#stopReplaced?.();
    this.#stopReplaced = onClientsReplaced(() => {
      this.hostDisconnected();
      this.#options.replaced?.();
      this.hostConnected();
      this.#host.requestUpdate();
    });
    const bind = this.#options.bind;
    if (!bind) return;
    const connection = ++this.#connection;
    afterCurrentScript(
      () => (this.#unbind = bind(this.services) ?? undefined),
      () => connection === this.#connection,
    );
  }

  hostDisconnected(): void {
    this.#stopReplaced?.();
    this.#stopReplaced = undefined;
    this.#connection++;
    const unbind = this.#unbind;
    this.#unbind = undefined;
    unbind?.();
  }
}
