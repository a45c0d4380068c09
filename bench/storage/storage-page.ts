/**
 * Page side of the storage benchmark: owns dedicated module workers (storage.worker.ts)
 * and exposes window.bench for the Playwright driver.
 */
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: number };

class BenchWorker {
  readonly worker: Worker;
  readonly loaded: Promise<void>;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #dead: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL('./storage.worker.ts', import.meta.url), { type: 'module' });
    let markLoaded!: () => void;
    this.loaded = new Promise((resolve) => (markLoaded = resolve));
    this.worker.addEventListener('message', (ev: MessageEvent) => {
      const { id, ok, result, error } = ev.data;
      if (id === 0) return markLoaded();
      const p = this.#pending.get(id);
      if (!p) return;
      this.#pending.delete(id);
      clearTimeout(p.timer);
      if (ok) p.resolve(result);
      else p.reject(Object.assign(new Error(error.message), { name: error.name, workerStack: error.stack }));
    });
    this.worker.addEventListener('error', (ev: ErrorEvent) => {
      this.#fail(new Error(`worker error: ${ev.message || 'failed to load'}`));
    });
  }

  #fail(e: Error) {
    this.#dead = e;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.#pending.clear();
  }

  call(op: string, args: unknown, timeoutMs: number): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.#pending.delete(id);
        reject(Object.assign(new Error(`timeout after ${timeoutMs} ms in ${op}`), { name: 'BenchTimeout' }));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, op, args });
    });
  }

  terminate() {
    this.worker.terminate();
    this.#fail(new Error('terminated'));
  }
}

const workers = new Map<string, BenchWorker>();

/** Errors cross page.evaluate as plain objects, so the driver can record name and message. */
async function settle<T>(p: Promise<T>) {
  try {
    return { ok: true as const, result: await p };
  } catch (e: any) {
    return {
      ok: false as const,
      error: { name: e?.name ?? 'Error', message: String(e?.message ?? e), stack: e?.workerStack ?? e?.stack },
    };
  }
}

const bench = {
  async spawn(name: string, timeoutMs = 60_000) {
    workers.get(name)?.terminate();
    const w = new BenchWorker();
    workers.set(name, w);
    return settle(
      Promise.race([
        w.loaded,
        new Promise((_, reject) => setTimeout(() => reject(new Error('worker load timeout')), timeoutMs)),
      ]),
    );
  },
  call(name: string, op: string, args: unknown = {}, timeoutMs = 120_000) {
    const w = workers.get(name);
    if (!w) return Promise.resolve({ ok: false as const, error: { name: 'Error', message: `no worker ${name}` } });
    return settle(w.call(op, args, timeoutMs));
  },
  terminate(name: string) {
    workers.get(name)?.terminate();
    workers.delete(name);
    return true;
  },
};

(window as any).bench = bench;
document.title = 'bench ready';
