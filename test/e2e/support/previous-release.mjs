// "The previous release" for tests of two versions at once: this source, built with Vite to know
// one migration fewer (VITE_TODO_WIDGET_MIGRATIONS), i.e. the schema of the last release.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How many migrations this source bundles. */
export const migrationCount = JSON.parse(readFileSync('src/db/migrations/meta/_journal.json', 'utf8')).entries.length;

/** Builds the previous release into a new temporary folder and returns it (the caller removes it). */
export function buildPreviousRelease() {
  const outDir = mkdtempSync(join(tmpdir(), 'todo-previous-dist-'));
  const started = Date.now();
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { env: { ...process.env, VITE_TODO_WIDGET_MIGRATIONS: String(migrationCount - 1) }, stdio: 'inherit' },
  );
  console.log(
    `# built the previous release (${migrationCount - 1} of ${migrationCount} migrations) in ${Date.now() - started} ms`,
  );
  return outDir;
}
