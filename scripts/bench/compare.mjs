// The widget against bare PGlite (the floor) and Dexie (the peer): the ratio of medians for every
// time figure both ran.
export function ratios(summary) {
  const out = {};
  const ratio = (id, a, b) => {
    const x = summary[id]?.[a]?.median;
    const y = summary[id]?.[b]?.median;
    return x != null && y ? Math.round((x / y) * 100) / 100 : null;
  };
  for (const id of Object.keys(summary)) {
    if (/^(cold_start_ms|input_ready_ms|warm_|follower_join_ms|add_|toggle|bulk_add|write_|window_move)/.test(id)) {
      out[id] = {
        widget_over_baseline: ratio(id, 'widget', 'baseline'),
        widget_over_dexie: ratio(id, 'widget', 'dexie'),
      };
    }
  }
  return out;
}
