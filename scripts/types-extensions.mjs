#!/usr/bin/env node
// Gives every relative import in dist/types/**/*.d.ts its `.js` file name (run by `npm run
// build:types`, after tsc). The sources import './classes-core', which a bundler resolves, but
// under `moduleResolution: "node16"`/`"nodenext"` TypeScript resolves a relative specifier in an
// ES module only as written: without the extension nothing of the package's types resolved there
// (issue 28). `./x` becomes `./x.js` when x.d.ts exists, `./x/index.js` when x/index.d.ts does;
// a specifier that is neither fails the build rather than ship a declaration that cannot resolve.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve('dist', 'types');
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;
let changed = 0;
for (const file of readdirSync(root, { recursive: true }).filter((name) => name.endsWith('.d.ts'))) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(SPECIFIER, (whole, before, quote, specifier) => {
    if (/\.(?:js|mjs|cjs|json)$/.test(specifier)) return whole;
    const target = resolve(dirname(path), specifier);
    const rewritten = existsSync(`${target}.d.ts`)
      ? `${specifier}.js`
      : existsSync(join(target, 'index.d.ts'))
        ? `${specifier}/index.js`
        : undefined;
    if (!rewritten) throw new Error(`${file}: ${specifier} is neither a .d.ts nor a folder with index.d.ts`);
    changed++;
    return `${before}${quote}${rewritten}${quote}`;
  });
  if (next !== text) writeFileSync(path, next);
}
console.log(`declaration imports with extensions: ${changed} rewritten in dist/types/`);
