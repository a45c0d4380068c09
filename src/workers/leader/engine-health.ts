import type { PGlite } from '@electric-sql/pglite';
import { isStorageFull } from '../../errors';

/** How long the engine has to answer `select 1` after a failure. */
const HEALTH_CHECK_MS = 5_000;

/**
 * Whether `error`, from a call, means the engine no longer runs statements, so that this leader
 * must let another take over (issue 14's failure mode 1 covered only an engine that cannot open).
 * - A WebAssembly trap (an abort: out of memory, a stack overflow) or a closed PGlite: dead.
 * - A Postgres refusal with a SQLSTATE outside class XX: alive, whatever it refused.
 * - Class XX (internal error): dead unless `select 1` answers. Past a recursion deeper than the
 *   WebAssembly stack PGlite stays open, fails the next statement with "ERRORDATA_STACK_SIZE
 *   exceeded" (XX000) and never answers the one after it (Chromium, PGlite 0.5.16).
 * - The storage quota running out: alive (the disk is full, not the engine).
 * - No SQLSTATE (the widget's own checks, a value that cannot be cloned, a file system error):
 *   dead only if `select 1` fails; an engine that is busy (a tab's transaction holds it) is alive.
 */
export async function engineDiedOf(pg: PGlite, error: unknown): Promise<boolean> {
  if (pg.closed || error instanceof WebAssembly.RuntimeError) return true;
  // A full quota fails every write's sync to disk, `select 1` included, while the engine runs: the
  // tab is told (StorageFullError) and reads go on. Stepping down would only start another leader
  // on the same full disk, again and again, and the write would never be answered.
  if (isStorageFull(error)) return false;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const sqlstate = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (sqlstate !== undefined && !sqlstate.startsWith('XX')) return false;
  const answer = await selectOne(pg);
  return answer === 'failed' || (answer === 'silent' && sqlstate !== undefined);
}

async function selectOne(pg: PGlite): Promise<'answered' | 'failed' | 'silent'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silent = new Promise<'silent'>((resolve) => (timer = setTimeout(() => resolve('silent'), HEALTH_CHECK_MS)));
  const answered = pg.query('select 1').then(
    () => 'answered' as const,
    () => 'failed' as const,
  );
  try {
    return await Promise.race([answered, silent]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Watches one engine for death: every failure the leader sees (a statement, a queued task such
 * as a live refresh or a vacuum) is checked, and the first that shows the engine dead is told
 * to the death listener, once.
 */
export class EngineMonitor {
  #dead = false;
  #cause: unknown;
  #checking?: Promise<boolean>;
  #listener?: (cause: unknown) => void;

  constructor(private readonly pg: PGlite) {}

  /** Calls `listener` once the engine is found dead (at once if it already was). */
  onDeath(listener: (cause: unknown) => void): void {
    this.#listener = listener;
    if (this.#dead) listener(this.#cause);
  }

  /** Whether the engine is dead, after `error`; the first time it is, the death listener runs before this resolves. */
  async diedOf(error: unknown): Promise<boolean> {
    if (this.#dead) return true;
    // One check at a time: the check's own statement fails too when the engine is dead.
    this.#checking ??= engineDiedOf(this.pg, error).finally(() => (this.#checking = undefined));
    const died = await this.#checking;
    if (died && !this.#dead) {
      this.#dead = true;
      this.#cause = error;
      this.#listener?.(error);
    }
    return this.#dead;
  }

  /**
   * Checks the failure of every statement PGlite runs, also those a caller never hears of: past a
   * stack overflow the BEGIN of `transaction()` fails and the ROLLBACK it then sends never
   * returns, so the call waits forever instead of failing. Wraps this instance's
   * `execProtocolStream`, through which PGlite 0.5 runs every statement (`query`, `exec`, and
   * `transaction`'s own); without it (another PGlite) only the failures callers see are checked.
   */
  watchStatements(): void {
    const engine = this.pg as unknown as { execProtocolStream?: (...args: unknown[]) => Promise<unknown> };
    const run = engine.execProtocolStream;
    if (typeof run !== 'function') return;
    engine.execProtocolStream = async (...args: unknown[]) => {
      try {
        return await run.apply(this.pg, args);
      } catch (error) {
        void this.diedOf(error);
        throw error;
      }
    };
  }
}
