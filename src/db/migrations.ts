import journal from './migrations/meta/_journal.json';
import { ConfigurationError } from '../errors';
import { EMULATED_MIGRATION_COUNT } from './release-emulation';

/**
 * The SQL files drizzle-kit generated from schema.ts, bundled at build time.
 * The order and timestamps come from drizzle-kit's journal, as Drizzle's own migrator reads them.
 *
 * Rule for every migration (see migrations/README.md): additive and backward-compatible for
 * one release. The release before it keeps running against the new schema in tabs that were
 * open during a deploy (and a tab of the new release may apply it through such an old tab),
 * so a migration may add nullable or defaulted columns, tables and indexes, but must not drop,
 * rename or retype what the previous release reads or writes.
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
  /** drizzle-kit's timestamp: recorded as `created_at`, and the schema version once applied. */
  readonly when: number;
  readonly sql: string;
}

/** Every committed migration, oldest first. */
export const bundledMigrations: readonly BundledMigration[] = (journal.entries as JournalEntry[]).map((entry) => {
  const sql = sqlFiles[`./migrations/${entry.tag}.sql`];
  if (sql === undefined) throw new Error(`Migration ${entry.tag}.sql is in the journal but not bundled.`);
  return { tag: entry.tag, when: entry.when, sql };
});

/**
 * The migrations this copy of the widget knows: all it bundles, or only the first `count`
 * (a test hook; a build made with VITE_TODO_WIDGET_MIGRATIONS defaults to that many).
 * @throws {ConfigurationError} `count` is not a whole number from 1 to the number bundled.
 */
export function knownMigrations(count: number | string | undefined = EMULATED_MIGRATION_COUNT): readonly BundledMigration[] {
  if (count === undefined || count === '') return bundledMigrations;
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || n > bundledMigrations.length) {
    throw new ConfigurationError(`migrations must be a whole number from 1 to ${bundledMigrations.length}; got ${String(count)}.`);
  }
  return bundledMigrations.slice(0, n);
}

/** The schema version a set of migrations produces: the timestamp of its last migration. */
export function schemaVersionOf(migrations: readonly BundledMigration[]): number {
  const last = migrations[migrations.length - 1];
  if (!last) throw new ConfigurationError('There are no migrations.');
  return last.when;
}

/** Where applied migrations are recorded (the table Drizzle's migrator made, same columns). */
export const MIGRATIONS_SCHEMA = 'todo_widget';
export const MIGRATIONS_TABLE = 'migrations';
