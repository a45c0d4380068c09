#!/usr/bin/env node
// `npm run size`: what the built widget costs a page, gzip-compressed, from dist/ (run `npm run build` first).
//   main thread  dist/todo-widget.js and everything it imports statically: all a page downloads
//                before the worker starts. The budget holds for it in all: 40 KB gzip since issues
//                16, 17 and 19 (it was 35 KB, an earlier issue's figure, when the widget was TodoMVC
//                and the page also carried PGlite's 10 KB client): a warm-start snapshot reader,
//                six languages' machinery, undo, ordering, an outbox and drafts are on every page;
//                search, export/import, moving rows, undo's writes and non-English text load lazily. The page talks to the leader through the widget's own protocol and must carry
//                no PGlite code: checked by rebuilding the page bundle with PGlite external.
//   worker       the worker entry chunk and its static imports: all a follower tab's worker downloads.
//   leader only  PGlite's engine and Drizzle's migrator, imported lazily by the leader's worker,
//                plus PGlite's WASM and the prepared runtime files and first-visit database
//                (scripts/initial-data-dir.mjs); followers never download these.
// Flags: --analyze  also break the main thread down by package and module (an in-memory rebuild).
//        --check    exit 1 when the main thread is over budget.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 40;
const dist = resolve('dist');
const args = new Set(process.argv.slice(2));

if (!existsSync(join(dist, 'todo-widget.js'))) {
  console.error('dist/todo-widget.js is missing: run `npm run build` first.');
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);
const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** The file plus everything it imports statically (`import … from "./x.js"`, `import "./x.js"`), in load order. */
function staticGraph(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const match of code.matchAll(
    /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w${},*\s]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g,
  )) {
    staticGraph(resolve(dirname(entry), match[1]), seen);
  }
  return seen;
}

function measure(files) {
  let raw = 0;
  let zipped = 0;
  for (const file of files) {
    const buffer = readFileSync(file);
    raw += buffer.length;
    zipped += gzip(buffer);
  }
  return { raw, zipped };
}

const assets = readdirSync(join(dist, 'assets')).map((name) => join(dist, 'assets', name));
const main = [...staticGraph(join(dist, 'todo-widget.js'))];
const workerEntry = assets.find((file) => /\/pglite\.worker-[^/]+\.js$/.test(file));
const worker = [...staticGraph(workerEntry)];
// What the leader downloads: PGlite's engine, and the runtime files and (first visit) database
// scripts/initial-data-dir.mjs prepares. PGlite's own initdb.wasm and full pglite.data are
// downloaded only when those cannot be: then PGlite runs initdb in the browser.
const isFallback = (file) => /\/(initdb-[\w-]+\.wasm|pglite-[\w-]+\.data)$/.test(file);
const wasm = assets.filter((file) => file.endsWith('.wasm') && !isFallback(file));
const prepared = assets.filter((file) => /\/(fs-bundle|data-dir\.tar)-[\w-]+\.(data|gz)$/.test(file));
const fallback = assets.filter(isFallback);
// The leader's lazy imports: every chunk the worker entry reaches through import(...).
const workerCode = readFileSync(workerEntry, 'utf8');
const lazy = new Set();
for (const match of workerCode.matchAll(/import\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)) {
  for (const file of staticGraph(resolve(dirname(workerEntry), match[1]))) if (!worker.includes(file)) lazy.add(file);
}

const rows = [
  ['main thread JS', main, `budget ${BUDGET_KB} KB`],
  ['worker entry (every tab)', worker, 'no PGlite: followers stop here'],
  ['leader-only JS (lazy)', [...lazy], 'PGlite engine, migrator'],
  ['PGlite WASM', wasm, 'leader only'],
  ['runtime files, first-visit database', prepared, 'leader only; the database on a first visit only'],
  ["PGlite's initdb files", fallback, 'only if the two above cannot be fetched'],
];

console.log(`${'todo-widget size'.padEnd(42)}${'raw'.padStart(10)}${'gzip'.padStart(10)}`);
for (const [label, files, note] of rows) {
  const { raw, zipped } = measure(files);
  console.log(`${label.padEnd(42)}${kb(raw)}${kb(zipped)}   ${note}`);
  for (const file of files) {
    const single = measure([file]);
    console.log(`  ${relative(dist, file).padEnd(40)}${kb(single.raw)}${kb(single.zipped)}`);
  }
}

const mainGzip = measure(main).zipped;
const ownGzip = await mainThreadWithoutPglite();
const overBy = mainGzip / 1024 - BUDGET_KB;
console.log(
  overBy > 0
    ? `\nmain thread: ${(mainGzip / 1024).toFixed(2)} KB gzip in all, OVER the ${BUDGET_KB} KB budget by ${(overBy * 1024).toFixed(0)} bytes`
    : `\nmain thread: ${(mainGzip / 1024).toFixed(2)} KB gzip in all, within the ${BUDGET_KB} KB budget`,
);
const pgliteOnPage = (mainGzip - ownGzip) / 1024;
console.log(
  `of which PGlite code: ${pgliteOnPage.toFixed(1)} KB (the page must carry none: it talks to the leader through src/protocol)`,
);
if (pgliteOnPage > 0.1) {
  console.error("ERROR: the page bundle imports PGlite; only the leader's worker may.");
  process.exitCode = 1;
}

// Followers must never fetch the WASM: nothing the page or the worker entry loads up front may name it.
const eager = [...main, ...worker].filter((file) =>
  /[\w-]+\.(?:wasm|data|tar[\w-]*\.gz)[`'"]/.test(readFileSync(file, 'utf8')),
);
if (eager.length) {
  console.error(`ERROR: WASM/data referenced up front by: ${eager.map((file) => relative(dist, file)).join(', ')}`);
  process.exitCode = 1;
} else {
  console.log('no WASM or data referenced by the main thread or the worker entry: followers never download them');
}

if (args.has('--analyze')) await analyze(mainGzip);
if (args.has('--check') && overBy > 0) process.exit(1);

/**
 * The page bundle rebuilt in memory with every `@electric-sql/pglite` module external: the
 * widget's own code, Lit and uuid, i.e. the main thread "PGlite excluded", in gzip bytes.
 */
async function mainThreadWithoutPglite() {
  const { build } = await import('vite');
  const output = await build({
    configFile: resolve('vite.config.ts'),
    logLevel: 'silent',
    build: { write: false, rollupOptions: { external: (id) => /^@electric-sql\/pglite(\/|$)/.test(id) } },
  });
  const files = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output);
  const byName = new Map(files.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  // The entry and its static imports, as the page loads them.
  const seen = new Set();
  const visit = (name) => {
    const chunk = byName.get(name);
    if (!chunk || seen.has(name)) return;
    seen.add(name);
    for (const imported of chunk.imports) visit(imported);
  };
  visit('todo-widget.js');
  return [...seen].reduce((sum, name) => sum + gzip(Buffer.from(byName.get(name).code)), 0);
}

/**
 * Where the main thread's bytes go: rebuilds the library in memory and spreads the measured
 * gzip size over modules by their rendered (pre-minification) length. An estimate, good for
 * ranking, not for exact per-module figures.
 */
async function analyze(totalGzip) {
  const { build } = await import('vite');
  const output = await build({ configFile: resolve('vite.config.ts'), logLevel: 'silent', build: { write: false } });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output);
  const entry = chunks.find((chunk) => chunk.type === 'chunk' && chunk.fileName === 'todo-widget.js');
  const byModule = Object.entries(entry.modules).map(([id, info]) => ({ id, length: info.renderedLength }));
  const total = byModule.reduce((sum, { length }) => sum + length, 0);
  const groupOf = (id) => {
    const pkg = id.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
    if (pkg) return pkg;
    const local = id.match(/\/src\/([^/]+)/)?.[1];
    return local ? `src/${local}` : id;
  };
  const groups = new Map();
  for (const { id, length } of byModule) groups.set(groupOf(id), (groups.get(groupOf(id)) ?? 0) + length);
  const share = (length) => kb((length / total) * totalGzip);

  console.log(`\nmain thread by package (≈ gzip share of ${(totalGzip / 1024).toFixed(1)} KB)`);
  for (const [name, length] of [...groups].sort((a, b) => b[1] - a[1]))
    console.log(`  ${name.padEnd(40)}${share(length)}`);
  console.log('\nlargest modules');
  for (const { id, length } of byModule.sort((a, b) => b.length - a.length).slice(0, 20)) {
    console.log(
      `  ${relative(process.cwd(), id)
        .replace(/^node_modules\//, '')
        .padEnd(70)}${share(length)}`,
    );
  }
}
