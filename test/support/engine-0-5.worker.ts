/// <reference lib="webworker" />
// The previous release's engine writing a database, for the carry-over tests: real PGlite
// 0.5.16 (the npm alias the widget carries the old engine with), in a real worker, on real OPFS
// or IndexedDB, under the name 0.5 gave a database's files (its bare name), with this widget's
// migrations as the last 0.5-based release shipped them (c26007a: 0000…0004, unchanged since).
// `fixtureSql` is what that release's users and hosts did to it: adds, completions, a manual
// order, a rename, a delete, and a host's own tables made with exec().
import { PGlite } from 'pglite-0-5';
import { migrate } from '../../src/db/migrate';
import { knownMigrations } from '../../src/db/migrations';
import { dataDirFor, type StorageKind } from '../../src/db/storage';
import { PREVIOUS_ENGINE, filesName } from '../../src/workers/engine';
import { everythingSql, type Everything } from './everything';

export interface Engine05Request {
  readonly database: string;
  readonly storage: StorageKind;
  /** Run after the migrations. */
  readonly sql: string;
  /** Read everything back (everythingSql: needs fixtureSql's host tables); default true. */
  readonly readBack?: boolean;
}

export type Engine05Reply =
  { ok: true; version: string; migrations: number; everything?: Everything } | { ok: false; error: string };

self.onmessage = async (event: MessageEvent<Engine05Request>) => {
  const { database, storage, sql, readBack = true } = event.data;
  try {
    const pg = await PGlite.create({ dataDir: dataDirFor(storage, filesName(database, PREVIOUS_ENGINE.suffix)) });
    const applied = await migrate(pg, knownMigrations());
    await pg.exec(sql);
    const version = (await pg.query<{ v: string }>(`select version() as v`)).rows[0]!.v;
    const everything = readBack
      ? (await pg.query<{ everything: Everything }>(everythingSql)).rows[0]!.everything
      : undefined;
    await pg.close();
    self.postMessage({
      ok: true,
      version,
      migrations: applied.length,
      ...(everything ? { everything } : {}),
    } satisfies Engine05Reply);
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) } satisfies Engine05Reply);
  }
};
