#!/usr/bin/env node
// Writes dist/types/frameworks.d.ts from dist/custom-elements.json (run by `npm run build:types`,
// after the analyzer): for every element, the properties a framework may set and the events it
// fires. Types come from the element classes and HTMLElementEventMap (declared next to each event
// factory), so only the member and event names are read from the manifest, and a property or an
// event added to an element reaches React, Vue, Svelte and Solid users with the next build.
// dist/types/{react,vue,svelte,solid}.d.ts (hand-written, copied from frameworks/) map these onto
// each framework's own typing of intrinsic elements.
// Also writes the editors' completion data from the same manifest: dist/web-types.json (JetBrains,
// found through package.json "web-types") and dist/vscode.html-custom-data.json (VS Code's
// "html.customData" setting).
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
lines.push(
  '}',
  '',
  '/** The events each element fires (bubbling ones from its parts included), by name. */',
  'export interface TodoElementEvents {',
);
for (const element of elements) {
  const events = (element.events ?? []).map((event) => event.name);
  lines.push(`  ${quote(element.tagName)}: {`);
  for (const name of events) lines.push(`    ${quote(name)}: HTMLElementEventMap[${quote(name)}];`);
  lines.push('  };');
}
lines.push('}', '', '/** The tag names. */', 'export type TodoTagName = keyof TodoElementProperties;', '');
// Every tag in the DOM's own map (querySelector, createElement), the lazily defined ones too: their
// modules are not part of the entries' declarations, so the map would miss them (issue 28).
lines.push('declare global {', '  interface HTMLElementTagNameMap {');
for (const element of elements) lines.push(`    ${quote(element.tagName)}: ${element.name};`);
lines.push('  }', '}', '');
writeFileSync(join(dist, 'types', 'frameworks.d.ts'), lines.join('\n'));
// Both entries' declarations load it: the map above, and the names for typing the tags in an app.
for (const entry of ['index.d.ts', 'classes.d.ts']) {
  const path = join(dist, 'types', entry);
  writeFileSync(
    path,
    `${readFileSync(path, 'utf8')}export type { TodoElementProperties, TodoElementEvents, TodoTagName } from './frameworks';\n`,
  );
}

const handWritten = resolve('frameworks');
for (const file of readdirSync(handWritten).filter((name) => name.endsWith('.d.ts'))) {
  copyFileSync(join(handWritten, file), join(dist, 'types', file));
}
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
/** The string-literal unions the source names (`export type TodoFilter = 'all' | …`), to list an attribute's values. */
const aliases = new Map();
for (const file of readdirSync('src', { recursive: true }).filter((path) => path.endsWith('.ts'))) {
  const source = readFileSync(join('src', file), 'utf8');
  for (const [, alias, union] of source.matchAll(/^export type (\w+) = ('[^']*'(?: \| '[^']*')*);$/gm))
    aliases.set(alias, union);
}
/** `'none' | 'hash'` (or an alias of one) → ['none', 'hash']; anything but string literals → undefined. */
const literals = (type) => {
  const parts = (type ?? '')
    .split('|')
    .flatMap((part) => (aliases.get(part.trim()) ?? part).split('|'))
    .map((part) => part.trim())
    .filter((part) => part !== 'undefined' && part !== "''");
  return parts.length > 0 && parts.every((part) => /^'[^']*'$/.test(part))
    ? parts.map((part) => part.slice(1, -1))
    : undefined;
};
const describe = (element) => [element.summary, element.description].filter(Boolean).join('\n\n');

const vscode = {
  $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
  version: 1.1,
  tags: elements.map((element) => ({
    name: element.tagName,
    description: describe(element),
    attributes: (element.attributes ?? []).map((attribute) => {
      const values = literals(attribute.type?.text);
      return {
        name: attribute.name,
        description: attribute.description ?? '',
        ...(values ? { values: values.map((value) => ({ name: value })) } : {}),
        ...(attribute.type?.text === 'boolean' ? { valueSet: 'v' } : {}),
      };
    }),
  })),
};
writeFileSync(join(dist, 'vscode.html-custom-data.json'), `${JSON.stringify(vscode, null, 2)}\n`);

const webTypes = {
  $schema: 'https://json.schemastore.org/web-types',
  name,
  version,
  'description-markup': 'markdown',
  contributions: {
    html: {
      elements: elements.map((element) => ({
        name: element.tagName,
        description: describe(element),
        attributes: (element.attributes ?? []).map((attribute) => {
          const values = literals(attribute.type?.text);
          return {
            name: attribute.name,
            description: attribute.description ?? '',
            value:
              attribute.type?.text === 'boolean'
                ? { type: 'boolean' }
                : { type: values ? values.map((value) => `'${value}'`).join(' | ') : 'string' },
          };
        }),
        events: (element.events ?? []).map((event) => ({ name: event.name, description: event.description ?? '' })),
        slots: (element.slots ?? []).map((slot) => ({ name: slot.name, description: slot.description ?? '' })),
        css: {
          parts: (element.cssParts ?? []).map((part) => ({ name: part.name, description: part.description ?? '' })),
          properties: (element.cssProperties ?? []).map((property) => ({
            name: property.name,
            description: property.description ?? '',
          })),
        },
      })),
    },
  },
};
writeFileSync(join(dist, 'web-types.json'), `${JSON.stringify(webTypes, null, 2)}\n`);
console.log(
  `framework types and editor data: ${elements.length} elements → dist/types/frameworks.d.ts, dist/web-types.json, dist/vscode.html-custom-data.json`,
);
