import type { PGlite } from '@electric-sql/pglite';
import type { LiveQueries } from './leader/live-queries';
import type { VacuumPolicy, VacuumRun } from './leader/vacuum-policy';
import type { WindowSnapshots } from './leader/window-snapshots';

/**
 * What a debugger (DevTools console in this worker) or the benchmark (CDP `Runtime.evaluate`)
 * can read about the engine: its WebAssembly memory lives outside the JS heap, so heap
 * snapshots and `Runtime.getHeapUsage` never show it.
 */
export interface WorkerDiagnostics {
  /** Bytes of PGlite's WebAssembly memory; 0 in a follower's worker, which runs no engine. */
  wasmMemoryBytes(): number;
  /** The live queries this leader runs for its tabs: parameters, window, subscribers. */
  liveQueries(): ReturnType<LiveQueries['describe']>;
  /** How many live subscriptions of all tabs this leader runs: back to its baseline once they stop or fail. */
  liveQueryCount(): number;
  /** How long the leader's last live refreshes took (ms), newest last. */
  refreshMs(): readonly number[];
  /** The upkeep the vacuum policy ran (VACUUM, ANALYZE), newest last, with how long each held the leader. */
  vacuumRuns(): readonly VacuumRun[];
  /**
   * Holds back (true) or lets through again (false) the writes that list window snapshots as
   * current after a commit: the crash test kills the browser in that window on purpose.
   */
  holdSnapshots(held: boolean): void;
}

declare global {
  var todoWidgetDiagnostics: WorkerDiagnostics | undefined;
}

/** Publishes the diagnostics of the engine this worker opened. */
export function exposeDiagnostics(
  pg: PGlite,
  live: LiveQueries,
  vacuum: VacuumPolicy,
  snapshots?: WindowSnapshots,
): void {
  // `mod` (the Emscripten module) is protected in PGlite's types, and public at runtime.
  const engine = pg as unknown as { mod?: { wasmMemory?: WebAssembly.Memory } };
  globalThis.todoWidgetDiagnostics = {
    wasmMemoryBytes: () => engine.mod?.wasmMemory?.buffer.byteLength ?? 0,
    liveQueries: () => live.describe(),
    liveQueryCount: () => live.subscriberCount,
    refreshMs: () => live.refreshMs,
    vacuumRuns: () => vacuum.runs,
    holdSnapshots: (held) => snapshots?.hold(held),
  };
}
