#!/usr/bin/env node
// Writes dist/types/frameworks.d.ts from dist/custom-elements.json (run by `npm run build:types`,
// after the analyzer): for every element, the properties a framework may set and the events it
// fires. Types come from the element classes and HTMLElementEventMap (declared next to each event
// factory), so only the member and event names are read from the manifest, and a property or an
// event added to an element reaches React and Vue users with the next build.
// dist/types/{react,vue}.d.ts (hand-written, copied from frameworks/) map these onto
// each framework's own typing of intrinsic elements.
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve('dist');
const manifest = JSON.parse(readFileSync(join(dist, 'custom-elements.json'), 'utf8'));

const elements = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.customElement && declaration.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));
if (elements.length === 0) throw new Error('custom-elements.json lists no elements');

const quote = (text) => `'${text}'`;
const lines = [
  '// Generated from custom-elements.json by scripts/framework-types.mjs: do not edit.',
  `import type { ${elements.map((element) => element.name).join(', ')} } from './classes';`,
  '',
  '/** What a framework may set on each element: its public, writable properties, all optional. */',
  'export interface TodoElementProperties {',
];
for (const element of elements) {
  const fields = (element.members ?? [])
    .filter((member) => member.kind === 'field' && member.privacy === 'public' && !member.readonly && !member.static)
    .map((member) => member.name);
  lines.push(`  ${quote(element.tagName)}: Partial<Pick<${element.name}, ${fields.map(quote).join(' | ')}>>;`);
}
lines.push('}', '', '/** The events each element fires (bubbling ones from its parts included), by name. */', 'export interface TodoElementEvents {');
for (const element of elements) {
  const events = (element.events ?? []).map((event) => event.name);
  lines.push(`  ${quote(element.tagName)}: {`);
  for (const name of events) lines.push(`    ${quote(name)}: HTMLElementEventMap[${quote(name)}];`);
  lines.push('  };');
}
lines.push('}', '', '/** The tag names. */', 'export type TodoTagName = keyof TodoElementProperties;', '');
writeFileSync(join(dist, 'types', 'frameworks.d.ts'), lines.join('\n'));

const handWritten = resolve('frameworks');
for (const file of readdirSync(handWritten).filter((name) => name.endsWith('.d.ts'))) {
  copyFileSync(join(handWritten, file), join(dist, 'types', file));
}
console.log(`framework types: ${elements.length} elements → dist/types/frameworks.d.ts`);
