import { knownMigrations, MIGRATIONS_SCHEMA, MIGRATIONS_TABLE, type BundledMigration } from './migrations';

/**
 * What migrations run on: a PGlite in the leader's worker, or a PGliteWorker in a tab whose
 * leader runs an older widget (the statements then travel to that leader and run there).
 */
export interface MigrationTarget {
  exec(sql: string): Promise<unknown>;
  transaction<T>(fn: (tx: MigrationTransaction) => Promise<T>): Promise<T>;
}

/** The statements migrations run inside their transaction (PGlite's, or DatabaseClient's). */
export interface MigrationTransaction {
  exec(sql: string): Promise<unknown>;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

const table = `"${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The schema version the database is at: the timestamp of its newest migration, or null before any. */
export async function readSchemaVersion(tx: Pick<MigrationTransaction, 'query'>): Promise<number | null> {
  const result = await tx.query<{ version: string | null }>(`select max(created_at)::text as version from ${table}`);
  const version = result.rows[0]?.version;
  return version == null ? null : Number(version);
}

/**
 * Applies the migrations the database has not seen yet, in order, in one transaction, and
 * records each in `todo_widget.migrations`: a re-open applies nothing, an interrupted upgrade
 * leaves the old schema intact, and migrations newer than all of `migrations` (written by a
 * newer widget) are left alone. Same table and rule as Drizzle's migrator, which earlier
 * releases used: a migration runs when its timestamp is after the newest one recorded.
 * Two tabs migrating at once are serialised by the table lock; the second applies nothing.
 * @returns the tags of the migrations applied.
 */
export async function migrate(
  db: MigrationTarget,
  migrations: readonly BundledMigration[] = knownMigrations(),
): Promise<string[]> {
  const hashes = await Promise.all(migrations.map((migration) => sha256Hex(migration.sql)));
  await db.exec(
    `CREATE SCHEMA IF NOT EXISTS "${MIGRATIONS_SCHEMA}";
     CREATE TABLE IF NOT EXISTS ${table} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  );
  return db.transaction(async (tx) => {
    await tx.exec(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    const version = await readSchemaVersion(tx);
    const applied: string[] = [];
    for (const [index, migration] of migrations.entries()) {
      if (version !== null && migration.when <= version) continue;
      for (const statement of migration.sql.split('--> statement-breakpoint')) {
        if (statement.trim()) await tx.exec(statement);
      }
      await tx.query(`insert into ${table} (hash, created_at) values ($1, $2)`, [hashes[index], migration.when]);
      applied.push(migration.tag);
    }
    return applied;
  });
}
