// What the bench reads from and sets on a tab's dedicated workers over CDP (auto-attach): their
// heaps and WebAssembly memory, an expression evaluated in each, and the slow network of goal 3.
import { sleep, withTimeout } from './config.mjs';

/**
 * Attaches to the tab's dedicated workers (CDP auto-attach, not paused), then calls
 * `use(sessions, send)`: `send(sessionId, method, params)` resolves a worker's reply to one CDP
 * call (20 s at most). Detaches afterwards.
 */
async function withWorkers(page, use) {
  const cdp = await page.context().newCDPSession(page);
  const sessions = [];
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') sessions.push(event.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    pending.get(message.id)?.(message);
  });
  const send = (sessionId, method, params = {}) =>
    withTimeout(
      new Promise((resolveSend) => {
        const id = nextId++;
        pending.set(id, resolveSend);
        cdp
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch(() => undefined);
      }),
      20_000,
      method,
    );
  try {
    await withTimeout(
      cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false }),
      20_000,
      'auto-attach',
    );
    await sleep(500);
    return await use(sessions, send);
  } finally {
    await withTimeout(cdp.detach(), 10_000, 'detach').catch(() => undefined);
  }
}

/**
 * JS heap and WebAssembly memory of the tab's dedicated workers (the leader's holds PGlite), via
 * CDP auto-attach, in MB. The WASM figure comes from the workers' own diagnostics hook
 * (src/workers/diagnostics.ts): 0 in a follower's worker, which runs no engine.
 */
export function workerHeapMb(page) {
  return withWorkers(page, async (sessions, send) => {
    if (!sessions.length) throw new Error('no worker target found');
    let js = 0;
    let wasm = 0;
    for (const sessionId of sessions) {
      await send(sessionId, 'HeapProfiler.collectGarbage');
      const reply = await send(sessionId, 'Runtime.getHeapUsage');
      if (!reply.result) throw new Error(`Runtime.getHeapUsage in the worker: ${JSON.stringify(reply.error)}`);
      js += reply.result.usedSize;
      const expression = 'globalThis.todoWidgetDiagnostics?.wasmMemoryBytes() ?? 0';
      const evaluated = await send(sessionId, 'Runtime.evaluate', { expression, returnByValue: true });
      wasm += Number(evaluated.result?.result?.value ?? 0);
    }
    return { js: js / 1048576, wasm: wasm / 1048576 };
  });
}

/** Evaluates `expression` in each of the tab's dedicated workers (CDP auto-attach); resolves their values. */
export function workerEval(page, expression) {
  return withWorkers(page, async (sessions, send) => {
    const values = [];
    for (const sessionId of sessions) {
      const reply = await send(sessionId, 'Runtime.evaluate', { expression, returnByValue: true });
      values.push(reply.result?.result?.value ?? null);
    }
    return values;
  });
}

/** Goal 3's slow network: 10 Mbit/s down and up, 40 ms round trip. */
export const THROTTLED = {
  label: '10mbit',
  conditions: { latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 },
};

/**
 * Throttles the page and every worker it starts (their downloads are PGlite's WASM and data):
 * CDP network conditions on the page, and on each worker before it runs (auto-attach, paused
 * until the conditions are set). The session stays attached for the page's life.
 */
export async function throttleNetwork(page, conditions) {
  const cdp = await page.context().newCDPSession(page);
  const params = { offline: false, ...conditions };
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', params);
  let nextId = 1;
  const toWorker = (sessionId, method, args = {}) =>
    cdp
      .send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: nextId++, method, params: args }),
      })
      .catch(() => undefined);
  cdp.on('Target.attachedToTarget', (event) => {
    const { sessionId, targetInfo } = event;
    void (async () => {
      if (targetInfo.type === 'worker') {
        await toWorker(sessionId, 'Network.enable');
        await toWorker(sessionId, 'Network.emulateNetworkConditions', params);
      }
      await toWorker(sessionId, 'Runtime.runIfWaitingForDebugger');
    })();
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return cdp;
}
