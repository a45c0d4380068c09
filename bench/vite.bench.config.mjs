// Builds the baseline and Dexie bench pages (production mode, like dist/) into bench/.build/.
// The widget page needs no build: it loads the real dist/todo-widget.js.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const pages = resolve(import.meta.dirname, 'pages');

export default defineConfig({
  root: pages,
  base: './',
  logLevel: 'warn',
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: resolve(import.meta.dirname, '.build'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { baseline: resolve(pages, 'baseline.html'), dexie: resolve(pages, 'dexie.html') },
      // PGlite's own bundle warns about eval and node: imports on every build; nothing to act on here.
      onwarn() {},
    },
  },
});
