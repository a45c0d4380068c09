// A tiny static file server for end-to-end tests: serves a folder, optionally with the
// CORS headers a CDN must send for the widget to load cross-origin.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

/** What a CDN compresses: text and WASM, not what is compressed already (.gz, images). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.data', '.svg']);

/**
 * `compress`: gzip what a CDN would (level 6, like nginx's and most CDNs' default) for clients
 * that accept it, so that a throttled download costs what it costs in the field.
 * `refuse(pathname)`, checked on every request, makes a file answer 404 (not cacheable) while it
 * returns true: an asset host that loses files (a deploy, a CDN outage) and gets them back.
 * @param {{ root: string, host?: string, port?: number, cors?: boolean, compress?: boolean, headers?: Record<string,string>, refuse?: (pathname: string) => boolean }} options
 * @returns {Promise<{ origin: string, close(): Promise<void>, requests: string[] }>}
 */
export async function serveStatic({
  root,
  host = '127.0.0.1',
  port = 0,
  cors = false,
  compress = false,
  headers = {},
  refuse = () => false,
}) {
  const base = resolve(root);
  const requests = [];
  const gzipped = new Map();
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
      const { size, mtimeMs } = statSync(path);
      const type = TYPES[extname(path)] ?? 'application/octet-stream';
      if (compress && COMPRESSIBLE.has(extname(path)) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        const key = `${path}@${mtimeMs}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(readFileSync(path), { level: 6 }));
        const body = gzipped.get(key);
        response.writeHead(200, {
          'Content-Type': type,
          'Content-Encoding': 'gzip',
          'Content-Length': body.length,
          'Cache-Control': 'no-cache',
          Vary: 'Accept-Encoding',
        });
        response.end(body);
        return;
      }
      response.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': 'no-cache' });
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
