// `npm run demo:sync`: the sync server (`todo-widget-sync --dev`, embedded database in a temp
// folder) and two "devices": the widget served on two origins (each its own browser storage, as
// two computers would be); open each in a window of its own. Ctrl+C stops everything.
// (Not two iframes in one page: a cross-site iframe's storage is partitioned, and in headless
// Chromium here the framed widgets never synced; two top-level windows do.)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic } from '../test/e2e/support/static-server.mjs';

const port = Number(process.env.SYNC_PORT ?? 8787);
const syncUrl = `http://127.0.0.1:${port}/todo-sync`;
const data = mkdtempSync(join(tmpdir(), 'todo-sync-demo-'));
const server = spawn(process.execPath, ['dist/server/cli.js', '--dev', '--port', String(port), '--data', data], {
  stdio: 'inherit',
});

// Two origins: 127.0.0.1 and localhost are two sites to the browser, so two separate databases.
const root = resolve('.');
const deviceA = await serveStatic({ root, host: '127.0.0.1', port: 5181 });
const deviceB = await serveStatic({ root, host: 'localhost', port: 5182 });
const page = (origin) => `${origin}/demo/sync.html?sync=${encodeURIComponent(syncUrl)}`;
console.log(`\ndevice A: ${page(deviceA.origin)}`);
console.log(`device B: ${page(deviceB.origin)}   (open both, each in its own window)\n`);

const stop = async () => {
  server.kill();
  await Promise.all([deviceA.close(), deviceB.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  console.error(`todo-widget-sync exited (${code})`);
  void stop();
});
