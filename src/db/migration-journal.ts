import journal from './migrations/meta/_journal.json';
import { ConfigurationError } from '../errors';
import { EMULATED_MIGRATION_COUNT } from './release-emulation';

// What every page needs to know about the migrations: their names and timestamps, not their
// SQL (migrations.ts), which a page loads only when it must upgrade through an older leader.

interface JournalEntry {
  readonly idx: number;
  readonly when: number;
  readonly tag: string;
  readonly breakpoints: boolean;
}

export interface MigrationEntry {
  readonly tag: string;
  /** drizzle-kit's timestamp: recorded as `created_at`, and the schema version once applied. */
  readonly when: number;
}

/** Where applied migrations are recorded (the table Drizzle's migrator made, same columns). */
export const MIGRATIONS_SCHEMA = 'todo_widget';
export const MIGRATIONS_TABLE = 'migrations';

/** Every committed migration, oldest first, as drizzle-kit's journal lists them. */
export const journalEntries: readonly MigrationEntry[] = (journal.entries as JournalEntry[]).map(({ tag, when }) => ({
  tag,
  when,
}));

/**
 * How many migrations this copy of the widget knows: all it bundles, or only the first `count`
 * (a test hook; a build made with VITE_TODO_WIDGET_MIGRATIONS defaults to that many).
 * @throws {ConfigurationError} `count` is not a whole number from 1 to the number bundled.
 */
export function knownMigrationCount(count: number | string | undefined = EMULATED_MIGRATION_COUNT): number {
  if (count === undefined || count === '') return journalEntries.length;
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || n > journalEntries.length) {
    throw new ConfigurationError(
      `migrations must be a whole number from 1 to ${journalEntries.length}; got ${String(count)}.`,
    );
  }
  return n;
}

/** The schema version a set of migrations produces: the timestamp of its last migration. */
export function schemaVersionOf(migrations: readonly MigrationEntry[]): number {
  const last = migrations[migrations.length - 1];
  if (!last) throw new ConfigurationError('There are no migrations.');
  return last.when;
}
