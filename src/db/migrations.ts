import { journalEntries, knownMigrationCount, type MigrationEntry } from './migration-journal';

export { MIGRATIONS_SCHEMA, MIGRATIONS_TABLE, schemaVersionOf } from './migration-journal';

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

export interface BundledMigration extends MigrationEntry {
  readonly sql: string;
}

/** Every committed migration, oldest first. */
export const bundledMigrations: readonly BundledMigration[] = journalEntries.map((entry) => {
  const sql = sqlFiles[`./migrations/${entry.tag}.sql`];
  if (sql === undefined) throw new Error(`Migration ${entry.tag}.sql is in the journal but not bundled.`);
  return { ...entry, sql };
});

/**
 * The migrations this copy of the widget knows, with their SQL (see knownMigrationCount).
 * @throws {ConfigurationError} `count` is not a whole number from 1 to the number bundled.
 */
export function knownMigrations(count?: number | string): readonly BundledMigration[] {
  const known = knownMigrationCount(count);
  return known === bundledMigrations.length ? bundledMigrations : bundledMigrations.slice(0, known);
}
