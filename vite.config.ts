import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
// @ts-expect-error a plain .mjs build script, without type declarations
import { LAZY_STATEMENTS_TARGET, renderTodoStatements, STATEMENTS_TARGET } from './scripts/render-statements.mjs';
// @ts-expect-error a plain .mjs build script, without type declarations
import { initialDataDirPlugin } from './scripts/initial-data-dir.mjs';
// @ts-expect-error a plain .mjs build script, without type declarations
import { minifyCssLiterals } from './scripts/minify-css-literals.mjs';

/**
 * A build emulating the previous release (`VITE_TODO_WIDGET_MIGRATIONS=N`, upgrade tests only)
 * knows fewer columns, so its statements are rendered from that smaller schema, not the
 * committed ones. Every other build uses the committed file as is.
 */
function previousReleaseStatements(): Plugin | false {
  if (!process.env['VITE_TODO_WIDGET_MIGRATIONS']) return false;
  const target = fileURLToPath(new URL(STATEMENTS_TARGET, import.meta.url));
  const lazyTarget = fileURLToPath(new URL(LAZY_STATEMENTS_TARGET, import.meta.url));
  return {
    name: 'todo-widget:previous-release-statements',
    async load(id) {
      if (id === target) return (await renderTodoStatements()).source;
      if (id === lazyTarget) return (await renderTodoStatements()).lazySource;
      return null;
    },
  };
}

/**
 * With `modulePreload: false` every lazy chunk's list of dependencies to preload is empty, yet
 * Vite still wraps each `import()` in its preload helper (0.7 KB gzip of the main thread), whose
 * only remaining work is a `vite:preloadError` event nothing here listens to. The helper is
 * replaced by a plain call: a chunk that fails to load rejects the `import()` as it would bare.
 */
function bareDynamicImports(): Plugin {
  const helper = '\0vite/preload-helper.js';
  return {
    name: 'todo-widget:bare-dynamic-imports',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      return id === helper ? 'export const __vitePreload = (load) => load();' : null;
    },
  };
}

export default defineConfig({
  plugins: [bareDynamicImports(), initialDataDirPlugin(), previousReleaseStatements(), minifyCssLiterals()],
  // PGlite finds its WASM and data with new URL(..., import.meta.url); pre-bundling would break that.
  optimizeDeps: {
    // The test helpers import wtr's socket by absolute path, which pre-bundling would rewrite.
    // pglite-v0-4 is an older PGlite, for the engine-upgrade test; pglite-0-5 the previous engine
    // and pglite-tools its pg_dump (carry-over), which find their WASM the same way.
    exclude: [
      '@electric-sql/pglite',
      'pglite-v0-4',
      'pglite-0-5',
      '@electric-sql/pglite-tools',
      '@open-wc/testing',
      '@web/test-runner-commands',
    ],
    // ...but their dependencies must share the page's one copy of Lit.
    include: [
      '@open-wc/testing > chai-a11y-axe',
      'lit',
      'lit/directives/repeat.js',
      'lit/directives/class-map.js',
      'lit/directives/live.js',
    ],
    // Scan tests and demos up front: a dependency found late makes Vite reload the page mid-test.
    entries: ['src/**/*.ts', 'test/**/*.test.ts', 'demo/*.html'], // demo/react and demo/vue import the built package
  },
  worker: { format: 'es' },
  server: { fs: { strict: false } },
  build: {
    target: 'es2022',
    // The page bundle is one file (below); the worker imports its lazy chunks itself. No
    // <link rel=modulepreload> helper is needed, and a host page may not even have a <head> we own.
    modulePreload: false,
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { 'todo-widget': 'src/index.ts' },
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: '[name].js',
        codeSplitting: { groups: [{ name: 'todo-widget-main', tags: ['$initial'] }] },
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  base: './',
});
