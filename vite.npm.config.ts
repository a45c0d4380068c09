import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import base from './vite.config.ts';
import packageJson from './package.json' with { type: 'json' };
// @ts-expect-error a plain .mjs build script, without type declarations
import { initialDataDirPlugin } from './scripts/initial-data-dir.mjs';
// @ts-expect-error a plain .mjs build script, without type declarations
import { minifyCssLiterals } from './scripts/minify-css-literals.mjs';

/**
 * dist/npm/: what the package's `exports` give a bundler (`import 'todo-widget'`,
 * `import { TodoApp } from 'todo-widget/elements'`, `import { todos } from 'todo-widget/schema'`). The script-tag file dist/todo-widget.js
 * (vite.config.ts) stays self-contained; this build differs from it in three ways:
 *
 * - Lit, uuid, Drizzle and PGlite's engine stay bare imports, so the app's bundler resolves them
 *   from the app's node_modules (one Lit for the whole app) and PGlite's own
 *   `new URL('./pglite.wasm', import.meta.url)` hands the WASM and data files to that bundler.
 *   An app that uses PGlite itself ships one copy of it.
 * - The worker is its own entry, dist/npm/pglite.worker.js, started by
 *   `new Worker(new URL('./pglite.worker.js', import.meta.url), { type: 'module', … })`
 *   (src/workers/create-worker.bundler.ts), the form bundlers rebuild as a worker.
 * - Not minified: the app's bundler minifies, and readable code is easier to debug.
 */
const createWorker = fileURLToPath(new URL('./src/workers/create-worker.ts', import.meta.url));
const createWorkerForBundlers = fileURLToPath(new URL('./src/workers/create-worker.bundler.ts', import.meta.url));
const WORKER_REFERENCE = "new URL('./pglite.worker.js', import.meta.url)";
const PLACEHOLDER = '__TODO_WIDGET_WORKER_URL__';

/**
 * What the app installs with the package (its "dependencies", and the optional peer Drizzle, which
 * only `todo-widget/schema` imports), resolved by the app's bundler.
 */
const dependencies = [...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.peerDependencies)];
const isExternal = (id: string) => dependencies.some((name) => id === name || id.startsWith(`${name}/`));

const workerForBundlers: Plugin = {
  name: 'todo-widget:worker-for-bundlers',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!source.includes('create-worker')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === createWorker ? createWorkerForBundlers : resolved;
  },
  // Vite would otherwise build the worker itself and write `new URL("…-hash.js", '' + import.meta.url)`,
  // which no bundler downstream recognises. Hidden here, put back verbatim once the chunk is rendered.
  transform(code, id) {
    if (id !== createWorkerForBundlers) return null;
    if (!code.includes(WORKER_REFERENCE)) this.error(`${id} no longer contains ${WORKER_REFERENCE}`);
    return { code: code.replace(WORKER_REFERENCE, PLACEHOLDER), map: null };
  },
  renderChunk(code) {
    return code.includes(PLACEHOLDER) ? { code: code.replace(PLACEHOLDER, WORKER_REFERENCE), map: null } : null;
  },
  generateBundle(_options, bundle) {
    const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
    // The printer may change quotes and line breaks, which bundlers allow; the shape must stay.
    const starter = /new Worker\(new URL\((['"])\.\/pglite\.worker\.js\1, import\.meta\.url\), \{\s*type: "module",/;
    const starters = chunks.filter((chunk) => starter.test(chunk.code));
    if (starters.length !== 1)
      this.error(
        `expected one chunk to start the worker with new Worker(${WORKER_REFERENCE}, { type: 'module', … }), found ${starters.length}`,
      );
    if (!chunks.some((chunk) => chunk.fileName === 'pglite.worker.js'))
      this.error('pglite.worker.js was not written next to it');
    const assets = Object.values(bundle).filter((file) => file.type === 'asset');
    if (assets.length)
      this.error(
        `dist/npm/ must carry no asset (PGlite's come from the app's install, the prepared database is dist/assets/'s): ${assets.map((file) => file.fileName).join(', ')}`,
      );
    // PGlite comes from the app's install, never bundled in: one copy for an app that uses it too.
    for (const chunk of chunks) {
      const bundled = Object.keys(chunk.modules).filter((id) => id.includes('/node_modules/@electric-sql/pglite/'));
      if (bundled.length)
        this.error(`${chunk.fileName} bundles PGlite (${bundled[0]}) instead of importing it from the app's install`);
    }
  },
};

const initialDataDirModule = fileURLToPath(new URL('./src/workers/initial-data-dir.ts', import.meta.url));
/** The worker's reference to the prepared database (scripts/initial-data-dir.mjs). */
const INITIAL_DATA_DIR_REFERENCE = "new URL('./initial-data-dir/data-dir.tar.gz', import.meta.url)";
const INITIAL_DATA_DIR_SOURCE = new URL('./src/workers/initial-data-dir/data-dir.tar.gz', import.meta.url);
/** Where the script-tag build (vite.config.ts, run first by `npm run build`) wrote the same file. */
const SCRIPT_TAG_ASSETS = new URL('./dist/assets/', import.meta.url);
const INITIAL_DATA_DIR_PLACEHOLDER = '__TODO_WIDGET_INITIAL_DATA_DIR_URL__';
/**
 * The trimmed runtime files match the PGlite they were cut from, the one the script-tag build
 * bundles; an app may install another 0.5.x (its pglite.data has another layout), so here PGlite's
 * own file is used. The prepared database works across 0.5.x (checked: 0.5.16's in 0.5.17).
 */
const RUNTIME_FS_BUNDLE_REFERENCE = "new URL('./initial-data-dir/fs-bundle.data', import.meta.url)";

/** The script-tag build's copy of the prepared database, by name: `data-dir.tar-<hash>.gz`, the same bytes. */
function scriptTagCopyOfTheDatabase(): string {
  const source = readFileSync(INITIAL_DATA_DIR_SOURCE);
  const names = existsSync(SCRIPT_TAG_ASSETS)
    ? readdirSync(SCRIPT_TAG_ASSETS).filter((name) => /^data-dir\.tar-[^/]*\.gz$/.test(name))
    : [];
  const same = names.filter((name) => readFileSync(new URL(name, SCRIPT_TAG_ASSETS)).equals(source));
  if (same.length !== 1)
    throw new Error(
      `dist/npm/ points at the script-tag build's prepared database, but dist/assets/ has ${same.length} copies of it (${names.join(', ') || 'none'}): run \`npm run build\`, which builds dist/ first`,
    );
  return same[0]!;
}

/**
 * Library mode would inline the first-visit database (1.4 MB as base64) as a data: URL
 * into the worker every tab starts. It is referenced as a file instead, behind a
 * `new URL(…, import.meta.url)` the app's bundler copies like PGlite's WASM. A bundler that does
 * not copy it costs a slower first visit, nothing else (src/workers/initial-data-dir.ts).
 * The file is the script-tag build's (`../assets/data-dir.tar-<hash>.gz`), not a second copy:
 * the package carries the prepared database once (issue 28).
 */
const preparedFilesAsFiles: Plugin = {
  name: 'todo-widget:prepared-files-as-files',
  enforce: 'pre',
  transform(code, id) {
    if (id !== initialDataDirModule) return null;
    for (const reference of [INITIAL_DATA_DIR_REFERENCE, RUNTIME_FS_BUNDLE_REFERENCE])
      if (!code.includes(reference)) this.error(`${id} no longer contains ${reference}`);
    return {
      code: code
        .replace(RUNTIME_FS_BUNDLE_REFERENCE, 'undefined')
        .replace(INITIAL_DATA_DIR_REFERENCE, INITIAL_DATA_DIR_PLACEHOLDER),
      map: null,
    };
  },
  renderChunk(code) {
    return code.includes(INITIAL_DATA_DIR_PLACEHOLDER)
      ? {
          code: code.replace(
            INITIAL_DATA_DIR_PLACEHOLDER,
            `new URL('../assets/${scriptTagCopyOfTheDatabase()}', import.meta.url)`,
          ),
          map: null,
        }
      : null;
  },
};

const config: UserConfig = {
  ...base,
  plugins: [initialDataDirPlugin(), minifyCssLiterals(), workerForBundlers, preparedFilesAsFiles],
  publicDir: false,
  build: {
    ...base.build,
    outDir: 'dist/npm',
    emptyOutDir: true,
    minify: false,
    // Library mode: no preload helper around lazy imports (it touches `document`, and the app's
    // bundler decides about preloading anyway).
    lib: {
      entry: {
        index: 'src/index.ts',
        elements: 'src/classes.ts',
        // The Drizzle table, for `client.orm()` queries; the widget itself ships only rendered SQL.
        schema: 'src/db/schema.ts',
        'pglite.worker': 'src/workers/pglite.worker.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: isExternal,
      preserveEntrySignatures: 'strict',
      // One folder: the worker reference is relative to the chunk that holds it. Shared chunks are
      // `[name]-[hash].js`, the shape package.json's `sideEffects` covers with `./dist/npm/*-*.js`
      // (they define tags, register this copy); the entries are listed there by name.
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
};
export default config;
