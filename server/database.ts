import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

/** Something that runs one parameterized statement (a pool, a connection in a transaction). */
export interface SyncQueryable {
  query<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The database the sync server keeps its tables in: a real PostgreSQL (`postgresDatabase`) or an
 * embedded PGlite (`pgliteDatabase`). The same SQL runs on both.
 */
export interface SyncDatabase extends SyncQueryable {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SyncQueryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` with each NOTIFY payload on `channel`, and `onReconnect` after the listening
   * connection was lost and made again (notifications may have been missed meanwhile).
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>>;
  /** Applies the server's migrations (drizzle-kit's folder) once, even with several instances starting at once. */
  migrate(migrationsFolder: string): Promise<void>;
  close(): Promise<void>;
}

/** The tables' schema, also the migrations' bookkeeping schema. */
const SCHEMA = 'todo_sync';
/** A fixed advisory lock key: instances starting together migrate one after the other. */
const MIGRATION_LOCK = 7_311_425_025;

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database`, or a pg `PoolConfig`. */
  connection: string | pg.PoolConfig;
  /** Most connections this instance opens (besides the one that listens). Default 10. */
  maxConnections?: number;
  /** Told about a lost listening connection (it is made again with backoff). */
  onError?: (error: unknown) => void;
}

/** A PostgreSQL server through a `pg` pool, plus one connection for LISTEN. */
export function postgresDatabase(options: PostgresDatabaseOptions): SyncDatabase {
  const config: pg.PoolConfig =
    typeof options.connection === 'string' ? { connectionString: options.connection } : { ...options.connection };
  const pool = new pg.Pool({ max: options.maxConnections ?? 10, ...config });
  const report = options.onError ?? (() => {});
  // An idle client's error (the server restarted) must not crash the process; the pool drops it.
  pool.on('error', report);
  const listeners = new Set<() => Promise<void>>();
  let closed = false;

  return {
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      const result = await pool.query<Row>(text, [...params]);
      return result.rows;
    },
    async transaction<T>(fn: (tx: SyncQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: SyncQueryable = {
          async query<Row extends object>(text: string, params: readonly unknown[] = []) {
            return (await client.query<Row>(text, [...params])).rows;
          },
        };
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onNotify, onReconnect) {
      let client: pg.Client | undefined;
      let stopped = false;
      let delay = 100;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = async (again: boolean): Promise<void> => {
        const next = new pg.Client(config);
        next.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        });
        const lost = (error?: unknown) => {
          if (client !== next) return;
          client = undefined;
          if (error) report(error);
          next.removeAllListeners('end');
          void next.end().catch(() => {});
          schedule();
        };
        next.on('error', lost);
        next.on('end', () => lost());
        await next.connect();
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        if (stopped) {
          await next.end();
          return;
        }
        client = next;
        delay = 100;
        if (again) onReconnect();
      };
      const schedule = () => {
        if (stopped || closed) return;
        timer = setTimeout(() => {
          connect(true).catch((error: unknown) => {
            report(error);
            delay = Math.min(delay * 2, 10_000);
            schedule();
          });
        }, delay);
      };
      await connect(false);
      const stop = async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        listeners.delete(stop);
        const current = client;
        client = undefined;
        if (current) {
          current.removeAllListeners('end');
          await current.end().catch(() => {});
        }
      };
      listeners.add(stop);
      return stop;
    },
    async migrate(migrationsFolder) {
      const client = new pg.Client(config);
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          await migratePg(drizzlePg({ client }), { migrationsFolder, migrationsSchema: SCHEMA });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        }
      } finally {
        await client.end();
      }
    },
    async close() {
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

export interface PGliteDatabaseOptions {
  /** A folder to keep the database in (made when missing), or an open PGlite; omitted: in memory. */
  database?: string | PGlite;
}

/**
 * An embedded PGlite (PostgreSQL in WebAssembly) in this process: for trying the server and for
 * small sites with one instance. Same SQL as `postgresDatabase`.
 */
export async function pgliteDatabase(options: PGliteDatabaseOptions = {}): Promise<SyncDatabase> {
  const owned = !(options.database instanceof PGlite);
  const db = options.database instanceof PGlite ? options.database : new PGlite(options.database);
  await db.waitReady;
  return {
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(text, [...params])).rows;
    },
    async transaction<T>(fn: (tx: SyncQueryable) => Promise<T>): Promise<T> {
      return db.transaction(async (transaction) =>
        fn({
          async query<Row extends object>(text: string, params: readonly unknown[] = []) {
            return (await transaction.query<Row>(text, [...params])).rows;
          },
        }),
      );
    },
    async listen(channel, onNotify) {
      const unlisten = await db.listen(channel, onNotify);
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    async migrate(migrationsFolder) {
      await migratePglite(drizzlePglite({ client: db }), { migrationsFolder, migrationsSchema: SCHEMA });
    },
    async close() {
      if (owned && !db.closed) await db.close();
    },
  };
}
