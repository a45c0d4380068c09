import type { UserConfig } from 'vite';
import base from './vite.config.ts';

/**
 * dist/elements.js for npm "todo-widget/elements": the classes without defining any tag.
 * A second build beside dist/todo-widget.js (not a second input of it) so the script-tag
 * bundle stays one file; shared assets get the same content hashes.
 */
const config: UserConfig = {
  ...base,
  build: {
    ...base.build,
    emptyOutDir: false,
    rollupOptions: { ...base.build?.rollupOptions, input: { elements: 'src/classes.ts' } },
  },
};
export default config;
