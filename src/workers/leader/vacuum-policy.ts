import type { PGlite } from '@electric-sql/pglite';
import { expiredRequests, PRUNE_REQUEST_LOG, REQUEST_LOG_TABLE } from './request-log';
import type { SerialQueue } from './serial-queue';

/** When the policy acts. Postgres's autovacuum defaults, which PGlite never runs. */
export interface VacuumPolicyOptions {
  /** Quiet time after the last write before the leader looks at the tables. */
  readonly idleMs?: number;
  /** Rows ANALYZE samples, as 300 × this (Postgres: 100, so 30,000 rows). */
  readonly statisticsTarget?: number;
  /** Dead rows that call for a VACUUM: `base + scale × live rows` (autovacuum: 50 + 0.2). */
  readonly vacuumBase?: number;
  readonly vacuumScale?: number;
  /** Rows changed since the last ANALYZE that call for one: `base + scale × live rows` (50 + 0.1). */
  readonly analyzeBase?: number;
  readonly analyzeScale?: number;
}

/** One piece of upkeep the policy ran, for diagnostics and the bench. */
export interface VacuumRun {
  readonly statement: string;
  readonly ms: number;
  readonly deadRows: number;
}

interface TableStats {
  readonly schema: string;
  readonly table: string;
  readonly live: number;
  readonly dead: number;
  readonly modified: number;
}

interface UpkeptTable {
  readonly schema: string;
  readonly table: string;
  /** Whether its statistics matter: the request log is only ever read by its primary key. */
  readonly analyze: boolean;
}

/**
 * The tables whose upkeep matters: every write touches todos, and its triggers todo_counts; every
 * logged write adds to the request log, and each prune of it leaves dead rows.
 */
const TABLES: readonly UpkeptTable[] = [
  { schema: 'public', table: 'todos', analyze: true },
  { schema: 'public', table: 'todo_counts', analyze: true },
  { ...REQUEST_LOG_TABLE, analyze: false },
];

/** The table as VACUUM and ANALYZE name it: the public ones unqualified, as before the request log joined. */
const sqlName = ({ schema, table }: { schema: string; table: string }) =>
  schema === 'public' ? `"${table}"` : `"${schema}"."${table}"`;

/**
 * PGlite runs no autovacuum: every toggle-all of 100,000 todos left 100,000 dead row versions for
 * good (the table and its indexes grew with each, and every scan read them), and no ANALYZE ran,
 * so the planner guessed and chose a sort on disk for a big list's window. This runs what
 * autovacuum would, in the leader's queue, when the leader has been idle for `idleMs` after a
 * write and nothing else is queued: a VACUUM holds the queue (100,000 todos after one toggle-all:
 * 57–266 ms in Node PGlite, noisy), so a piece is started only when it would keep no one waiting,
 * and each table's VACUUM and ANALYZE is its own task, so a write that arrives meanwhile waits for
 * one piece at most.
 */
export class VacuumPolicy {
  readonly #pg: PGlite;
  readonly #queue: SerialQueue;
  readonly #options: Required<VacuumPolicyOptions>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /** Rows changed since the tables were last looked at. */
  #changed = 0;
  /** The last pieces of upkeep, newest last (diagnostics). */
  readonly runs: VacuumRun[] = [];

  constructor(pg: PGlite, queue: SerialQueue, options: VacuumPolicyOptions = {}) {
    this.#pg = pg;
    this.#queue = queue;
    // 250 ms: a user clicking "mark all" again and again leaves the leader idle between clicks for
    // about that long; waiting for 1 s of quiet let 20 toggle-alls of 100,000 todos pile up 2,000,000
    // dead rows, and the one VACUUM after them held the leader for 926 ms (bench, this machine).
    // Statistics target 10: the plans need how big a list is, not fine histograms; ANALYZE of
    // 100,000 todos took 115 ms at Postgres's default (100) and 10–14 ms at 10 (Node PGlite).
    this.#options = {
      idleMs: 250,
      statisticsTarget: 10,
      vacuumBase: 50,
      vacuumScale: 0.2,
      analyzeBase: 50,
      analyzeScale: 0.1,
      ...options,
    };
  }

  /** A new leader looks once, when idle: the statistics the previous one counted are gone. */
  start(): void {
    this.noteWrite();
  }

  /**
   * Data may have changed: look again once the leader has been idle for `idleMs`, once enough rows
   * changed for anything to be due (fewer than the base thresholds never are): a user adding todos
   * one by one costs no statistics query after each, nor a wait behind one.
   * @param rowsChanged rows the write changed, when known (a transaction's are not).
   */
  noteWrite(rowsChanged?: number): void {
    if (this.#stopped) return;
    this.#changed += rowsChanged ?? Infinity;
    if (this.#changed < Math.min(this.#options.vacuumBase, this.#options.analyzeBase)) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#whenIdle(), this.#options.idleMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #whenIdle(): Promise<void> {
    try {
      const pieces = await this.#alone(() => this.#due());
      if (pieces === undefined) return this.noteWrite();
      this.#changed = 0;
      for (const piece of pieces) {
        // Postponed, not dropped: a write came in, so the next quiet moment looks again.
        if ((await this.#alone(() => this.#run(piece))) === undefined) return this.noteWrite();
      }
    } catch (error) {
      console.warn('todo-widget: vacuum policy', error);
    }
  }

  /** Runs `task` in the queue if nothing else is queued when its turn comes; `undefined` if something was. */
  async #alone<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.#stopped || this.#queue.pending > 0) return undefined;
    return this.#queue.run(async () => (this.#stopped || this.#queue.pending > 1 ? undefined : task()));
  }

  /**
   * The statements due, each one piece: the request log's expired results deleted first (it would
   * otherwise grow for as long as the leader runs), then VACUUM before ANALYZE, as a table's dead
   * rows skew its statistics.
   */
  async #due(): Promise<Array<{ statement: string; deadRows: number }>> {
    const pieces: Array<{ statement: string; deadRows: number }> = [];
    const expired = await expiredRequests(this.#pg);
    if (expired > 0) pieces.push({ statement: PRUNE_REQUEST_LOG, deadRows: 0 });
    // A session publishes its counts at most once a second, after a statement: PGlite's one
    // session would show the leader's own last writes only after its next statement.
    await this.#pg.query('select pg_stat_force_next_flush()');
    // Those counts start from zero in each leader (PGlite keeps no statistics across a restart),
    // so the planner's row estimate (pg_class.reltuples, set by the last ANALYZE or VACUUM; -1 if
    // none) is also compared with the rows todo_counts says there are: 100,000 todos imported
    // under an earlier leader would otherwise keep the plans made for an empty table.
    const { rows } = await this.#pg.query<TableStats>(
      `select s.schemaname as schema, s.relname as "table", greatest(s.n_live_tup, c.reltuples)::int as live, s.n_dead_tup::int as dead,
              greatest(s.n_mod_since_analyze,
                       case when s.schemaname = 'public' and s.relname = 'todos' then abs((select coalesce(sum(total), 0) from todo_counts) - greatest(c.reltuples, 0)) else 0 end
              )::int as modified
         from pg_stat_all_tables s join pg_class c on c.oid = s.relid
        where s.schemaname || '.' || s.relname = any($1)`,
      [TABLES.map(({ schema, table }) => `${schema}.${table}`)],
    );
    const { vacuumBase, vacuumScale, analyzeBase, analyzeScale } = this.#options;
    for (const { schema, table, live, dead: counted, modified } of rows) {
      const upkept = TABLES.find((t) => t.schema === schema && t.table === table);
      if (!upkept) continue;
      const name = sqlName(upkept);
      // The prune just queued leaves its rows dead: its VACUUM follows in the same round.
      const dead = counted + (upkept.schema === REQUEST_LOG_TABLE.schema ? expired : 0);
      // Not for rows only inserted, as autovacuum does since Postgres 13 (to mark pages all-visible
      // for index-only scans, which no statement here relies on): after 100,000 todos were
      // imported, that VACUUM dirtied every page and held the leader for 543 ms in the bench.
      if (dead > vacuumBase + vacuumScale * live) pieces.push({ statement: `VACUUM ${name}`, deadRows: dead });
      if (upkept.analyze && modified > analyzeBase + analyzeScale * live)
        pieces.push({ statement: `ANALYZE ${name}`, deadRows: dead });
    }
    return pieces;
  }

  async #run(piece: { statement: string; deadRows: number }): Promise<void> {
    const started = performance.now();
    if (piece.statement.startsWith('ANALYZE')) {
      // In a transaction, so the smaller sample applies to this ANALYZE only (VACUUM cannot run in one).
      await this.#pg.transaction(async (tx) => {
        await tx.exec(`SET LOCAL default_statistics_target = ${this.#options.statisticsTarget}`);
        await tx.exec(piece.statement);
      });
    } else {
      await this.#pg.exec(piece.statement);
    }
    this.runs.push({ ...piece, ms: Math.round((performance.now() - started) * 10) / 10 });
    if (this.runs.length > 50) this.runs.shift();
  }
}
