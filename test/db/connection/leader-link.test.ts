import { deserializeError } from '../../../src/protocol/serialized-error';
import { expect } from '@open-wc/testing';
import { LeaderLink } from '../../../src/db/connection/leader-link';
import { callWithPolicy } from '../../../src/db/connection/call-policy';
import {
  DatabaseStartError,
  DatabaseTimeoutError,
  LeaderChangedError,
  OutcomeUnknownError,
  QueryError,
  TodoError,
  TransactionUsageError,
} from '../../../src/errors';
import { FakeLeader } from './fake-leader';

const soon = (ms = 5_000) => Date.now() + ms;
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('LeaderLink (tab side, against a fake leader)', () => {
  let leader: FakeLeader;
  let link: LeaderLink;

  beforeEach(() => {
    leader = new FakeLeader();
    link = new LeaderLink(leader, 'tab-1');
  });
  afterEach(() => link.close(new LeaderChangedError()));

  it('asks who leads, waits for a ready leader, and sends the call to that term only', async () => {
    expect(leader.whoLeads).to.deep.equal(['tab-1']);
    const result = link.call('query', { sql: 'select 1', params: [] }, soon());
    leader.electing('term-a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(leader.calls).to.have.length(0);
    leader.ready('term-a');
    const call = await leader.callCount(1);
    expect(call).to.include({ kind: 'call', leader: 'term-a', method: 'query', tab: 'tab-1' });
    leader.answer(call, { rows: [{ one: 1 }], fields: [] });
    expect((await result).rows).to.deep.equal([{ one: 1 }]);
  });

  it('rejects with DatabaseTimeoutError, never sent, when no leader is ready by the deadline', async () => {
    const error = await rejection(link.call('query', { sql: 'select 1', params: [] }, Date.now() + 50));
    expect(error).to.be.instanceOf(DatabaseTimeoutError);
    expect(leader.calls).to.have.length(0);
  });

  it('rejects a call in flight with LeaderChangedError (outcome unknown) when another leader takes over', async () => {
    leader.ready('term-a');
    const result = rejection(link.call('query', { sql: 'update t set x = 1', params: [] }, soon()));
    await leader.callCount(1);
    leader.electing('term-b');
    leader.ready('term-b');
    const error = await result;
    expect(error).to.be.instanceOf(LeaderChangedError);
    expect(error).to.be.instanceOf(OutcomeUnknownError);
  });

  it('ignores an answer from another term than the call was sent to', async () => {
    leader.ready('term-a');
    const result = link.call('query', { sql: 'select 1', params: [] }, soon());
    const call = await leader.callCount(1);
    leader.answer(call, { rows: [{ from: 'impostor' }], fields: [] }, 'term-z');
    leader.answer(call, { rows: [{ from: 'term-a' }], fields: [] });
    expect((await result).rows).to.deep.equal([{ from: 'term-a' }]);
  });

  it('maps the leader refusing a call past its deadline to DatabaseTimeoutError (not applied)', async () => {
    leader.ready('term-a');
    const result = rejection(link.call('query', { sql: 'insert …', params: [] }, soon()));
    leader.refuse(await leader.callCount(1), 'DeadlinePassedError', 'too late');
    expect(await result).to.be.instanceOf(DatabaseTimeoutError);
  });

  it('keeps SQLSTATE and DETAIL of a refused statement, and typed widget errors by name', async () => {
    leader.ready('term-a');
    const first = rejection(link.call('query', { sql: 'insert …', params: [] }, soon()));
    leader.refuse(await leader.callCount(1), 'error', 'violates check', {
      code: '23514',
      detail: 'Failing row',
      severity: 'ERROR',
    });
    const error = (await first) as QueryError;
    expect(error).to.be.instanceOf(QueryError);
    expect(error.code).to.equal('23514');
    expect(error.detail).to.equal('Failing row');

    const second = rejection(link.call('exec', { sql: 'begin' }, soon()));
    leader.refuse(await leader.callCount(2), 'TransactionUsageError', 'no');
    expect(await second).to.be.instanceOf(TransactionUsageError);
  });

  it('fails calls waiting for a leader with the start failure, and shows it until a leader is ready', async () => {
    const states: string[] = [];
    link.onState((state) => states.push(state.kind));
    const waiting = rejection(link.call('query', { sql: 'select 1', params: [] }, soon()));
    leader.electing('term-a');
    leader.failed('term-a', 'DatabaseStartError', 'engine files missing');
    const error = await waiting;
    expect(error).to.be.instanceOf(DatabaseStartError);
    expect((error as Error).message).to.contain('engine files missing');
    expect(leader.calls).to.have.length(0);
    leader.ready('term-b');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(states).to.deep.equal(['electing', 'failed', 'ready']);
  });

  it('is not unseated by another tab failing to lead while its leader is ready', async () => {
    leader.ready('term-a');
    await new Promise((resolve) => setTimeout(resolve, 10));
    leader.failed('term-x', 'DatabaseStartError', 'elsewhere');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(link.state).to.include({ kind: 'ready', leader: 'term-a' });
  });

  it('follows an announced term only once it answers; until then calls keep going to the leader that does', async function () {
    this.timeout(10_000);
    link.close(new LeaderChangedError());
    link = new LeaderLink(leader, 'tab-1', { probeTimeoutMs: 200 });
    leader.ready('term-a');
    const first = link.call('query', { sql: 'select 1', params: [] }, soon());
    leader.answer(await leader.callCount(1), { rows: [], fields: [] });
    await first;
    leader.forgedReady('term-forged');
    leader.electing('term-forged-2');
    const pending = link.call('query', { sql: 'select 2', params: [] }, soon());
    // Not followed: the electing claim holds new calls until the real leader restates itself.
    await new Promise((resolve) => setTimeout(resolve, 50));
    leader.ready('term-a');
    // Calls 2 (and 3 if it came first) are the tab asking the forged term to answer.
    const second = await leader.callCount(3);
    expect(leader.calls.filter((call) => call.method === 'describe').map((call) => call.leader)).to.deep.equal([
      'term-forged',
    ]);
    expect(second).to.include({ method: 'query', leader: 'term-a' });
    leader.answer(second, { rows: [{ two: 2 }], fields: [] });
    expect((await pending).rows).to.deep.equal([{ two: 2 }]);
    expect(link.state).to.include({ kind: 'ready', leader: 'term-a' });
  });

  it('rejects with OutcomeUnknownError when the leader stays silent past the deadline and its grace', async function () {
    this.timeout(10_000);
    leader.ready('term-a');
    const error = await rejection(link.call('query', { sql: 'update …', params: [] }, Date.now() + 100));
    expect(error).to.be.instanceOf(OutcomeUnknownError);
    expect(error).not.to.be.instanceOf(LeaderChangedError);
  });
});

describe('callWithPolicy', () => {
  const policy = { timeoutMs: 5_000, retryWindowMs: 5_000 };

  it('retries a repeatable call whose outcome is unknown, and resolves what the retry found', async () => {
    const attempts: number[] = [];
    const result = await callWithPolicy(
      async (deadline) => {
        attempts.push(deadline);
        if (attempts.length === 1) throw new LeaderChangedError();
        return 'applied once';
      },
      policy,
      true,
    );
    expect(result).to.equal('applied once');
    expect(attempts).to.have.length(2);
  });

  it('does not retry a call that is not repeatable, nor one that was definitely not applied', async () => {
    let attempts = 0;
    const unknown = await rejection(
      callWithPolicy(async () => (attempts++, Promise.reject(new LeaderChangedError())), policy, false),
    );
    expect(unknown).to.be.instanceOf(LeaderChangedError);
    const timedOut = await rejection(
      callWithPolicy(async () => (attempts++, Promise.reject(new DatabaseTimeoutError('x', 1))), policy, true),
    );
    expect(timedOut).to.be.instanceOf(DatabaseTimeoutError);
    expect(attempts).to.equal(2);
  });

  it('stops retrying once its window has passed', async () => {
    let attempts = 0;
    const error = await rejection(
      callWithPolicy(
        async () => (attempts++, Promise.reject(new OutcomeUnknownError())),
        { timeoutMs: 10, retryWindowMs: 100 },
        true,
      ),
    );
    expect(error).to.be.instanceOf(OutcomeUnknownError);
    expect(attempts).to.be.greaterThan(1).and.lessThan(20);
  });
});

describe('deserializeError', () => {
  it('always returns a TodoError, whatever name a garbled message carries', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'Nope']) {
      const error = deserializeError({ name, message: 'x' });
      expect(error, name).to.be.instanceOf(TodoError);
      expect(error.message).to.equal('x');
    }
  });
});
