import type { IncomingMessage, ServerResponse } from 'node:http';

import { getRequestListener } from '@hono/node-server';

/**
 * The handler as a Node `http` request listener (`http.createServer(toNodeListener(handler))`), by
 * @hono/node-server's adapter: the request body streams in, a live answer streams out, and a
 * client that goes away aborts the request's signal.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return getRequestListener(handler);
}
