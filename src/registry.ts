import { DatabaseClient, type DatabaseClientOptions } from './db/client';
import { TodoRepository } from './db/repositories/todos';
import { PendingTodos } from './db/pending-todos';
import { PendingChanges } from './db/pending-changes';
import { pageSnapshots } from './db/window-snapshot';
import { DEFAULT_DATABASE_NAME, type StorageMode } from './db/storage';
import { ConfigurationError } from './errors';
import { createDatabaseWorker } from './workers/create-worker';
import { suspendWithPage } from './internal/page-lifecycle';

/** What a host may set before the widget first touches the database. */
export type RegistryOptions = Partial<DatabaseClientOptions>;

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

/** One database's client and what is built on it. */
interface Entry {
  /** Set for every database but the default one. */
  name?: string;
  client?: DatabaseClient;
  todos?: TodoRepository;
  pending?: PendingTodos;
  changes?: PendingChanges;
}

/**
 * The default database's entry sits at the top level, where version 0.1.0 of this registry kept
 * its one client, so an older copy of the bundle on the same page still shares it; other
 * databases (elements' `database` attribute) are in `databases`, by name.
 */
interface Registry extends Entry {
  options: RegistryOptions;
  databases?: Map<string, Entry>;
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

/** The entry of a database by name, or of an element's `database` (empty: the default database). */
function entryOf(database: string | DatabaseChoice | undefined): Entry {
  const current = registry();
  const name = typeof database === 'string' ? database : database?.database;
  if (!name || name === (current.options.database ?? DEFAULT_DATABASE_NAME)) return current;
  const named = (current.databases ??= new Map());
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
 * The client of one database, created on first use and shared by every caller and every copy
 * of the bundle on the page; without `database`, the configured default one. Starting it is
 * the caller's `init()`.
 * @param database a database name, or an element's `{ database, storage }`.
 * @example getDatabaseClient('shop-todos').query('select count(*) from todos')
 */
export function getDatabaseClient(database?: string | DatabaseChoice): DatabaseClient {
  const entry = entryOf(database);
  const storage = typeof database === 'object' ? storageOf(database) : undefined;
  if (!entry.client) {
    entry.client = new DatabaseClient({
      createWorker: createDatabaseWorker,
      ...registry().options,
      ...(entry.name ? { database: entry.name } : {}),
      ...(storage ? { storage } : {}),
    });
    if (typeof document !== 'undefined') suspendWithPage(entry.client);
  } else if (storage && storage !== entry.client.storage) {
    // The first element to open the database, or configure(), decided.
    warnOnce(
      `storage="${storage}" ignored: database "${entry.client.database}" already uses "${entry.client.storage}"`,
    );
  }
  return entry.client;
}

/** The TodoRepository over {@link getDatabaseClient} of the same database. */
export function getTodoRepository(database?: string | DatabaseChoice): TodoRepository {
  const entry = entryOf(database);
  entry.todos ??= new TodoRepository(getDatabaseClient(database));
  return entry.todos;
}

/** A database's adds that are shown but not yet durable, shared by every element on it. */
export function getPendingTodos(database?: string | DatabaseChoice): PendingTodos {
  const entry = entryOf(database);
  entry.pending ??= new PendingTodos(getTodoRepository(database));
  return entry.pending;
}

/** A database's changes to shown todos made before it ran, shared by every element on it. */
export function getPendingChanges(database?: string | DatabaseChoice): PendingChanges {
  const entry = entryOf(database);
  if (!entry.changes) {
    const client = getDatabaseClient(database);
    entry.changes = new PendingChanges(getTodoRepository(database), () => client.ready, getPendingTodos(database));
  }
  return entry.changes;
}

/**
 * Opens the page's connection to the window snapshots now, before any element knows its database
 * (a list created by the bundle's define runs this before the host page's script can configure
 * it): most of the first read's time, overlapped with the first render. Idempotent.
 */
export function prepareSnapshotReads(): void {
  if (typeof indexedDB !== 'undefined') pageSnapshots().catch(() => undefined);
}
