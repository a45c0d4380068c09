// The previous engine's fixture page (test/e2e/fixtures/engine-0-5): PGlite 0.5.16 in a worker
// writes a database as the last 0.5-based release did. Built with Vite into a folder of its own,
// served on the same origin as the widget page that then carries it over.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../../..');

/** Builds the fixture page; returns its folder (the caller removes it). */
export async function buildEngine05Fixture() {
  const outDir = mkdtempSync(join(tmpdir(), 'todo-fixture-0-5-'));
  await build({
    root: join(root, 'test/e2e/fixtures/engine-0-5'),
    base: './',
    configFile: false,
    logLevel: 'warn',
    worker: { format: 'es' },
    optimizeDeps: { noDiscovery: true, include: [] },
    build: { outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  });
  return outDir;
}

/**
 * Keeps the two databases' shared facts only: a sequence may come back ahead of where a session saw
 * it (PostgreSQL logs 32 values ahead), never behind.
 */
export function assertSameEverything(assert, now, old, what) {
  assert.ok(Number(now.notesSequence) >= Number(old.notesSequence), `${what}: the host's sequence went back`);
  assert.deepEqual({ ...now, notesSequence: '' }, { ...old, notesSequence: '' }, `${what}: the data differs`);
}
