// The package's types as an app's TypeScript sees them (issue 28): `npm pack` of the build already
// made (`npm run build` first, as for every end-to-end file: `--ignore-scripts` skips prepack's
// second full build; the bundler test in long/ packs through prepack as a user's `npm pack` does),
// a fresh app that installs the tarball and the frameworks' own types — not the optional peer
// drizzle-orm — and this repository's type tests (test/types/: the main entry, React, Vue,
// Svelte and Solid, all seven tags) compiled from the installed package with `skipLibCheck: false`
// under each module resolution an app may use: "bundler", "node16" and "nodenext". Every
// @ts-expect-error in them must be an error too, so a tag typed as `any` fails as well.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve('.');
/** What the type tests import besides the package, at the versions installed here (the npm cache has them). */
const TYPES_OF = ['@types/react', 'vue', 'svelte', 'solid-js'];
const MODES = [
  { moduleResolution: 'bundler', module: 'esnext' },
  { moduleResolution: 'node16', module: 'node16' },
  { moduleResolution: 'nodenext', module: 'nodenext' },
];

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

describe("the packed package's types, in every module resolution mode", { timeout: 900_000 }, () => {
  let work;
  let app;

  before(() => {
    assert.ok(
      existsSync(join(repo, 'dist', 'types', 'index.d.ts')),
      'dist/types/index.d.ts is missing: run `npm run build` first',
    );
    work = mkdtempSync(join(tmpdir(), 'todo-types-'));
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], repo);
    const [tarball] = readdirSync(work).filter((name) => name.endsWith('.tgz'));
    app = join(work, 'app');
    cpSync(join(repo, 'test', 'types'), app, { recursive: true, filter: (path) => !path.endsWith('tsconfig.json') });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'types-app', private: true, type: 'module' }));
    const resolveHere = createRequire(join(repo, 'package.json'));
    const specs = TYPES_OF.map((name) => `${name}@${resolveHere(`${name}/package.json`).version}`);
    // PGlite's own declarations, which the widget's reach through its worker protocol, name the
    // Emscripten and Node namespaces without depending on their types: with skipLibCheck false an
    // app that uses PGlite needs these two (docs/embedding.md says so). Not drizzle-orm.
    specs.push(`@types/node@${resolveHere('@types/node/package.json').version}`, '@types/emscripten@1');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball), ...specs], app);
    assert.equal(existsSync(join(app, 'node_modules', 'drizzle-orm')), false, 'the optional peer was installed');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const { moduleResolution, module } of MODES) {
    it(`compiles an app's use of every entry and tag under moduleResolution "${moduleResolution}", skipLibCheck false`, () => {
      const config = `tsconfig.${moduleResolution}.json`;
      writeFileSync(
        join(app, config),
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module,
            moduleResolution,
            // esnext.disposable: PGlite's declarations use AsyncDisposable.
            lib: ['es2022', 'dom', 'dom.iterable', 'esnext.disposable'],
            jsx: 'react-jsx',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node', 'emscripten'],
          },
          include: ['*.ts', '*.tsx'],
        }),
      );
      try {
        run(process.execPath, [tsc, '-p', config], app);
      } catch (error) {
        assert.fail(`tsc under "${moduleResolution}":\n${error.stdout}${error.stderr}`);
      }
    });
  }
});
