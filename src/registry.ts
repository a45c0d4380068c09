import { DatabaseClient, type DatabaseClientOptions } from './db/client';
import type { TodoRepository } from './db/repositories/todos';
import type { PendingTodos } from './unsaved/pending-todos';
import type { UndoHistory } from './unsaved/undo-history';
import type { PendingChanges } from './unsaved/pending-changes';
import { pageSnapshots } from './db/window-snapshot';
import { DEFAULT_DATABASE_NAME, type StorageMode } from './db/storage';
import { ConfigurationError } from './errors';
import { createDatabaseWorker } from './workers/create-worker';
import { knownMigrationCount } from './db/migration-journal';
import { suspendWithPage } from './internal/page-lifecycle';
import { DatabaseServices } from './database-services';
import type { SyncOptions } from './sync/messages';

/** What a host may set before the widget first touches the database; `sync`: see docs/sync.md. */
export type RegistryOptions = Partial<DatabaseClientOptions> & { readonly sync?: SyncOptions };

/**
 * Which database to use, as an element's `database` and `storage` attributes say it.
 * An empty or absent `database` is the configured default; `storage` counts only for the
 * call that creates that database's client (later ones share the client as it is).
 */
export interface DatabaseChoice {
  readonly database?: string | undefined;
  readonly storage?: StorageMode | '' | undefined;
}

/**
 * Runs `connect` once the script that is running now has finished, unless `stillWanted()` turned
 * false by then. Elements already in the page connect while the bundle defines them, and must not
 * create their database before the script that imported the bundle could `configure()` it.
 */
export function afterCurrentScript(connect: () => void, stillWanted: () => boolean): void {
  queueMicrotask(() => stillWanted() && connect());
}

/** One database's services. */
interface Entry {
  /** Set for every database but the default one. */
  name?: string;
  services?: DatabaseServices;
  /**
   * `services.client`, kept where version 0.1.0 of this registry kept its one client (it reads
   * and sets only this), so that an older copy on the page still shares it.
   */
  client?: DatabaseClient;
}

/**
 * What a copy of the bundle offers the page: how it makes a client and what is built on it.
 * The objects it makes are the registry's protocol: every copy of one `protocol` calls them
 * the same way (bump `PROTOCOL`, and the registry key with it, when that changes).
 */
interface Provider {
  readonly protocol: number;
  /** How many migrations this copy knows: the newest copy on the page serves every copy. */
  readonly schema: number;
  services(options: RegistryOptions, client?: DatabaseClient): DatabaseServices;
}

// 2: a provider makes one DatabaseServices (1 made the client, repository and adds apart).
const PROTOCOL = 2;

/**
 * The default database's entry sits at the top level, where version 0.1.0 of this registry kept
 * its one client, so an older copy of the bundle on the same page still shares it; other
 * databases (elements' `database` attribute) are in `databases`, by name.
 */
interface Registry extends Entry {
  options: RegistryOptions;
  databases?: Map<string, Entry>;
  /** Every copy of the bundle on the page that speaks a registry protocol (0.1.0 registered none). */
  providers?: Provider[];
  /** Called when a newer copy replaced the clients: every live controller subscribes again. */
  replaced?: Set<() => void>;
}

/**
 * Global, not module-scoped: two copies of the bundle on one page (two micro-frontends,
 * the script tag twice) must share one client per database and one worker.
 */
const REGISTRY_KEY = Symbol.for('todo-widget.registry.v1');

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (!warned.has(message)) console.warn(`todo-widget: ${message}`);
  warned.add(message);
}

/** The storage asked for; an unknown value is ignored with a warning, like a bad attribute value on a native element. */
function storageOf({ storage }: DatabaseChoice): StorageMode | undefined {
  if (storage && !/^(?:auto|opfs|idb|memory)$/.test(storage))
    warnOnce(`storage="${storage}" ignored: not auto, opfs, idb or memory`);
  else return storage || undefined;
}

function registry(): Registry {
  const globals = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry };
  return (globals[REGISTRY_KEY] ??= { options: {} });
}

const ownProvider: Provider = {
  protocol: PROTOCOL,
  schema: knownMigrationCount(),
  services: (options, client) =>
    new DatabaseServices(
      // This copy's own worker: it knows this copy's migrations.
      client ?? new DatabaseClient({ ...options, createWorker: options.createWorker ?? createDatabaseWorker }),
      knownMigrationCount(),
    ),
};

/** The copy that serves the page: the one that knows the newest schema (the first of those to load). */
function provider(): Provider {
  let best = ownProvider;
  for (const candidate of registry().providers ?? []) {
    if (candidate.protocol === PROTOCOL && candidate.schema > best.schema) best = candidate;
  }
  return best;
}

/**
 * Two versions of the widget on one page (two micro-frontends, a deploy under way): the first to
 * load defines the elements, but the newest serves them all, since it can open a database any
 * of them may have upgraded (an older client would only say "reload", and a reload repeats the
 * same order). A newer copy that loads after an older one made its clients replaces them; the
 * adds they had not saved are in the outbox, and the new clients replay them.
 */
function registerCopy(): void {
  const current = registry();
  (current.providers ??= []).push(ownProvider);
  if (provider() !== ownProvider) return;
  let replaced = false;
  for (const entry of [current, ...(current.databases?.values() ?? [])]) {
    if (!entry.services || entry.services.schema >= ownProvider.schema) continue;
    entry.services.dispose();
    entry.services = entry.client = undefined;
    replaced = true;
  }
  if (replaced) for (const listener of [...(current.replaced ?? [])]) listener();
}

/**
 * Calls `listener` when a newer copy of the widget replaced the clients (see `registerCopy`):
 * what was subscribed through the old ones must subscribe again. @returns a function that removes it.
 */
export function onClientsReplaced(listener: () => void): () => void {
  const listeners = (registry().replaced ??= new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The entry of a database by name, or of an element's `database` (empty: the default database). */
function entryOf(database: string | DatabaseChoice | undefined): Entry {
  const current = registry();
  const name = typeof database === 'string' ? database : database?.database;
  if (!name || name === (current.options.database ?? DEFAULT_DATABASE_NAME)) return current;
  const named = (current.databases ??= new Map<string, Entry>());
  if (!named.has(name)) named.set(name, { name });
  return named.get(name)!;
}

/**
 * Sets how the databases start (default name, storage, worker, time limits); elements'
 * `database` and `storage` attributes override the first two for their own database.
 * Call it before the first element connects: elements already in the page when the bundle
 * defines them wait until the script that imported the bundle has finished, so
 * `import { configure } from '…/todo-widget.js'; configure({...})` works too.
 * @throws {ConfigurationError} when a database client already exists.
 * @example configure({ database: 'shop-todos', storage: 'memory' })
 */
export function configure(options: RegistryOptions): void {
  const current = registry();
  // A named entry exists only once its client does (entryOf's callers create it at once).
  if (current.client || current.databases?.size) {
    throw new ConfigurationError(
      'configure() must run before the first todo element connects or getDatabaseClient() call; the database exists already.',
    );
  }
  current.options = { ...current.options, ...options };
}

/**
 * Everything the page's elements share on one database (see DatabaseServices), made on first
 * use by the copy of the bundle that serves the page; without `database`, the configured default
 * one. A newer copy that takes over replaces them: ask again rather than keep them.
 * @param database a database name, or an element's `{ database, storage }`.
 */
export function getServices(database?: string | DatabaseChoice): DatabaseServices {
  const entry = entryOf(database);
  const storage = typeof database === 'object' ? storageOf(database) : undefined;
  if (!entry.services) {
    // A client that version 0.1.0 made (it knows nothing of services) is shared as it is.
    const services = provider().services(
      {
        ...registry().options,
        ...(entry.name ? { database: entry.name } : {}),
        ...(storage ? { storage } : {}),
      },
      entry.client,
    );
    if (!entry.client && typeof document !== 'undefined') suspendWithPage(services.client);
    entry.services = services;
    entry.client = services.client;
  } else if (storage && storage !== entry.services.client.storage) {
    // The first element to open the database, or configure(), decided.
    const client = entry.services.client;
    warnOnce(`storage="${storage}" ignored: database "${client.database}" already uses "${client.storage}"`);
  }
  return entry.services;
}

/**
 * What `configure({ sync })` said. Sync starts when the first `<todo-app>` (or `<todo-sync-status>`)
 * connects: its code loads only then, so a page without sync carries none of it.
 */
export const syncOptions = (): SyncOptions | undefined => registry().options.sync;

/**
 * The client of one database, created on first use and shared by every caller and every copy
 * of the bundle on the page; without `database`, the configured default one. Starting it is
 * the caller's `init()`.
 * @param database a database name, or an element's `{ database, storage }`.
 * @example getDatabaseClient('shop-todos').query('select count(*) from todos')
 */
export function getDatabaseClient(database?: string | DatabaseChoice): DatabaseClient {
  return getServices(database).client;
}

/** The TodoRepository over {@link getDatabaseClient} of the same database. */
export function getTodoRepository(database?: string | DatabaseChoice): TodoRepository {
  return getServices(database).todos;
}

/** A database's adds that are shown but not yet durable, shared by every element on it. */
export function getPendingTodos(database?: string | DatabaseChoice): PendingTodos {
  return getServices(database).pending;
}

/** This tab's undo history of a database's todos, shared by every element on it. */
export function getUndoHistory(database?: string | DatabaseChoice): UndoHistory {
  return getServices(database).undo;
}

/** A database's changes to shown todos not saved yet (kept over a reload), shared by every element on it. */
export function getPendingChanges(database?: string | DatabaseChoice): PendingChanges {
  return getServices(database).changes;
}

registerCopy();

/**
 * Opens the page's connection to the window snapshots now, before any element knows its database
 * (a list created by the bundle's define runs this before the host page's script can configure
 * it): most of the first read's time, overlapped with the first render. Idempotent.
 */
export function prepareSnapshotReads(): void {
  if (typeof indexedDB !== 'undefined') pageSnapshots().catch(() => undefined);
}
