/// <reference lib="webworker" />
// A stand-in for the previous release in upgrade tests: opens a database with real PGlite in a
// real worker, applies only the migrations that release shipped, runs its writes and closes.
// Emulating an older release is the tests' business, not a production option.
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../../src/db/migrate';
import { knownMigrations } from '../../src/db/migrations';
import { dataDirFor, type StorageKind } from '../../src/db/storage';
import { filesName } from '../../src/workers/engine';

export interface PreviousReleaseRequest {
  readonly database: string;
  readonly storage: StorageKind;
  readonly migrations: number;
  readonly sql: string;
}

self.onmessage = async (event: MessageEvent<PreviousReleaseRequest>) => {
  const { database, storage, migrations, sql } = event.data;
  try {
    const pg = await PGlite.create({ dataDir: dataDirFor(storage, filesName(database)) });
    await migrate(pg, knownMigrations(migrations));
    await pg.exec(sql);
    const columns = await pg.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'todos' order by ordinal_position`,
    );
    // Cast to text: the stored values, not their JavaScript conversions.
    const rows = await pg.query('select id::text, list, title, completed, created_at::text from todos order by id');
    await pg.close();
    self.postMessage({ ok: true, columns: columns.rows.map((row) => row.column_name), rows: rows.rows });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  }
};
