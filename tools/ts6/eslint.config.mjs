// The repository's lint rules. Lives here, next to the packages it imports, because
// typescript-eslint needs TypeScript's JavaScript API (TypeScript 6), which the root's
// TypeScript 7 no longer has; the root eslint.config.mjs re-exports it for editors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The layers of src/ (CONTRIBUTING.md, "Layers"), top to bottom: each folder or top-level module
 * of src/ with what it may import. `imports`: code; `types`: only with `import type` (a shape, no
 * code, no load order); `except`: modules of a `types` folder it may import code from (with or
 * without `.js`). Every other layer of this list is refused, so a new layer is forbidden
 * everywhere until a line here allows it. Imports inside a folder are free (no-cycle keeps them acyclic); `index.ts`,
 * `classes.ts` and `classes-core.ts` are the entry points and are not layers.
 */
const LAYERS = [
  // The elements: no database values (they get services from DatabaseBinding), no worker.
  {
    layer: 'elements',
    imports: ['controllers', 'view', 'registry', 'events', 'i18n', 'styles', 'errors', 'internal'],
    types: ['db', 'unsaved', 'database-services'],
    except: ['db/limits', 'db/validation'],
  },
  {
    layer: 'controllers',
    imports: ['view', 'registry', 'db', 'events', 'i18n', 'styles', 'errors', 'internal'],
    types: ['unsaved', 'database-services'],
  },
  // View models of a list: plain functions over rows.
  { layer: 'view', imports: ['styles', 'errors'], types: ['db'] },
  // What is built on a database's client: above db/ and unsaved/, below the elements.
  {
    layer: 'registry.ts',
    imports: ['database-services', 'unsaved', 'db', 'protocol', 'workers', 'errors', 'internal'],
  },
  {
    layer: 'database-services.ts',
    imports: ['registry', 'unsaved', 'db', 'protocol', 'workers', 'errors', 'internal'],
  },
  // This tab's unsaved work: built on the database client, known to nothing below it.
  { layer: 'unsaved', imports: ['db', 'protocol', 'errors', 'internal'] },
  { layer: 'db', imports: ['protocol', 'errors', 'internal'] },
  { layer: 'workers', imports: ['db', 'protocol', 'errors', 'internal'] },
  // Both sides of a tab-leader call; typed from the leader's methods (protocol/leader-api.ts).
  { layer: 'protocol', imports: ['errors'], types: ['db', 'workers'] },
  { layer: 'events', imports: ['errors'], types: ['db', 'unsaved'] },
  { layer: 'i18n', imports: ['errors'], types: ['db', 'unsaved'] },
  { layer: 'styles' },
  { layer: 'errors.ts' },
  // Domain-free helpers: nothing of ours.
  { layer: 'internal' },
];

/** A specifier that enters `target` (a folder or a top-level module of src/) from the importing file's folder or above. */
const into = (target) => `^(\\.\\.?/)+${target.replace(/[/.]/g, (c) => `\\${c}`)}(/|$)`;

/** How a layer's name reads in an import specifier: `registry.ts` is imported as `registry`. */
const moduleName = (layer) => layer.replace(/\.ts$/, '');

const layerRules = LAYERS.map(({ layer, imports = [], types = [], except = [] }) => {
  const where = layer.endsWith('.ts') ? `src/${layer}` : `src/${layer}/`;
  const never = LAYERS.map((other) => moduleName(other.layer)).filter(
    (target) => target !== moduleName(layer) && !imports.includes(target) && !types.includes(target),
  );
  return {
    files: [layer.endsWith('.ts') ? `src/${layer}` : `src/${layer}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...never.map((target) => ({
              regex: into(target),
              message: `${where} must not import ${target} (CONTRIBUTING.md, "Layers").`,
            })),
            ...types.map((target) => ({
              regex: except.length
                ? `^(?!(\\.\\.?/)+(${except.map((path) => path.replace('/', '\\/')).join('|')})(\\.js)?$)${into(target)}`
                : into(target),
              allowTypeImports: true,
              message: `${where} may import only types from ${target} (CONTRIBUTING.md, "Layers").`,
            })),
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    basePath: root,
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'dist-demo/**',
      'bench/results/**',
      'bench/.build/**',
      'frameworks/**/*.d.ts',
      'test/e2e/fixtures/**/dist/**',
      '**/*.svelte',
      '**/*.vue',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The widget's own code: type-aware rules catch what a local-first, async-everywhere codebase
    // gets wrong (a promise nobody awaits loses a write's error). The sync server too (its own
    // tsconfig, server/tsconfig.json: Node, no DOM).
    files: ['src/**/*.ts', 'server/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Re-rejecting what a catch caught keeps its type, whatever it is.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Public methods are async by contract (`close()`, the leader's methods) even when today's body is not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // No import cycle in src/: a cycle is a layer that is not one. The rule follows value imports
    // only (not `import type`); the folder rules above keep type imports from climbing a layer.
    // And no file over 350 lines: split it along its reasons to change.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      // How no-cycle reads the modules an import names: without this it cannot parse TypeScript and sees no cycle.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'max-lines': ['error', { max: 350 }],
    },
  },
  ...layerRules,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/**/*.{ts,tsx}'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended'], litA11y.configs.recommended],
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // The storage benchmark wraps methods on PGlite's filesystem classes, which are not typed.
    files: ['bench/storage/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // An empty catch says "this clean-up may fail and that is fine"; empty blocks elsewhere are bugs.
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
