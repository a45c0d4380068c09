import type { LeaderMethods } from '../workers/leader/leader-methods';

/**
 * The calls a tab can make to the leader, derived from the leader's implementation: a call the
 * leader does not offer, or with other arguments, fails to compile on the tab's side.
 */
export type LeaderMethod = keyof LeaderMethods;
export type LeaderArgs<M extends LeaderMethod> = Parameters<LeaderMethods[M]>[1];
export type LeaderResult<M extends LeaderMethod> = Awaited<ReturnType<LeaderMethods[M]>>;

/**
 * Every method, as a key of a record the compiler checks both ways: a method the leader has
 * and this leaves out (the leader would drop the call and the tab time out 30 s later) or one
 * it no longer has fails to compile.
 */
const EVERY_METHOD = {
  describe: true,
  query: true,
  exec: true,
  txBegin: true,
  txQuery: true,
  txExec: true,
  txEnd: true,
  liveQuery: true,
  liveChanges: true,
  liveMove: true,
  liveStop: true,
} as const satisfies Record<LeaderMethod, true>;

export const LEADER_METHODS = Object.keys(EVERY_METHOD) as readonly LeaderMethod[];

// The data both sides share, for the modules that import them from here.
export type { QueryResult, WindowRange, WindowSeek, RowChange, LiveDelivery } from './leader-data';
