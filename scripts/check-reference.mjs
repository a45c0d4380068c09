#!/usr/bin/env node
// Keeps the element reference from drifting (run by test:e2e after the build):
// - each element's `part="…"`/`exportparts` in its source are exactly its `@csspart`s in
//   dist/custom-elements.json, so the manifest (and the typings and editor data made from it)
//   lists every part;
// - README.md's element table, events table, theming table and "Parts:" line name exactly what
//   the manifest lists: attributes, events, CSS custom properties, parts.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');
const problems = [];
const same = (what, expected, actual) => {
  const missing = [...expected].filter((name) => !actual.has(name));
  const extra = [...actual].filter((name) => !expected.has(name));
  if (missing.length) problems.push(`${what}: missing ${missing.join(', ')}`);
  if (extra.length) problems.push(`${what}: not in the manifest: ${extra.join(', ')}`);
};
const section = (heading) => {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const end = readme.indexOf('\n#', start + heading.length + 2);
  return readme.slice(start, end < 0 ? undefined : end);
};

const elements = manifest.modules.flatMap((module) =>
  (module.declarations ?? [])
    .filter((declaration) => declaration.tagName)
    .map((declaration) => ({ ...declaration, path: module.path })),
);
const elementsSection = section('### Elements');
const partsLine = section('### Theming');
const allEvents = new Set();
const allProperties = new Set();

for (const element of elements) {
  const tag = element.tagName;
  const parts = new Set((element.cssParts ?? []).map((part) => part.name));
  // The element's own folder: its templates may live beside it (e.g. todo-list.rows.ts).
  const folder = dirname(element.path);
  const source = readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.styles.ts'))
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .join('\n');
  const inSource = new Set([
    ...[...source.matchAll(/\bpart="([^"$]+)"/g)].map((match) => match[1]),
    // exportparts="a, b: c", or a constant of that text the templates bind (`const ITEM_PARTS = '…'`).
    ...[...source.matchAll(/\bexportparts="([^"$]+)"/g), ...source.matchAll(/\b[A-Z_]*PARTS = '([^']+)'/g)].flatMap(
      (match) => match[1].split(',').map((name) => name.split(':').pop().trim()),
    ),
  ]);
  same(`<${tag}> @csspart vs part="…" in ${folder}/`, inSource, parts);

  const row = elementsSection.split('\n').find((line) => line.startsWith(`| \`<${tag}>\``));
  if (!row) problems.push(`README "Elements" table has no row for <${tag}>`);
  else {
    const listed = new Set(
      [
        ...row
          .replaceAll('\\|', '/')
          .split('|')[2]
          .matchAll(/`([a-z][a-z-]*)`/g),
      ].map((match) => match[1]),
    );
    // database and storage are on every element, said once under the table.
    // (<todo-search> holds no data, so it has neither.)
    const usesDatabase = (element.attributes ?? []).some((attribute) => attribute.name === 'database');
    if (usesDatabase && elementsSection.includes('Every element also takes `database` and `storage`'))
      listed.add('database').add('storage');
    const values = new Set(['none', 'hash']);
    same(
      `README "Elements" row of <${tag}>`,
      new Set((element.attributes ?? []).map((attribute) => attribute.name)),
      new Set([...listed].filter((name) => !values.has(name))),
    );
  }

  const line = partsLine.match(new RegExp(`\`${tag}::part\\(([^)]*)\\)\``));
  if (!line) problems.push(`README "Parts:" does not list ${tag}::part(…)`);
  else same(`README "Parts:" of <${tag}>`, parts, new Set(line[1].split('|').map((name) => name.trim())));

  for (const event of element.events ?? []) allEvents.add(event.name);
  for (const property of element.cssProperties ?? []) allProperties.add(property.name);
}

const eventsTable = section('### Events');
same(
  'README "Events" table',
  allEvents,
  new Set([...eventsTable.matchAll(/^\| `(todo-[a-z-]+)` \|/gm)].map((match) => match[1])),
);
const theming = section('### Theming');
same(
  'README "Theming" custom properties',
  allProperties,
  new Set([...theming.matchAll(/`(--todo-[a-z-]+)`/g)].map((match) => match[1])),
);

if (problems.length) {
  console.error(`The element reference drifted:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`element reference: ${elements.length} elements, README and manifest agree`);
