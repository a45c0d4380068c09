import { SchemaTooNewError } from '../../errors';
import type { MigrationEntry } from '../migration-journal';
import { schemaVersionOf } from '../migration-journal';
import type { MigrationTarget } from '../migrate';

/**
 * Compares the database's schema with the migrations this code knows, after every change of
 * leader and when another tab reports an upgrade.
 * - Newer: a newer widget upgraded it. This tab must not write to it: SchemaTooNewError.
 * - Older: the leader runs an older widget (opened before a deploy), which migrated only as far
 *   as it knew. This tab applies its missing migrations through that leader (additive by rule,
 *   so the old leader's own queries keep working).
 * @returns the tags of the migrations applied (for telling the other tabs).
 */
export async function checkSchema(
  databaseVersion: number | null,
  known: readonly MigrationEntry[],
  target: MigrationTarget,
): Promise<string[]> {
  const knownVersion = schemaVersionOf(known);
  if (databaseVersion !== null && databaseVersion > knownVersion)
    throw new SchemaTooNewError(databaseVersion, knownVersion);
  if (databaseVersion !== null && databaseVersion === knownVersion) return [];
  // Loaded only when an older widget leads: the page otherwise never migrates.
  const [{ migrate }, { knownMigrations }] = await Promise.all([import('../migrate'), import('../migrations')]);
  return migrate(target, knownMigrations(known.length));
}
