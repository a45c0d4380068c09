// The figures a run records: every measured value by figure and implementation, the reason a
// figure could not be measured, and their medians.
import { log, median, r1 } from './config.mjs';

/** figure id -> impl -> { values: number[], na?: string, extra?: object[] } */
export const figures = {};
export const slot = (id, impl) => ((figures[id] ??= {})[impl] ??= { values: [] });
export const record = (id, impl, value, extra) => {
  const s = slot(id, impl);
  if (typeof value === 'number' && Number.isFinite(value)) s.values.push(r1(value));
  if (extra) (s.extra ??= []).push(extra);
};
export const na = (id, impl, reason) => {
  const s = slot(id, impl);
  s.na ??= String(reason).slice(0, 300);
};

/** Runs one measured step; on failure every figure it feeds is n/a with the reason. */
export async function step(what, ids, impl, fn) {
  try {
    return await fn();
  } catch (error) {
    const reason = `${what}: ${error?.message ?? error}`.split('\n')[0];
    log(`  ${impl}: FAILED ${reason}`);
    for (const id of ids) na(id, impl, reason);
    return undefined;
  }
}

export function summarize() {
  const summary = {};
  for (const [id, byImpl] of Object.entries(figures)) {
    summary[id] = {};
    for (const [impl, s] of Object.entries(byImpl)) {
      summary[id][impl] = s.values.length
        ? {
            median: r1(median(s.values)),
            min: Math.min(...s.values),
            max: Math.max(...s.values),
            n: s.values.length,
            values: s.values,
            ...(s.extra ? { extra: s.extra } : {}),
          }
        : { median: null, na: s.na ?? 'not produced' };
      if (s.values.length && s.na) summary[id][impl].failures = s.na;
    }
  }
  return summary;
}
