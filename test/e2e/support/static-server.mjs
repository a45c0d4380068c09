// A tiny static file server for end-to-end tests: serves a folder, optionally with the
// CORS headers a CDN must send for the widget to load cross-origin.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * `refuse(pathname)`, checked on every request, makes a file answer 404 (not cacheable) while it
 * returns true: an asset host that loses files (a deploy, a CDN outage) and gets them back.
 * @param {{ root: string, host?: string, port?: number, cors?: boolean, headers?: Record<string,string>, refuse?: (pathname: string) => boolean }} options
 * @returns {Promise<{ origin: string, close(): Promise<void>, requests: string[] }>}
 */
export async function serveStatic({
  root,
  host = '127.0.0.1',
  port = 0,
  cors = false,
  headers = {},
  refuse = () => false,
}) {
  const base = resolve(root);
  const requests = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    requests.push(url.pathname);
    if (cors) {
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (refuse(url.pathname)) {
      response
        .writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' })
        .end('not found (refused by the test)');
      return;
    }
    let path = normalize(join(base, decodeURIComponent(url.pathname)));
    if (!path.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (statSync(path).isDirectory()) path = join(path, 'index.html');
      const size = statSync(path).size;
      response.writeHead(200, {
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
      });
      createReadStream(path).pipe(response);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolveListen) => server.listen(port, host, resolveListen));
  const address = server.address();
  const origin = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  return {
    origin,
    requests,
    close: () => new Promise((resolveClose) => server.close(() => resolveClose())),
  };
}
