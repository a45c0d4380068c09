// A sync server for end-to-end tests: the package's own handler (dist/server, `npm run build`)
// on the embedded PGlite, or on a PostgreSQL URL, over Node's http on a free loopback port.
// `stop()` and `start()` close and reopen the port (the same one), so both devices see the server
// go away and come back, with its database kept.
import { createServer } from 'node:http';

import {
  bearerToken,
  createSyncHandler,
  pgliteDatabase,
  postgresDatabase,
  toNodeListener,
} from '../../../dist/server/index.js';

/**
 * @param {{ postgres?: string }} [options] a PostgreSQL URL; without it an in-memory embedded PGlite.
 */
export async function startSyncServer({ postgres } = {}) {
  const database = postgres ? postgresDatabase({ connection: postgres }) : await pgliteDatabase();
  // As `todo-widget-sync --dev`: a bearer token is the user's name, no token the user "dev"; but
  // the token "expired" is refused (401), as a host's server refuses a token past its time.
  const handler = await createSyncHandler({
    database,
    authenticate: (request) => {
      const token = bearerToken(request);
      return token === 'expired' ? null : (token ?? 'dev');
    },
    allowedOrigins: '*',
    requestsPerMinute: 100_000,
  });
  let server;
  let port = 0;
  const listen = async () => {
    server = createServer(toNodeListener(handler));
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = server.address().port;
  };
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}/todo-sync`;
    },
    /** The server's todos of `user` on `list` that are not deleted, as `title: done|open`, sorted. */
    async titles(list, user = 'dev') {
      const rows = await database.query(
        `select title, completed from todo_sync.todos where user_id = $1 and list = $2 and not deleted order by title`,
        [user, list],
      );
      return rows.map((row) => `${row.title}: ${row.completed ? 'done' : 'open'}`);
    },
    /** The server is unreachable (connections closed, port closed) until `start()`. */
    stop: close,
    start: listen,
    async close() {
      await close();
      await handler.close();
      await database.close();
    },
  };
}
