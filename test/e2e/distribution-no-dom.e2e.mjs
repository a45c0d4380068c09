// The package imported where there is no DOM but the `browser` export condition is set (edge
// runtimes: Cloudflare's workerd, Vercel's edge-light; Node with --conditions=browser): the
// import must not throw, must link every name the real entry exports, and anything used must say
// why it cannot work. Runs the built dist/ in child Node processes through package.json's
// "exports" (the package refers to itself by name), as a bundler or runtime resolves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `code` as an ES module in Node with `conditions`, and returns what it printed as JSON. */
function run(conditions, code) {
  const flags = conditions.map((condition) => `--conditions=${condition}`);
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out);
}

const exportNames = (specifier) =>
  `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`;

const RUNTIMES = {
  'Node with --conditions=browser': ['browser'],
  'Cloudflare workerd conditions': ['workerd', 'worker', 'browser'],
  'Vercel edge-light conditions': ['edge-light', 'browser'],
};

for (const specifier of ['todo-widget', 'todo-widget/elements', 'todo-widget/schema']) {
  const expected = run([], exportNames(specifier));
  for (const [runtime, conditions] of Object.entries(RUNTIMES)) {
    test(`import '${specifier}' under ${runtime} with no DOM: no throw, the same ${expected.length} names`, () => {
      assert.ok(expected.length > 0);
      assert.deepEqual(run(conditions, exportNames(specifier)), expected);
    });
  }
}

test('under the browser condition with no DOM, using the widget throws an error that says why', () => {
  const said = run(
    ['browser'],
    `const { TodoApp, configure, WIDGET_VERSION } = await import('todo-widget');
     const message = (fn) => { try { fn(); return 'no error'; } catch (error) { return error.message; } };
     console.log(JSON.stringify({ app: message(() => new TodoApp()), configure: message(() => configure({})), WIDGET_VERSION,
       dom: typeof HTMLElement }));`,
  );
  assert.equal(said.dom, 'undefined', 'the runtime has no DOM');
  assert.match(said.app, /todo-widget: TodoApp needs a browser page/);
  assert.match(said.configure, /todo-widget: configure needs a browser page/);
  assert.match(said.WIDGET_VERSION, /^\d+\.\d+\.\d+/);
});
