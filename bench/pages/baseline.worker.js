// The baseline's database worker: bare PGlite + live in PGlite's own worker(), nothing else.
// Like the widget's worker it imports PGlite lazily, so follower tabs never load the WASM.
import { worker } from '@electric-sql/pglite/worker';

// The widget's schema (src/db/migrations/0000_initial.sql), made idempotent.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS todos (
  id uuid PRIMARY KEY NOT NULL,
  list text DEFAULT 'default' NOT NULL,
  title text NOT NULL,
  completed boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT todos_title_length CHECK (char_length(btrim(title)) between 1 and 1000),
  CONSTRAINT todos_list_not_empty CHECK (char_length(list) between 1 and 200)
);
CREATE INDEX IF NOT EXISTS todos_list_completed_id_idx ON todos USING btree (list, completed, id);
CREATE INDEX IF NOT EXISTS todos_list_id_idx ON todos USING btree (list, id);
`;

void worker({
  async init(options) {
    const phases = {};
    let mark = performance.now();
    const phase = (name) => {
      const t = performance.now();
      phases[name] = Math.round(t - mark);
      mark = t;
    };
    const [{ PGlite }, { live }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/live'),
    ]);
    phase('load_ms');
    // OPFS access handles of the previous leader (a reloaded tab) can outlive its lock briefly.
    let pg;
    for (let attempt = 0; ; attempt++) {
      try {
        pg = await PGlite.create({ dataDir: options.meta.dataDir, extensions: { live } });
        break;
      } catch (error) {
        if (attempt > 75) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    phase('open_ms');
    await pg.exec(SCHEMA);
    phase('schema_ms');
    await pg.query('select set_config($1, $2, false)', ['bench.startup', JSON.stringify(phases)]);
    // Same hook as the widget's worker (src/workers/diagnostics.ts), so the bench can size the WASM memory.
    globalThis.todoWidgetDiagnostics = { wasmMemoryBytes: () => pg.mod?.wasmMemory?.buffer.byteLength ?? 0 };
    return pg;
  },
});
