import type { MigrationTransaction } from '../db/migrate';

/**
 * Postgres settings every database of the widget runs with, kept in its postgresql.auto.conf.
 *
 * `shared_buffers` 32 MB instead of 128 MB: the leader's WebAssembly memory stays at the 128 MB
 * PGlite's module starts with, instead of growing to 184 MB at 10,000 todos and 221 MB at
 * 100,000; adds took the same time at 10,000 and 3–5 ms more at 100,000 (bench, 3 runs each;
 * docs/performance.md). At 16 MB they took 5–8 ms more at both sizes.
 */
export const ENGINE_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: '32MB' };

/**
 * Records the settings in a database that runs without them (made before they existed, or by
 * initdb when the prepared database could not be fetched). They apply from its next start:
 * Postgres reads `shared_buffers` only then.
 */
export async function recordEngineSettings(pg: MigrationTransaction): Promise<void> {
  for (const [name, value] of Object.entries(ENGINE_SETTINGS)) {
    const { rows } = await pg.query<Record<string, string>>(`SHOW ${name}`);
    if (rows[0]?.[name] !== value) await pg.exec(`ALTER SYSTEM SET ${name} = '${value}'`);
  }
}
