// What a run prints: the table of medians with the ratios, the sizes, the figures not produced,
// the targets; and, for the smoke run (CI), which expected figures are missing.
import { IMPLS, MID, RUNS, SCENARIOS, SIZES } from './config.mjs';
import { THROTTLED } from './workers.mjs';

export function printTable(summary, ratioTable, sizes, meta) {
  const cell = (s) => (!s ? '' : s.median == null ? `n/a` : `${s.median} (${s.min}–${s.max})`);
  const rows = [['figure', ...IMPLS, 'widget/baseline', 'widget/dexie']];
  for (const id of Object.keys(summary)) {
    rows.push([
      id,
      ...IMPLS.map((impl) => cell(summary[id][impl])),
      ratioTable[id]?.widget_over_baseline ?? '',
      ratioTable[id]?.widget_over_dexie ?? '',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(
    `\ntodo-widget bench: median (min–max) of ${RUNS} run(s), ms unless named; ${meta.chromium}, nproc ${meta.nproc}, ${meta.date}`,
  );
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
  console.log('\nsizes (gzip KB):', JSON.stringify(sizes));
  const nas = [];
  for (const [id, byImpl] of Object.entries(summary))
    for (const [impl, s] of Object.entries(byImpl)) if (s.median == null) nas.push(`${id} [${impl}]: ${s.na}`);
  if (nas.length) console.log(`\nn/a:\n  ${nas.join('\n  ')}`);
}

export function printTargets(targets) {
  console.log('\ntargets:');
  for (const t of targets)
    console.log(
      `  ${t.met === true ? 'met   ' : t.met === false ? 'MISSED' : 'n/a   '} ${t.target}: ${t.value ?? 'n/a'}${t.limit != null ? ` (limit ${t.limit})` : ''}`,
    );
}

/** The smoke run's check: every figure it should produce, with a median; what is missing, and why. */
export function missingFigures(result, sizes) {
  const missing = [];
  for (const [id, byImpl] of Object.entries(result.figures))
    for (const [impl, s] of Object.entries(byImpl)) if (s.median == null) missing.push(`${id} [${impl}]: ${s.na}`);
  const expected = [
    'input_ready_ms',
    'cold_start_ms',
    `cold_start_ms[${THROTTLED.label}]`,
    'bulk_add_1000_ms',
    ...SIZES.flatMap((n) =>
      [
        'add_to_screen_ms',
        'add_ack_ms',
        'add_to_other_tab_ms',
        'window_move_ms',
        'heap_leader_mb',
        'heap_follower_mb',
        'list_dom_nodes',
        ...(SCENARIOS.includes('tail') ? ['add_ack_ms_p99', 'inp_click_checkbox_p99'] : []),
      ].map((f) => `${f}@${n}`),
    ),
    ...[
      'warm_start_ms',
      'warm_first_rows_ms',
      'warm_live_ms',
      'follower_join_ms',
      'toggle_to_screen_ms',
      'toggle_all_ms',
    ].map((f) => `${f}@${MID}`),
  ];
  if (IMPLS.includes('widget') && result.figures[`move_to_other_tab_ms@${MID}`]?.widget?.median == null)
    missing.push(`move_to_other_tab_ms@${MID} [widget]: not produced`);
  for (const id of expected)
    for (const impl of IMPLS)
      if (result.figures[id]?.[impl]?.median == null && !missing.some((x) => x.startsWith(`${id} [${impl}]`)))
        missing.push(`${id} [${impl}]: not produced`);
  if (Object.values(sizes).some((v) => v === null)) missing.push('build sizes: not parsed from scripts/size.mjs');
  return missing;
}
