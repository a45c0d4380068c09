import { expect } from '@open-wc/testing';
import { DatabaseClient, TodoRepository, type CallOptions } from '../../src/db';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import * as errors from '../../src/errors';
import { deserializeError } from '../../src/protocol/serialized-error';

// Issue 14: calls that must fail fast, apply at most once, or be refused (the contract of the
// new multi-tab layer). Two clients of one in-memory database play two tabs: each starts its
// own worker and the election picks one leader, as across real tabs. Real PGlite, no mocks.

const DATABASE = 'test-call-safety';
const PROBE = 'test-call-safety-probe';

/** How a call ended within a bound: resolved (with its value), rejected (with its reason), or still pending. */
interface Settled {
  readonly how: 'resolved' | 'rejected' | 'pending';
  readonly value?: unknown;
  readonly elapsedMs: number;
}

/** Waits up to `ms` for `promise` (never longer: a stalled call is a result, not a hung test). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<Settled> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    promise.then(
      (value): Omit<Settled, 'elapsedMs'> => ({ how: 'resolved', value }),
      (value: unknown): Omit<Settled, 'elapsedMs'> => ({ how: 'rejected', value }),
    ),
    new Promise<Omit<Settled, 'elapsedMs'>>((resolve) => (timer = setTimeout(() => resolve({ how: 'pending' }), ms))),
  ]);
  clearTimeout(timer);
  return { ...settled, elapsedMs: Math.round(performance.now() - started) };
}

const describeSettled = ({ how, value, elapsedMs }: Settled) =>
  `${how}${how === 'pending' ? '' : ` with ${value instanceof Error ? `${value.name}: ${value.message}` : JSON.stringify(value)}`} after ${elapsedMs} ms`;

/**
 * The call was rejected with the error class issue 14 names (`instanceof`, and `.name` equal to
 * the class name). Looked up by name, so this file compiles before the class exists.
 */
function expectRejected(settled: Settled | undefined, name: string): void {
  const described = settled ? describeSettled(settled) : 'never made';
  const ErrorClass = (errors as unknown as Record<string, unknown>)[name];
  expect(typeof ErrorClass, `src/errors.ts exports ${name}; the call ${described}`).to.equal('function');
  expect(
    settled?.how === 'rejected' && settled.value instanceof (ErrorClass as typeof Error),
    `rejected with ${name}; the call ${described}`,
  ).to.be.true;
  expect((settled!.value as Error).name).to.equal(name);
}

/** `CallOptions` with a `requestId` (issue 14), built so that it also compiles before the option exists. */
const withRequestId = (requestId: string) => ({ requestId }) as unknown as CallOptions;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

// --- What the widget's channels are, and what it warns about, in this page and in its workers.
// Every BroadcastChannel opened (here or in a database worker) and every console.warn / uncaught
// error is reported on PROBE, so the garbage test needs no knowledge of the channel names.

const channelNames = new Set<string>();
const warnings: string[] = [];
const uncaught: string[] = [];
const OriginalBroadcastChannel = BroadcastChannel;
const probeSource = `
const Original = BroadcastChannel;
const probe = new Original(${JSON.stringify(PROBE)});
globalThis.BroadcastChannel = class extends Original {
  constructor(name) { super(name); probe.postMessage({ kind: 'channel', text: String(name) }); }
};
const warn = console.warn.bind(console);
console.warn = (...args) => { probe.postMessage({ kind: 'warn', text: args.map(String).join(' ') }); warn(...args); };
addEventListener('error', (event) => probe.postMessage({ kind: 'uncaught', text: String(event.message) }));
addEventListener('unhandledrejection', (event) => probe.postMessage({ kind: 'uncaught', text: String(event.reason) }));
`;
new OriginalBroadcastChannel(PROBE).onmessage = ({ data }: MessageEvent<{ kind: string; text: string }>) => {
  if (data.kind === 'channel') channelNames.add(data.text);
  else if (data.kind === 'warn') warnings.push(`worker: ${data.text}`);
  else uncaught.push(`worker: ${data.text}`);
};
globalThis.BroadcastChannel = class extends OriginalBroadcastChannel {
  constructor(name: string) {
    super(name);
    channelNames.add(String(name));
  }
};
const pageWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  warnings.push(`page: ${args.map(String).join(' ')}`);
  pageWarn(...args);
};
addEventListener('error', (event) => uncaught.push(`page: ${event.message}`));
addEventListener('unhandledrejection', (event) => uncaught.push(`page: ${String(event.reason)}`));

/** The widget's own worker, started behind a module that installs the probe first. */
function probedWorker(): Worker {
  const RealWorker = globalThis.Worker;
  let target: { url: string; options?: WorkerOptions } | undefined;
  globalThis.Worker = function (url: string | URL, options?: WorkerOptions) {
    target = { url: new URL(String(url), location.href).href, options };
    return {};
  } as unknown as typeof Worker;
  try {
    createDatabaseWorker();
  } finally {
    globalThis.Worker = RealWorker;
  }
  if (!target) throw new Error('createDatabaseWorker() started no worker');
  // Static imports, evaluated in order: the probe first, then the worker, with no top-level
  // await in between (the worker must be listening before the page's first message arrives).
  const blob = (source: string) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const source = `import ${JSON.stringify(blob(probeSource))};\nimport ${JSON.stringify(target.url)};`;
  return new RealWorker(blob(source), { ...target.options, type: 'module' });
}

// "Tab" one, created first (so usually the leader), with the default timeouts.
const client = new DatabaseClient({ database: DATABASE, storage: 'memory', createWorker: probedWorker });
const repository = new TodoRepository(client);
// "Tab" two: every call must finish within 300 ms.
const hasty = new DatabaseClient({
  database: DATABASE,
  storage: 'memory',
  createWorker: probedWorker,
  callTimeoutMs: 300,
  startTimeoutMs: 90_000,
});

const SCRATCH = 'create table if not exists call_safety (n serial primary key, tag text not null)';
const tagged = (tag: string) =>
  client.query<{ n: number; tag: string }>('select n, tag from call_safety where tag like $1 order by tag', [
    `${tag}%`,
  ]);

describe('call safety (issue 14)', () => {
  before(async () => {
    await client.init();
    await hasty.init();
    await client.exec(SCRATCH);
  });

  after(async () => {
    await hasty.close();
    await client.close();
  });

  describe('transaction-control SQL through query/exec', () => {
    // On code that lets these through, the tests after must not run inside a transaction left
    // open here; on code that refuses them this ROLLBACK is refused as well, harmlessly.
    afterEach(() => client.exec('rollback').catch(() => undefined));

    const refused = [
      'BEGIN',
      'commit',
      'rollback',
      '  savepoint x',
      'select 1; begin',
      'START TRANSACTION',
      'end',
      'abort',
      'release savepoint x',
      "prepare transaction 'x'",
      'Commit;',
    ];
    for (const sql of refused) {
      it(`refuses ${JSON.stringify(sql)} with TransactionUsageError, at once`, async () => {
        for (const [how, call] of [
          ['query', () => client.query(sql)],
          ['exec', () => client.exec(sql)],
        ] as const) {
          const settled = await settleWithin(call(), 5_000);
          if (settled.how !== 'rejected') console.log(`${how}(${JSON.stringify(sql)}): ${describeSettled(settled)}`);
          expectRejected(settled, 'TransactionUsageError');
        }
      });
    }

    it("runs SQL that only mentions those words: select 'begin', a column named begin_at", async () => {
      expect(await client.query(`select 'begin' as word`)).to.deep.equal([{ word: 'begin' }]);
      await client.exec('create table if not exists call_safety_words (begin_at timestamptz not null, note text)');
      await client.query(`insert into call_safety_words (begin_at, note) values (now(), 'commit; rollback')`);
      const rows = await client.query<{ note: string }>('select begin_at, note from call_safety_words');
      expect(rows.map((row) => row.note)).to.include('commit; rollback');
    });
  });

  describe('a call made inside a transaction() callback', () => {
    it('rejects at once with TransactionUsageError (no stall); the transaction still commits', async () => {
      const tag = unique('inside-commit');
      let inner: Settled | undefined;
      await client.transaction(async (tx) => {
        await tx.query('insert into call_safety (tag) values ($1)', [`${tag}:a`]);
        inner = await settleWithin(client.query('select 1'), 5_000);
        await tx.query('insert into call_safety (tag) values ($1)', [`${tag}:b`]);
      });
      console.log(`client.query inside transaction(): ${inner && describeSettled(inner)}`);
      expectRejected(inner, 'TransactionUsageError');
      expect((await tagged(tag)).map((row) => row.tag)).to.deep.equal([`${tag}:a`, `${tag}:b`]);
    });

    it('a repository call rejects at once too, is never applied later, and a throwing callback still rolls back', async () => {
      const tag = unique('inside-rollback');
      const list = unique('inside-list');
      let inner: Settled | undefined;
      const error = await client
        .transaction(async (tx) => {
          await tx.query('insert into call_safety (tag) values ($1)', [tag]);
          inner = await settleWithin(repository.add('added from inside a transaction', list), 5_000);
          throw new Error('changed my mind');
        })
        .catch((e: unknown) => e);
      console.log(`repository.add inside transaction(): ${inner && describeSettled(inner)}`);
      expect((error as Error).message).to.contain('changed my mind');
      expectRejected(inner, 'TransactionUsageError');
      expect(await tagged(tag)).to.deep.equal([]);
      await delay(500);
      expect(await repository.getAll(list)).to.deep.equal([]);
    });
  });

  describe('requestId', () => {
    const insert = 'insert into call_safety (tag) values ($1) returning n, tag';

    it('a call repeated with the same requestId is applied once; both resolve the first result', async () => {
      const tag = unique('once');
      const requestId = crypto.randomUUID();
      const first = await client.query(insert, [tag], withRequestId(requestId));
      const second = await client.query(insert, [tag], withRequestId(requestId));
      expect(second).to.deep.equal(first);
      expect(await tagged(tag)).to.deep.equal(first);
    });

    it('two calls with one requestId at the same time: applied once, the same rows for both', async () => {
      const tag = unique('once-concurrent');
      const requestId = crypto.randomUUID();
      const [first, second] = await Promise.all([
        client.query(insert, [tag], withRequestId(requestId)),
        client.query(insert, [tag], withRequestId(requestId)),
      ]);
      expect(second).to.deep.equal(first);
      expect(await tagged(tag)).to.deep.equal(first);
    });
  });

  describe('deserializeError', () => {
    const garbled = [
      { name: 'constructor', message: 'x' },
      { name: '__proto__', message: 'x' },
      { name: 'toString' },
      { name: 'hasOwnProperty', message: 'x' },
      { name: 42, message: { not: 'text' } },
      {},
    ];
    for (const input of garbled) {
      it(`returns a TodoError for ${JSON.stringify(input)}`, () => {
        let result: unknown;
        expect(() => (result = deserializeError(input as never))).not.to.throw();
        expect(result).to.be.instanceOf(errors.TodoError);
        expect(typeof (result as Error).message).to.equal('string');
      });
    }
  });

  describe("garbage on the widget's BroadcastChannels", () => {
    it('is dropped with a console.warn: nothing throws, both clients keep working', async () => {
      await Promise.all([client.query('select 1'), hasty.query('select 1').catch(() => undefined)]);
      const names = [...channelNames].filter((name) => name.includes(DATABASE));
      console.log(`channels of ${DATABASE}: ${names.join(', ')}`);
      expect(names, 'the widget opens channels named after its database').to.not.be.empty;
      warnings.length = 0;
      uncaught.length = 0;
      const garbage: unknown[] = [
        null,
        42,
        'garbage',
        [],
        [1, 2, 3],
        {},
        { type: null },
        { type: { nested: true } },
        { kind: 7, id: [] },
        { type: 'error', id: 'no-such-request', error: { name: 'constructor', message: 'x' } },
        { id: 'no-such-request', error: { name: '__proto__' } },
        { type: 'reply', id: 12, ok: 'maybe', rows: 'none' },
      ];
      for (const name of names) {
        const channel = new OriginalBroadcastChannel(name);
        for (const message of garbage) channel.postMessage(message);
        channel.close();
      }
      await delay(1_000);
      console.log(
        `after garbage: ${warnings.length} warnings (${warnings.slice(0, 3).join(' | ')}), uncaught: ${uncaught.join(' | ') || 'none'}`,
      );
      expect(uncaught, 'nothing thrown').to.deep.equal([]);
      expect(warnings, 'a console.warn for what was dropped').to.not.be.empty;
      expect(await client.query('select 2 as two')).to.deep.equal([{ two: 2 }]);
      const tag = unique('after-garbage');
      await client.query('insert into call_safety (tag) values ($1)', [tag]);
      expect((await tagged(tag)).map((row) => row.tag)).to.deep.equal([tag]);
    });
  });

  describe('a write that times out', () => {
    it('rejects with DatabaseTimeoutError and is never applied after', async () => {
      const tag = unique('timed-out');
      // The other tab keeps the leader busy for 2 s…
      const sleeping = client.query('select pg_sleep(2)');
      await delay(300);
      // …so this tab's write, allowed 300 ms, cannot even start in time.
      const settled = await settleWithin(hasty.query('insert into call_safety (tag) values ($1)', [tag]), 10_000);
      await sleeping;
      await delay(1_000);
      const stored = await tagged(tag);
      console.log(
        `insert with callTimeoutMs 300 behind a 2 s statement: ${describeSettled(settled)}; rows after the sleep: ${stored.length}`,
      );
      expectRejected(settled, 'DatabaseTimeoutError');
      expect(stored, 'a write reported failed is not applied later').to.deep.equal([]);
    });
  });
});
