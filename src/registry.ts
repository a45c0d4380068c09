import { DatabaseClient, type DatabaseClientOptions } from './db/client';
import { TodoRepository } from './db/repositories/todos';
import { PendingTodos } from './db/pending-todos';
import { ConfigurationError } from './errors';
import { createDatabaseWorker } from './workers/create-worker';
import { suspendWithPage } from './internal/page-lifecycle';

/** What a host may set before the widget first touches the database. */
export type RegistryOptions = Partial<DatabaseClientOptions>;

interface Registry {
  options: RegistryOptions;
  client?: DatabaseClient;
  todos?: TodoRepository;
  pending?: PendingTodos;
}

/**
 * Global, not module-scoped: two copies of the bundle on one page (two micro-frontends,
 * the script tag twice) must share one client and one worker.
 */
const REGISTRY_KEY = Symbol.for('todo-widget.registry.v1');

function registry(): Registry {
  const globals = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry };
  return (globals[REGISTRY_KEY] ??= { options: {} });
}

/**
 * Sets how the shared database starts (name, storage, worker, time limits).
 * Call it before the first element connects.
 * @throws {ConfigurationError} when the database client already exists.
 * @example configure({ database: 'shop-todos', storage: 'memory' })
 */
export function configure(options: RegistryOptions): void {
  const current = registry();
  if (current.client) {
    throw new ConfigurationError(
      'configure() must run before the first todo element connects or getDatabaseClient() is called; the database has already been created.',
    );
  }
  current.options = { ...current.options, ...options };
}

/** The page's one DatabaseClient, created on first use. Starting it is the caller's `init()`. */
export function getDatabaseClient(): DatabaseClient {
  const current = registry();
  if (!current.client) {
    current.client = new DatabaseClient({ createWorker: createDatabaseWorker, ...current.options });
    if (typeof document !== 'undefined') suspendWithPage(current.client);
  }
  return current.client;
}

/** The page's one TodoRepository, over {@link getDatabaseClient}. */
export function getTodoRepository(): TodoRepository {
  const current = registry();
  current.todos ??= new TodoRepository(getDatabaseClient());
  return current.todos;
}

/** The page's adds that are shown but not yet durable, shared by every element. */
export function getPendingTodos(): PendingTodos {
  const current = registry();
  current.pending ??= new PendingTodos(getTodoRepository());
  return current.pending;
}
