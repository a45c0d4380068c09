// A throwaway PostgreSQL cluster for the sync server's tests: a temp directory, a free port, started
// and stopped with the installed PostgreSQL's initdb and pg_ctl (Debian's `postgresql` package, which
// scripts/setup.sh installs). PostgreSQL refuses to run as root, so as root the cluster runs as the
// `postgres` user (runuser) in a directory that user owns.
//
//   import { startPostgres } from '../../scripts/postgres.mjs';
//   const pg = await startPostgres(); // { url, port, dir, stop() }
//   ...
//   await pg.stop();
//
// `node scripts/postgres.mjs` starts one and prints its URL until Ctrl+C (for trying the server by hand).
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The directory with initdb and pg_ctl: PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else PATH. */
function binDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(base, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  return '';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a PostgreSQL program, as `postgres` when this process is root. */
async function pgRun(program, args) {
  const dir = binDir();
  const file = dir ? join(dir, program) : program;
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    return await run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const detail = [error.stdout, error.stderr].filter(Boolean).join('\n');
    throw new Error(`${program} failed: ${error.message}\n${detail}`, { cause: error });
  }
}

/**
 * Starts a fresh cluster; resolves once it accepts connections.
 * @returns {Promise<{ url: string, port: number, dir: string, restart: () => Promise<void>, stop: () => Promise<void>, kill: () => Promise<void> }>}
 */
export async function startPostgres() {
  const dir = await mkdtemp(join(tmpdir(), 'todo-sync-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const data = join(dir, 'data');
  await pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  // fsync off: a throwaway cluster for tests; nothing in it must survive a power cut.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  await pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stopWith = async (mode) => {
    if (stopped) return;
    stopped = true;
    try {
      await pgRun('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** Stops the server at once (connections cut, as a crash) and starts it again on the same port. */
    restart: async () => {
      await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      await pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
    },
    port,
    dir,
    stop: () => stopWith('fast'),
    kill: () => stopWith('immediate'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pg = await startPostgres();
  console.log(pg.url);
  const stop = () => pg.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
