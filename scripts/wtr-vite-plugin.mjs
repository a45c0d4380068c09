import { createServer } from 'vite';

/**
 * Serves the tests through Vite's dev server, so they load the code exactly as the demo
 * and the build see it (workers via `?worker&url`, `import.meta.glob`, raw SQL).
 *
 * Why not @remcovaes/web-test-runner-vite-plugin: its proxy runs after web-test-runner's
 * static middleware (which sends `.ts` untransformed, as video/mp2t), and any response
 * that passes the runner's transform middleware is stringified when `isbinaryfile`
 * guesses "text": it does for pglite.data, which then arrives corrupt (ENOENT in PGlite).
 * Config `middleware` runs before both, so this proxy answers first and untouched.
 */
const isRunnerPath = (path) =>
  path === '/' || path.startsWith('/__web-dev-server') || path.startsWith('/__web-test-runner');

/** @web/test-runner-commands imports the runner's socket by absolute path; Vite must leave it alone. */
const runnerModulesStayExternal = {
  name: 'wtr-runner-modules-external',
  enforce: 'pre',
  resolveId(id) {
    return isRunnerPath(id) && id !== '/' ? { id, external: true } : null;
  },
};

export function viteProxy() {
  let vite;
  let target;

  const plugin = {
    name: 'vite-proxy',
    async serverStart() {
      vite = await createServer({
        clearScreen: false,
        logLevel: 'warn',
        server: { hmr: false, port: 0, host: '127.0.0.1' },
        plugins: [runnerModulesStayExternal],
      });
      await vite.listen();
      target = `http://127.0.0.1:${vite.httpServer.address().port}`;
    },
    async serverStop() {
      await vite?.close();
    },
  };

  const middleware = async (ctx, next) => {
    if (!target || isRunnerPath(ctx.path)) return next();
    const response = await fetch(target + ctx.originalUrl, { headers: { accept: ctx.get('accept') || '*/*' } });
    if (response.status === 404) return next();
    ctx.status = response.status;
    for (const name of ['content-type', 'cache-control']) {
      const value = response.headers.get(name);
      if (value) ctx.set(name, value);
    }
    if (!response.headers.get('content-type')) ctx.type = ctx.path.split('.').pop() ?? 'bin';
    ctx.body = Buffer.from(await response.arrayBuffer());
  };

  return { plugin, middleware };
}
