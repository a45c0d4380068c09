import { cpSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import packageJson from './package.json' with { type: 'json' };

/**
 * dist/server/: `todo-widget/server` (index.js) and the `todo-widget-sync` command (cli.js), for
 * Node ≥ 20. The package's dependencies (pg, PGlite, @hono/node-server) stay imports; Drizzle's
 * migrator (the optional peer) is bundled, so the server needs no Drizzle installed. The server's
 * migrations are copied beside it (the migrator reads them at start).
 */
const dependencies = Object.keys(packageJson.dependencies);
const external = (id: string) =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  dependencies.some((name) => id === name || id.startsWith(`${name}/`));

const copyMigrations: Plugin = {
  name: 'todo-widget:server-migrations',
  closeBundle() {
    cpSync('server/migrations', 'dist/server/migrations', { recursive: true });
  },
};

export default defineConfig({
  publicDir: false,
  plugins: [copyMigrations],
  // What stays an import is decided by `external` alone (Vite's SSR build would keep every package one).
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/server',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { index: 'server/index.ts', cli: 'server/cli.ts' },
      external,
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
});
