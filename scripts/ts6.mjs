// `node scripts/ts6.mjs <tool> [args…]`: runs a tool that needs TypeScript's JavaScript API
// (eslint with typescript-eslint, vue-tsc, svelte-check). They live in tools/ts6 with TypeScript 6,
// apart from the root's TypeScript 7 (the native compiler, which has no JavaScript API), and are
// installed there on first use when `npm run setup` has not done it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tools = `${root}tools/ts6`;
const [tool, ...args] = process.argv.slice(2);
if (!tool) {
  console.error('usage: node scripts/ts6.mjs <eslint|vue-tsc|svelte-check> [args…]');
  process.exit(2);
}

const run = (command, commandArgs) => spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!existsSync(`${tools}/node_modules/.bin/${tool}`)) {
  console.log(`Installing the TypeScript 6 tools (tools/ts6) for ${tool}…`);
  const installed = run('npm', ['ci', '--prefix', tools, '--no-audit', '--no-fund']);
  if (installed !== 0) process.exit(installed);
}
process.exit(run(`${tools}/node_modules/.bin/${tool}`, args));
