// For end-to-end files that install the package the way a user gets it: `npm pack` of the
// repository as it is (its prepack builds), then a real `npm install` of that tarball into a
// fresh app copied from a fixture, in a temporary folder the test removes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Runs `command` in `cwd` and returns its output; installs and framework builds get 10 minutes. */
export const run = (command, args, cwd, env = {}) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
    env: { ...process.env, ...env },
  });

/**
 * A temporary folder holding `npm pack`'s tarball of this repository and, after makeApp, the app.
 * `remove()` deletes all of it (node_modules included).
 */
export function packInto(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  run('npm', ['pack', '--pack-destination', dir], resolve('.'));
  const [tarball] = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote no tarball');
  return { dir, tarball: join(dir, tarball), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies `fixture` to `<dir>/app`, adds the tarball and `dependencies`/`devDependencies`
 * (name → range) to its package.json, and installs them. @returns the app's folder.
 */
export function makeApp(fixture, { dir, tarball }, { dependencies = {}, devDependencies = {} } = {}) {
  const app = join(dir, 'app');
  cpSync(fixture, app, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  manifest.dependencies = { ...dependencies, 'todo-widget': `file:${tarball}` };
  manifest.devDependencies = devDependencies;
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
  return app;
}
