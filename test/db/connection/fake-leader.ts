import type { Transport } from '../../../src/db/connection/transport';
import type { CallMessage, ToLeaderMessage, ToTabMessage } from '../../../src/protocol/messages';
import type { DatabaseInfo } from '../../../src/db/storage';

export const INFO: DatabaseInfo = { storage: 'memory', durable: false, instance: 'instance-1', startup: {} };

/**
 * An in-page stand-in for the channels and the leader behind them: the test decides who leads,
 * what each call answers and when. Deterministic, no worker, no tabs: for the tab-side logic
 * (hand-over, retries, deadlines). The real leader is covered by the browser and e2e suites.
 */
export class FakeLeader implements Transport {
  readonly calls: CallMessage[] = [];
  readonly whoLeads: string[] = [];
  /** Terms announced ready: they answer the `describe` a tab sends before it follows them. */
  readonly #serving = new Map<string, DatabaseInfo>();
  #listener?: (message: ToTabMessage) => void;
  #waiters: Array<() => void> = [];

  toLeader(message: ToLeaderMessage): void {
    const serving = message.kind === 'call' && message.method === 'describe' && this.#serving.get(message.leader);
    if (serving && message.kind === 'call') this.answer(message, { info: serving, schemaVersion: null });
    else if (message.kind === 'who-leads') this.whoLeads.push(message.tab);
    else this.calls.push(message);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  announce(): void {}

  onMessage(listener: (message: ToTabMessage) => void): void {
    this.#listener = listener;
  }

  close(): void {
    this.#listener = undefined;
  }

  /** Announces `leader` ready without it serving: a stale or forged announcement. */
  forgedReady(leader: string, info: DatabaseInfo = INFO): void {
    this.send({ v: 1, kind: 'leader', leader, state: 'ready', info });
  }

  /** Delivers a message to the tab as the channels would (asynchronously). */
  send(message: ToTabMessage): void {
    queueMicrotask(() => this.#listener?.(message));
  }

  ready(leader: string, info: DatabaseInfo = INFO): void {
    this.#serving.set(leader, info);
    this.send({ v: 1, kind: 'leader', leader, state: 'ready', info });
  }

  electing(leader: string): void {
    this.send({ v: 1, kind: 'leader', leader, state: 'electing' });
  }

  failed(leader: string, name: string, message: string): void {
    this.send({ v: 1, kind: 'leader', leader, state: 'failed', error: { name, message } });
  }

  answer(call: CallMessage, value: unknown, leader = call.leader): void {
    this.send({ v: 1, kind: 'reply', id: call.id, leader, ok: true, value });
  }

  refuse(call: CallMessage, name: string, message: string, extra: Record<string, string> = {}): void {
    this.send({ v: 1, kind: 'reply', id: call.id, leader: call.leader, ok: false, error: { name, message, ...extra } });
  }

  /** Resolves once the tab has sent `count` calls in all. */
  async callCount(count: number): Promise<CallMessage> {
    while (this.calls.length < count) await new Promise<void>((wake) => this.#waiters.push(wake));
    return this.calls[count - 1]!;
  }
}
