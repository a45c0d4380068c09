/**
 * The previous engine, PGlite 0.5 (PostgreSQL 18), and a pg_dump that reads it. Its own lazily
 * loaded chunk (with its WASM and pglite.data beside the others): only a leader that finds a
 * database of that engine imports it (workers/open-database.ts), so a visitor without one never
 * downloads a byte of it. The next major replaces this file's alias (docs/storage.md).
 */
import { PGlite } from 'pglite-0-5';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { PREVIOUS_ENGINE } from '../engine';
import { unusedInitdbModule } from '../initial-data-dir';
import type { PreviousEngine, PreviousSession } from './carry-over';

type DumpOptions = Parameters<typeof pgDump>[0];

export const previousEngine: PreviousEngine = {
  engine: PREVIOUS_ENGINE,
  async open(dataDir: string): Promise<PreviousSession> {
    // The old files exist, so initdb never runs: an empty module saves its download (docs/upstream.md, 8).
    const pg = await PGlite.create({ dataDir, initdbWasmModule: await unusedInitdbModule() });
    return {
      query: (sql, params) => pg.query(sql, params),
      exec: (sql) => pg.exec(sql),
      close: () => pg.close(),
      async dump(args) {
        // pglite-tools 0.4.8 is typed against the PGlite it was built with; it only speaks the
        // wire protocol through execProtocolRawStream, which 0.5.16 has unchanged.
        const file = await pgDump({ pg: pg as unknown as DumpOptions['pg'], args });
        return file.text();
      },
    };
  },
};
