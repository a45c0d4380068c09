import { DatabaseClient, type DatabaseClientOptions } from './db/client';
import { TodoRepository } from './db/repositories/todos';
import { PendingTodos } from './db/pending-todos';
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

/** A host element's `database` and `storage` (a host without them uses the default database). */
export function databaseOf(host: object): DatabaseChoice {
  const { database, storage } = host as DatabaseChoice;
  return { database, storage };
}

/**
 * Runs `connect` once the script that is running now has finished, unless `stillWanted()` turned
 * false by then. Elements already in the page connect while the bundle defines them, and must not
 * create their database before the script that imported the bundle could `configure()` it.
 */
export function afterCurrentScript(connect: () => void, stillWanted: () => boolean): void {
  queueMicrotask(() => {
    if (stillWanted()) connect();
  });
}

/** One database's client and what is built on it. */
interface Entry {
  client?: DatabaseClient;
  todos?: TodoRepository;
  pending?: PendingTodos;
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

const STORAGE_MODES: readonly string[] = ['auto', 'opfs', 'idb', 'memory'] satisfies StorageMode[];

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/** The storage asked for; an unknown value is ignored with a warning, like a bad attribute value on a native element. */
function storageOf(choice: DatabaseChoice): StorageMode | undefined {
  const storage = choice.storage || undefined;
  if (storage && !STORAGE_MODES.includes(storage)) {
    warnOnce(`todo-widget: storage="${storage}" is not one of ${STORAGE_MODES.join(', ')}; it is ignored.`);
    return undefined;
  }
  return storage;
}

function registry(): Registry {
  const globals = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry };
  return (globals[REGISTRY_KEY] ??= { options: {} });
}

const defaultName = (current: Registry) => current.options.database ?? DEFAULT_DATABASE_NAME;

function choiceOf(database: string | DatabaseChoice | undefined): DatabaseChoice {
  return typeof database === 'string' ? { database } : (database ?? {});
}

/** The entry of `name` (empty: the default database). */
function entryOf(current: Registry, name: string | undefined): Entry {
  if (!name || name === defaultName(current)) return current;
  current.databases ??= new Map();
  let entry = current.databases.get(name);
  if (!entry) current.databases.set(name, (entry = {}));
  return entry;
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
  if (current.client || [...(current.databases?.values() ?? [])].some((entry) => entry.client)) {
    throw new ConfigurationError(
      'configure() must run before the first todo element connects or getDatabaseClient() is called; the database has already been created.',
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
  const current = registry();
  const choice = choiceOf(database);
  const entry = entryOf(current, choice.database);
  const storage = storageOf(choice);
  if (!entry.client) {
    entry.client = new DatabaseClient({
      createWorker: createDatabaseWorker,
      ...current.options,
      ...(entry === current ? {} : { database: choice.database }),
      ...(storage ? { storage } : {}),
    });
    if (typeof document !== 'undefined') suspendWithPage(entry.client);
  } else if (storage && storage !== entry.client.storage) {
    warnOnce(
      `todo-widget: database "${entry.client.database}" already runs with storage "${entry.client.storage}"; storage="${storage}" is ignored (the first element to connect, or configure(), decides).`,
    );
  }
  return entry.client;
}

/** The TodoRepository over {@link getDatabaseClient} of the same database. */
export function getTodoRepository(database?: string | DatabaseChoice): TodoRepository {
  const entry = entryOf(registry(), choiceOf(database).database);
  entry.todos ??= new TodoRepository(getDatabaseClient(database));
  return entry.todos;
}

/** A database's adds that are shown but not yet durable, shared by every element on it. */
export function getPendingTodos(database?: string | DatabaseChoice): PendingTodos {
  const entry = entryOf(registry(), choiceOf(database).database);
  entry.pending ??= new PendingTodos(getTodoRepository(database));
  return entry.pending;
}
