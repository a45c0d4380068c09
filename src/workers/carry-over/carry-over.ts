/**
 * Carries a database written by the previous engine over to this one (docs/storage.md, "A new
 * PGlite"). Generic over the two engines: the previous one comes from a module that opens its
 * files and dumps them (from-pglite-0-5.ts), the new one is any PGlite-like session.
 *
 * Crash-safe by order: the new files are written under another name than the old ones
 * (EngineFormat.suffix); the old files are only read, by their own engine; the new database is
 * made durable and compared, table by table (row count and checksum), before the switch is
 * recorded (the engine marker, carriedFrom), and the old files are removed only after that.
 * A start that finds the old files and no switch recorded begins again from the old files.
 */
import type { EngineFormat } from '../engine';

/** What the carry-over runs on either engine. */
export interface SqlSession {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/** The previous engine's database, opened by that engine. */
export interface PreviousSession extends SqlSession {
  /** A plain-SQL dump (pg_dump, INSERTs) of every schema, as that engine's pg_dump writes it. */
  dump(args: string[]): Promise<string>;
  close(): Promise<void>;
}

/** What a module of a previous engine exports as `previousEngine`. */
export interface PreviousEngine {
  readonly engine: EngineFormat;
  open(dataDir: string): Promise<PreviousSession>;
}

/**
 * The steps, in order: the old engine reads, the new one restores, the two are compared, the
 * switch is being recorded, it was (the old files go next).
 */
export type CarryOverStep = 'reading' | 'copying' | 'verifying' | 'switching' | 'switched';

export interface CarryOverReport {
  readonly from: string;
  readonly tables: Readonly<Record<string, TableSum>>;
  readonly dumpBytes: number;
  /** Milliseconds per step. */
  readonly ms: Readonly<Record<string, number>>;
}

export interface TableSum {
  readonly rows: number;
  readonly sum: string;
}

/**
 * Every schema a dump holds: the widget's, and whatever a host made through the data API. The
 * ones initdb makes are left out, and so are temporary and TOAST schemas.
 */
const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Row count and checksum of every table (and sequence) in the user schemas. The checksum is
 * over every row's text form, in a fixed order, with the settings that shape that text pinned,
 * so two engines holding the same data give the same sums.
 */
export async function tableSums(pg: SqlSession): Promise<Record<string, TableSum>> {
  await pg.exec(
    `SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres';
     SET extra_float_digits = 1; SET bytea_output = 'hex'`,
  );
  try {
    const { rows: relations } = await pg.query<{ schema: string; name: string; kind: string }>(
      `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'S') AND c.relpersistence = 'p' AND ${USER_SCHEMAS}
        ORDER BY 1, 2`,
    );
    const sums: Record<string, TableSum> = {};
    for (const { schema, name, kind } of relations) {
      const table = `${quote(schema)}.${quote(name)}`;
      const { rows } = await pg.query<TableSum>(
        kind === 'S'
          ? `SELECT 1 AS rows, md5(last_value::text || ':' || is_called::text) AS sum FROM ${table}`
          : `SELECT count(*)::int AS rows, coalesce(md5(string_agg(h, '' ORDER BY h)), '') AS sum
               FROM (SELECT md5(t::text) AS h FROM ONLY ${table} AS t) AS hashes`,
      );
      sums[`${schema}.${name}`] = rows[0] ?? { rows: 0, sum: '' };
    }
    return sums;
  } finally {
    await pg.exec('RESET TimeZone; RESET DateStyle; RESET IntervalStyle; RESET extra_float_digits; RESET bytea_output');
  }
}

/**
 * Empties a new database made from the prepared one (initdb and the migrations already run) so
 * that the dump, which holds the widget's schema as the old database had it, restores into it
 * as into an empty database: every user schema dropped, `public` made again as initdb makes it.
 */
async function emptyUserSchemas(pg: SqlSession): Promise<void> {
  const { rows } = await pg.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_namespace n WHERE ${USER_SCHEMAS} ORDER BY 1`,
  );
  const drops = rows.map(({ schema }) => `DROP SCHEMA ${quote(schema)} CASCADE;`).join('\n');
  await pg.exec(`${drops}
    CREATE SCHEMA public AUTHORIZATION pg_database_owner;
    COMMENT ON SCHEMA public IS 'standard public schema';
    GRANT USAGE ON SCHEMA public TO PUBLIC;`);
}

/** pg_dump's arguments: everything but ownership and grants (roles are not in a dump, and PGlite has one). */
const DUMP_ARGS = ['--no-owner', '--no-privileges', '--rows-per-insert=1000'];

export interface CarryOverOptions {
  readonly previous: PreviousEngine;
  /** The old files' dataDir (PGlite URL). */
  readonly oldDataDir: string;
  /** Opens the new, empty-but-prepared database under its own name. */
  readonly openNew: () => Promise<SqlSession & { syncToFs(): Promise<void> }>;
  readonly onProgress?: (step: CarryOverStep, fraction: number) => void;
}

/**
 * Reads the old database with its engine, restores it into the new one, and checks that every
 * table arrived exactly. Does not record the switch or touch the old files: the caller does,
 * in that order, once this resolved (open-database.ts).
 * @throws {Error} any step failed; the old files are as they were.
 */
export async function carryOver<New extends SqlSession & { syncToFs(): Promise<void> }>(
  options: Omit<CarryOverOptions, 'openNew'> & { openNew: () => Promise<New> },
): Promise<{ pg: New; report: CarryOverReport }> {
  const ms: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round(now - mark);
    mark = now;
  };
  const progress = options.onProgress ?? (() => undefined);

  progress('reading', 0.1);
  const old = await options.previous.open(options.oldDataDir);
  let dump: string;
  let expected: Record<string, TableSum>;
  try {
    phase('open_old_ms');
    expected = await tableSums(old);
    dump = await old.dump(DUMP_ARGS);
    phase('dump_ms');
  } finally {
    // Closed before the new engine starts: two PGlite instances at once would double the peak memory.
    await old.close();
  }

  progress('copying', 0.4);
  const pg = await options.openNew();
  phase('open_new_ms');
  await emptyUserSchemas(pg);
  await pg.exec(dump);
  // The dump empties search_path for its own statements; the session goes on with the default.
  await pg.exec('RESET ALL');
  phase('restore_ms');

  progress('verifying', 0.8);
  const found = await tableSums(pg);
  const differences = Object.keys({ ...expected, ...found }).filter(
    (table) => expected[table]?.rows !== found[table]?.rows || expected[table]?.sum !== found[table]?.sum,
  );
  if (differences.length) {
    throw new Error(
      `the copy differs from the original in ${differences
        .map((table) => `${table} (${expected[table]?.rows ?? 'no'} rows → ${found[table]?.rows ?? 'no'})`)
        .join(', ')}`,
    );
  }
  await pg.exec('CHECKPOINT');
  await pg.syncToFs();
  phase('verify_ms');
  progress('switching', 0.95);
  return { pg, report: { from: options.previous.engine.format, tables: expected, dumpBytes: dump.length, ms } };
}
