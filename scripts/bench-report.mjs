#!/usr/bin/env node
// Prints a bench results file (default bench/results/latest.json) as the Markdown tables
// bench/README.md quotes: `node scripts/bench-report.mjs [file ...]` (several files are merged,
// e.g. the default run and an optional 100,000-todo run).
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (!files.length) files.push('bench/results/latest.json');
const results = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));
const impls = ['widget', 'baseline', 'dexie'];
const figures = {};
for (const result of results)
  for (const [id, byImpl] of Object.entries(result.figures)) figures[id] = { ...figures[id], ...byImpl };
const ratios = Object.assign({}, ...results.map((result) => result.ratios));

const cell = (s) => (!s ? '–' : s.median == null ? `n/a` : `**${s.median}** (${s.min}–${s.max})`);
const lines = [];
for (const result of results) {
  const m = result.meta;
  lines.push(
    `Machine: ${m.chromium}, headless; ${m.nproc} cores (${m.cpu}); Node ${m.node}; PGlite ${m.pglite}, Dexie ${m.dexie}; ${m.date.slice(0, 16).replace('T', ' ')} UTC; commit ${m.git_commit}${m.git_dirty_src ? ' + uncommitted src changes' : ''}; ${m.runs} run(s) per figure; sizes ${m.sizes.join(', ')}; ${m.total_s} s.`,
    '',
  );
}
lines.push(
  `| figure | ${impls.join(' | ')} | widget/baseline | widget/dexie |`,
  `|---|${impls.map(() => '---').join('|')}|---|---|`,
);
for (const [id, byImpl] of Object.entries(figures)) {
  lines.push(
    `| \`${id}\` | ${impls.map((impl) => cell(byImpl[impl])).join(' | ')} | ${ratios[id]?.widget_over_baseline ?? ''} | ${ratios[id]?.widget_over_dexie ?? ''} |`,
  );
}
lines.push('', 'Median (min–max) in ms unless the name says MB or nodes.');
for (const result of results) {
  const s = result.sizes;
  lines.push(
    '',
    `Sizes (gzip): main-thread JS ${s.main_thread_js_kb} KB, worker entry ${s.worker_entry_kb} KB, leader-only JS ${s.leader_only_js_kb} KB, PGlite WASM ${s.pglite_wasm_kb} KB, runtime files and first-visit database ${s.prepared_files_kb} KB (PGlite's initdb files, fetched only when those cannot be: ${s.pglite_initdb_files_kb} KB).`,
  );
  lines.push('', '| target | got | limit | met |', '|---|---|---|---|');
  for (const t of result.targets)
    lines.push(
      `| ${t.target} | ${t.value ?? 'n/a'} | ${t.limit ?? ''} | ${t.met === true ? 'yes' : t.met === false ? '**no**' : 'n/a'} |`,
    );
  const nas = [];
  for (const [id, byImpl] of Object.entries(result.figures))
    for (const [impl, f] of Object.entries(byImpl)) if (f.median == null) nas.push(`- \`${id}\` [${impl}]: ${f.na}`);
  if (nas.length) lines.push('', 'n/a:', ...nas);
}
console.log(lines.join('\n'));
