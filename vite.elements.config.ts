import type { UserConfig } from 'vite';
import base from './vite.config.ts';

/**
 * dist/elements.js for npm "todo-widget/elements": the classes without defining any tag; and
 * dist/schema.js for "todo-widget/schema": the Drizzle table, for `client.orm()` queries.
 * A second build beside dist/todo-widget.js (not a second input of it) so the script-tag
 * bundle stays one file plus its runtime chunk; shared assets get the same content hashes.
 */
const config: UserConfig = {
  ...base,
  build: {
    ...base.build,
    emptyOutDir: false,
    rollupOptions: { ...base.build?.rollupOptions, input: { elements: 'src/classes.ts', schema: 'src/db/schema.ts' } },
  },
};
export default config;
