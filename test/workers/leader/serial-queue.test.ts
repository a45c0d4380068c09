import { expect } from '@open-wc/testing';
import { DeadlinePassedError, SerialQueue } from '../../../src/workers/leader/serial-queue';
import { decodeResult, encodeResult } from '../../../src/workers/leader/result-codec';

describe('SerialQueue (the leader runs one task at a time)', () => {
  it('runs tasks one after another, in arrival order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        setTimeout(() => (log.push(`end ${name}`), resolve(name)), ms);
      });
    const results = await Promise.all([queue.run(task('a', 20)), queue.run(task('b', 1)), queue.run(task('c', 1))]);
    expect(results).to.deep.equal(['a', 'b', 'c']);
    expect(log).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('never starts a task whose deadline passed while it waited, so its caller can say "not applied"', async () => {
    const queue = new SerialQueue();
    let started = false;
    const slow = queue.run(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const late = queue.run(async () => (started = true), Date.now() + 10);
    const error = await late.then(
      () => undefined,
      (e: unknown) => e,
    );
    await slow;
    expect(error).to.be.instanceOf(DeadlinePassedError);
    expect(started).to.equal(false);
  });

  it('keeps going after a task fails', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom'))).catch((e: Error) => e.message);
    expect(await failed).to.equal('boom');
    expect(await queue.run(async () => 'next')).to.equal('next');
  });
});

describe('result codec (results kept in the request log)', () => {
  it('gives back the same values, dates, bigints and bytes included', () => {
    const value = {
      rows: [
        {
          id: 'x',
          at: new Date('2030-01-02T03:04:05.678Z'),
          n: 12n,
          bytes: new Uint8Array([1, 2, 255]),
          none: null,
          list: [1, 'a'],
        },
      ],
    };
    const back = decodeResult(encodeResult(value)) as typeof value;
    expect(back.rows[0]!.at).to.be.instanceOf(Date);
    expect(back.rows[0]!.at.toISOString()).to.equal('2030-01-02T03:04:05.678Z');
    expect(back.rows[0]!.n).to.equal(12n);
    expect([...back.rows[0]!.bytes]).to.deep.equal([1, 2, 255]);
    expect(back.rows[0]!.none).to.equal(null);
    expect(back.rows[0]!.list).to.deep.equal([1, 'a']);
  });
});
