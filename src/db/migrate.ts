import type { PGlite } from '@electric-sql/pglite';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import {
  bundledMigrations,
  MIGRATIONS_SCHEMA,
  MIGRATIONS_TABLE,
  toMigrationMeta,
  type BundledMigration,
} from './migrations';

/**
 * Applies the migrations the database has not seen yet, in order, in one
 * transaction, with Drizzle's own migrator: each is recorded in
 * `todo_widget.migrations`, so a re-open applies nothing and an interrupted
 * upgrade leaves the old schema intact.
 */
export async function migrate(pg: PGlite, migrations: readonly BundledMigration[] = bundledMigrations): Promise<void> {
  // Drizzle's node migrator reads files from disk; its dialect's migrate() is the part
  // that runs them, and takes migrations we bundled. `session` is public at runtime, untyped.
  const { session } = drizzle({ client: pg }) as unknown as { session: PgSession };
  await new PgDialect().migrate(await toMigrationMeta(migrations), session, {
    migrationsFolder: 'bundled',
    migrationsSchema: MIGRATIONS_SCHEMA,
    migrationsTable: MIGRATIONS_TABLE,
  });
}
