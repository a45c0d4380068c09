// The goals the issues set, checked against a run's medians: each target with its value, its limit
// and whether it was met (null when a figure is missing).
import { DECAY, MID, SIZES, WARM_SIZES, r1 } from './config.mjs';
import { THROTTLED } from './workers.mjs';
import { tailTargets } from './tail.mjs';

export function targets(summary, sizes) {
  const m = (id, impl = 'widget') => summary[id]?.[impl]?.median ?? null;
  const t = [];
  const check = (name, value, limit, ok = value != null && limit != null && value <= limit) =>
    t.push({
      target: name,
      value,
      limit: limit == null ? null : r1(limit),
      met: value == null || limit == null ? null : ok,
    });
  for (const n of SIZES) check(`add_to_screen_ms@${n} <= 16`, m(`add_to_screen_ms@${n}`), 16);
  // Issue 19: a keystroke in the search field -> ranked rows on screen.
  if (SIZES.includes(10000)) check('search_ms@10000 <= 50', m('search_ms@10000'), 50);
  if (SIZES.includes(100000)) check('search_ms@100000 <= 100', m('search_ms@100000'), 100);
  check('import_10000_ms <= 1000', m('import_10000_ms'), 1000);
  if (SIZES.includes(10000)) check('add_ack_ms@10000 <= 33', m('add_ack_ms@10000'), 33);
  if (SIZES.includes(100000)) check('add_ack_ms@100000 <= 50', m('add_ack_ms@100000'), 50);
  for (const n of SIZES) {
    const ack = m(`add_ack_ms@${n}`);
    check(`add_to_other_tab_ms@${n} <= add_ack_ms + 16`, m(`add_to_other_tab_ms@${n}`), ack == null ? null : ack + 16);
  }
  // Goal 4 and 5: a far jump within 100 ms, and the figures still holding after the toggle-alls.
  for (const n of SIZES) check(`window_move_ms@${n} <= 100`, m(`window_move_ms@${n}`), 100);
  if (DECAY > 0) {
    const big = Math.max(...SIZES);
    const suffix = `_after${DECAY}toggles`;
    const ack = m(`add_ack_ms@${big}${suffix}`);
    check(
      `add_to_other_tab_ms@${big}${suffix} <= add_ack_ms + 16`,
      m(`add_to_other_tab_ms@${big}${suffix}`),
      ack == null ? null : ack + 16,
    );
    check(`window_move_ms@${big}${suffix} <= 100`, m(`window_move_ms@${big}${suffix}`), 100);
    check(
      `vacuum_piece_max_ms@${big}${suffix} <= 50 (a write waits at most one piece)`,
      m(`vacuum_piece_max_ms@${big}${suffix}`),
      50,
    );
  }
  if (SIZES.includes(10000)) {
    const dexie = m('add_to_other_tab_ms@10000', 'dexie');
    check('add_to_other_tab_ms@10000 <= dexie / 5', m('add_to_other_tab_ms@10000'), dexie == null ? null : dexie / 5);
  }
  for (const n of SIZES) {
    const base = m(`add_to_screen_ms@${n}`, 'baseline');
    check(`add_to_screen widget/baseline@${n} <= 1.2`, m(`add_to_screen_ms@${n}`), base == null ? null : base * 1.2);
  }
  // Issue 16 goal 3: a first visit, counting the download, at most 0.6 of bare PGlite's, unthrottled and at 10 Mbit/s.
  for (const id of ['cold_start_ms', `cold_start_ms[${THROTTLED.label}]`]) {
    const base = m(id, 'baseline');
    check(`${id} <= 0.6 x bare PGlite`, m(id), base == null ? null : base * 0.6);
  }
  // Issue 16 goal 2: the leader's WebAssembly memory at 10,000 todos.
  if (SIZES.includes(10000)) check('worker_wasm_leader_mb@10000 <= 100', m('worker_wasm_leader_mb@10000'), 100);
  check(`follower_join_ms@${MID} <= 150`, m(`follower_join_ms@${MID}`), 150);
  const warmBase = m(`warm_start_ms@${MID}`, 'baseline');
  check(
    `warm_start_ms@${MID} <= 1.1 x bare PGlite`,
    m(`warm_start_ms@${MID}`),
    warmBase == null ? null : warmBase * 1.1,
  );
  for (const n of [...WARM_SIZES].sort((a, b) => a - b)) {
    check(`warm_first_rows_ms@${n} <= 200`, m(`warm_first_rows_ms@${n}`), 200);
    const dexieWarm = m(`warm_first_rows_ms@${n}`, 'dexie');
    check(
      `warm_first_rows_ms@${n} <= dexie / 4`,
      m(`warm_first_rows_ms@${n}`),
      dexieWarm == null ? null : dexieWarm / 4,
    );
    const baseLive = m(`warm_live_ms@${n}`, 'baseline');
    check(`warm_live_ms@${n} <= 1.0 x bare PGlite`, m(`warm_live_ms@${n}`), baseLive);
  }
  check('input_ready_ms <= 300', m('input_ready_ms'), 300);
  check(
    'PGlite code on the page (it talks to the leader through src/protocol) <= 0.1 KB gzip',
    sizes?.main_thread_pglite_kb ?? null,
    0.1,
  );
  tailTargets(summary, SIZES, check);
  check('main-thread JS in all <= 40 KB gzip', sizes?.main_thread_js_kb ?? null, 40);
  const wasm = summary.follower_wasm_requests?.widget;
  t.push({
    target: 'a follower tab downloads no WASM',
    value: wasm?.max ?? null,
    limit: 0,
    met: wasm?.max == null ? null : wasm.max === 0,
  });
  const big = Math.max(...SIZES);
  const nodes = m(`list_dom_nodes@${big}`);
  t.push({
    target: `DOM bounded at ${big} todos (virtualized: nodes << rows)`,
    value: nodes,
    limit: null,
    met: nodes == null ? null : nodes < big,
  });
  const total = (role) => {
    const parts = [`heap_${role}_mb@${big}`, `worker_heap_${role}_mb@${big}`, `worker_wasm_${role}_mb@${big}`].map(
      (id) => m(id),
    );
    return parts.some((x) => x == null) ? null : parts.reduce((a, b) => a + b, 0);
  };
  const leaderTotal = total('leader');
  const followerTotal = total('follower');
  check(
    `follower memory <= 1/5 leader @${big} (page JS + worker JS heaps + WASM memory)`,
    followerTotal == null ? null : r1(followerTotal),
    leaderTotal == null ? null : leaderTotal / 5,
  );
  return t;
}
