import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { pgliteDatabase, postgresDatabase, type SyncDatabase } from './database.ts';
import { bearerToken, createSyncHandler } from './handler.ts';
import { toNodeListener } from './node.ts';

const USAGE = `todo-widget-sync: the todo widget's sync server.

  todo-widget-sync --database postgres://user:pass@host:5432/db --tokens tokens.json --origin https://example.com
  todo-widget-sync --dev            try it: embedded database, any bearer token is a user name

Options:
  --database URL   a PostgreSQL server (tables go in its schema "todo_sync"); without it, an
                   embedded PGlite (PostgreSQL in WebAssembly) kept in --data
  --data DIR       the embedded database's folder (default ./todo-sync-data)
  --port N         default 8787; --host default 127.0.0.1
  --path P         the URL path the widget's sync attribute names (default /todo-sync)
  --tokens FILE    JSON {"<bearer token>": "<user id>"}: who may sync
  --origin O       a page origin allowed to call (repeat it); --dev allows any
  --dev            DEVELOPMENT ONLY: a bearer token is taken as the user's name, no token is the user "dev"
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      data: { type: 'string', default: './todo-sync-data' },
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      path: { type: 'string', default: '/todo-sync' },
      tokens: { type: 'string' },
      origin: { type: 'string', multiple: true },
      dev: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Usage(`--port ${values.port} is not a port`);
  const base = `/${values.path.replace(/^\/+|\/+$/g, '')}`;

  let authenticate: (request: Request) => string | null;
  if (values.dev) {
    process.stderr.write(
      '\n  ************************************************************************\n' +
        "  *  --dev: ANYONE can read and write ANY user's todos on this server.   *\n" +
        '  *  A bearer token is taken as the user name; no token is the user "dev".*\n' +
        '  *  For trying the widget on your own machine only. Never deploy this.  *\n' +
        '  ************************************************************************\n\n',
    );
    authenticate = (request) => {
      const token = bearerToken(request);
      return token === null ? 'dev' : token.slice(0, 200);
    };
  } else if (values.tokens) {
    const users = JSON.parse(await readFile(resolve(values.tokens), 'utf8')) as unknown;
    if (typeof users !== 'object' || users === null || Array.isArray(users)) {
      throw new Usage('--tokens must name a JSON object {"<token>": "<user id>"}');
    }
    const table = new Map(
      Object.entries(users as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    authenticate = (request) => {
      const token = bearerToken(request);
      return token === null ? null : (table.get(token) ?? null);
    };
  } else {
    throw new Usage('say who may sync: --tokens FILE, or --dev to try it on this machine');
  }

  const database: SyncDatabase = values.database
    ? postgresDatabase({ connection: values.database, onError: (error) => console.error('database:', error) })
    : await pgliteDatabase({ database: resolve(values.data) });
  const handler = await createSyncHandler({
    database,
    authenticate,
    allowedOrigins: values.origin ?? (values.dev ? '*' : []),
    onError: (error) => console.error(error),
  });
  const listener = toNodeListener(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname !== base && !pathname.startsWith(`${base}/`)) {
      return new Response(JSON.stringify({ error: 'not-found' }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    return handler(request);
  });
  const server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, values.host, done);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const host = values.host.includes(':') ? `[${values.host}]` : values.host;
  const url = `http://${host}:${actualPort}${base}`;
  console.log(
    `todo-widget-sync on ${values.database ? 'PostgreSQL' : `the embedded database in ${resolve(values.data)}`}`,
  );
  console.log(`Sync URL: ${url}`);
  console.log(`  <todo-app sync="${url}"></todo-app>`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    void handler
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

class Usage extends Error {}

main().catch((error: unknown) => {
  if (error instanceof Usage) {
    process.stderr.write(`todo-widget-sync: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
