// The repository's lint rules. Lives here, next to the packages it imports, because
// typescript-eslint needs TypeScript's JavaScript API (TypeScript 6), which the root's
// TypeScript 7 no longer has; the root eslint.config.mjs re-exports it for editors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

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
