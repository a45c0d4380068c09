import { defineConfig } from 'vite';

export default defineConfig({
  // PGlite finds its WASM and data with new URL(..., import.meta.url); pre-bundling would break that.
  optimizeDeps: {
    // The test helpers import wtr's socket by absolute path, which pre-bundling would rewrite.
    exclude: ['@electric-sql/pglite', '@open-wc/testing', '@web/test-runner-commands'],
    // ...but their dependencies must share the page's one copy of Lit.
    include: ['@open-wc/testing > chai-a11y-axe', 'lit', 'lit/directives/repeat.js', 'lit/directives/style-map.js', 'lit/directives/class-map.js', 'lit/directives/live.js'],
    // Scan tests and demos up front: a dependency found late makes Vite reload the page mid-test.
    entries: ['src/**/*.ts', 'test/**/*.test.ts', 'demo/**/*.html'],
  },
  worker: { format: 'es' },
  server: { fs: { strict: false } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { 'todo-widget': 'src/index.ts' },
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        // One file for the page: PGlite's Node-only `import('fs')` (never taken in a browser) made a
        // stub chunk plus a shared runtime chunk that todo-widget.js imported statically, one more
        // round trip before the first paint. The worker is built separately and keeps its lazy chunks.
        codeSplitting: false,
      },
    },
  },
  base: './',
});
