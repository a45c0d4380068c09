import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import base from './vite.config.ts';
// @ts-expect-error a plain .mjs build script, without type declarations
import { initialDataDirPlugin } from './scripts/initial-data-dir.mjs';

const dist = fileURLToPath(new URL('./dist', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-demo', import.meta.url));

/**
 * demo/embed.html loads ../dist/todo-widget.js untouched (`vite-ignore`), exactly as a site
 * owner would; the built demo gets a copy of dist/ beside it so that path still resolves.
 */
const copyDist: Plugin = {
  name: 'todo-widget:copy-dist',
  apply: 'build',
  closeBundle() {
    if (!existsSync(`${dist}/todo-widget.js`))
      throw new Error('dist/todo-widget.js is missing: run `npm run build` first.');
    cpSync(dist, `${outDir}/dist`, { recursive: true });
  },
};

/**
 * The demos: `npm run demo` serves them (dev), `npm run build:demo` builds them into
 * dist-demo/demo/ for the end-to-end tests. The library build (vite.config.ts) stays as it is.
 */
const config: UserConfig = {
  ...base,
  plugins: [
    react(),
    // <todo-*> are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('todo-') } } }),
    // Svelte 5 needs no setting: a tag with a dash is a custom element.
    svelte(),
    copyDist,
    initialDataDirPlugin(),
  ],
  resolve: {
    // The React, Vue and Svelte demos import the package by name, as an app would; here it is the source.
    alias: [{ find: /^todo-widget$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }],
  },
  build: {
    ...base.build,
    outDir,
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: 'demo/index.html',
        embed: 'demo/embed.html',
        todomvc: 'demo/todomvc.html',
        react: 'demo/react/index.html',
        vue: 'demo/vue/index.html',
        svelte: 'demo/svelte/index.html',
      },
      output: { chunkFileNames: 'assets/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    },
  },
};
export default config;
