import type { MigrationMeta } from 'drizzle-orm/migrator';
import journal from './migrations/meta/_journal.json';

/**
 * The SQL files drizzle-kit generated from schema.ts, bundled at build time.
 * The order and timestamps come from drizzle-kit's journal, as Drizzle's own migrator reads them.
 */
const sqlFiles = import.meta.glob<string>('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

interface JournalEntry {
  readonly idx: number;
  readonly when: number;
  readonly tag: string;
  readonly breakpoints: boolean;
}

export interface BundledMigration {
  readonly tag: string;
  readonly when: number;
  readonly sql: string;
}

/** Every committed migration, oldest first. */
export const bundledMigrations: readonly BundledMigration[] = (journal.entries as JournalEntry[]).map((entry) => {
  const sql = sqlFiles[`./migrations/${entry.tag}.sql`];
  if (sql === undefined) throw new Error(`Migration ${entry.tag}.sql is in the journal but not bundled.`);
  return { tag: entry.tag, when: entry.when, sql };
});

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The shape Drizzle's migrator takes (what `readMigrationFiles` builds from disk in Node). */
export async function toMigrationMeta(migrations: readonly BundledMigration[]): Promise<MigrationMeta[]> {
  return Promise.all(
    migrations.map(async (migration) => ({
      sql: migration.sql.split('--> statement-breakpoint'),
      bps: true,
      folderMillis: migration.when,
      hash: await sha256Hex(migration.sql),
    })),
  );
}

/** Where Drizzle records applied migrations. */
export const MIGRATIONS_SCHEMA = 'todo_widget';
export const MIGRATIONS_TABLE = 'migrations';
