import { expect } from '@open-wc/testing';
import { LiveSubscriptions, type LiveRequest } from '../../../src/db/connection/live-subscriptions';
import type { LiveDelivery, WindowRange } from '../../../src/protocol/leader-api';

/** The leader side as the subscriptions see it: which calls were made, on which term. */
class FakeLiveCalls {
  term = 'term-a';
  readonly opened: Array<{ sub: string; request: LiveRequest; term: string }> = [];
  readonly moved: Array<{ sub: string; window: WindowRange }> = [];
  readonly stopped: string[] = [];
  /** What the leader sends before answering an open (its first rows). */
  firstDelivery?: (sub: string) => void;

  readonly calls = {
    open: async (sub: string, request: LiveRequest, sending: (term: string) => void) => {
      sending(this.term);
      this.opened.push({ sub, request, term: this.term });
      this.firstDelivery?.(sub);
    },
    move: async (sub: string, window: WindowRange) => {
      this.moved.push({ sub, window });
    },
    stop: async (sub: string) => {
      this.stopped.push(sub);
    },
  };
}

const rows = (...values: number[]): LiveDelivery => ({ type: 'rows', rows: values.map((n) => ({ n })) });

describe('LiveSubscriptions (tab side)', () => {
  it('delivers results of the term it was opened on, and drops those of any other leader', async () => {
    const leader = new FakeLiveCalls();
    const live = new LiveSubscriptions(leader.calls);
    const seen: LiveDelivery[] = [];
    leader.firstDelivery = (sub) => live.receive(sub, rows(1), 'term-a');
    await live.subscribe({ type: 'rows', sql: 'select 1', params: [] }, (delivery) => seen.push(delivery));
    expect(seen).to.deep.equal([rows(1)]);

    const sub = leader.opened[0]!.sub;
    live.receive(sub, rows(99), 'term-old');
    expect(seen).to.have.length(1);
    live.receive(sub, rows(2), 'term-a');
    expect(seen.at(-1)).to.deep.equal(rows(2));
  });

  it('reopens every subscription on a new leader, at the window last moved to', async () => {
    const leader = new FakeLiveCalls();
    const live = new LiveSubscriptions(leader.calls);
    const handle = await live.subscribe(
      { type: 'rows', sql: 'select n', params: [], window: { offset: 0, limit: 10 } },
      () => undefined,
    );
    await handle.move({ offset: 40, limit: 10 });
    expect(leader.moved).to.have.length(1);

    leader.term = 'term-b';
    await live.reopenAll();
    const reopened = leader.opened.at(-1)!;
    expect(reopened.term).to.equal('term-b');
    expect(reopened.request).to.deep.include({ window: { offset: 40, limit: 10 } });
    expect(reopened.sub).to.equal(leader.opened[0]!.sub);
  });

  it('sends a keyed subscription a RESET before the new leader sends every row again', async () => {
    const leader = new FakeLiveCalls();
    const live = new LiveSubscriptions(leader.calls);
    const seen: LiveDelivery[] = [];
    await live.subscribe({ type: 'changes', sql: 'select id', params: [], key: 'id' }, (delivery) =>
      seen.push(delivery),
    );
    expect(seen).to.have.length(0);
    await live.reopenAll();
    expect(seen).to.deep.equal([{ type: 'changes', changes: [{ __op__: 'RESET' }] }]);
  });

  it('stops on unsubscribe and is not reopened afterwards', async () => {
    const leader = new FakeLiveCalls();
    const live = new LiveSubscriptions(leader.calls);
    const handle = await live.subscribe({ type: 'rows', sql: 'select 1', params: [] }, () => undefined);
    await handle.unsubscribe();
    expect(leader.stopped).to.deep.equal([leader.opened[0]!.sub]);
    await live.reopenAll();
    expect(leader.opened).to.have.length(1);
    expect(live.size).to.equal(0);
  });
});
