import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { RowSizeCache } from '../../src/internal/row-size-cache';

/** The same answers the slow way: every row summed. */
function model(sizes: Map<number, number>, estimate: number) {
  const average = sizes.size > 0 ? [...sizes.values()].reduce((a, b) => a + b, 0) / sizes.size : estimate;
  const offsetOf = (index: number) => {
    let offset = 0;
    for (let i = 0; i < index; i++) offset += sizes.get(i) ?? estimate;
    return offset;
  };
  return { average, offsetOf };
}

describe('RowSizeCache', () => {
  it('estimates every row at the given height until one is measured', () => {
    const cache = new RowSizeCache(45);
    expect(cache.offsetOf(0)).to.equal(0);
    expect(cache.offsetOf(10)).to.equal(450);
    expect(cache.rowAt(449)).to.equal(9);
    expect(cache.rowAt(450)).to.equal(10);
    expect(cache.rowAfter(450)).to.equal(10);
    expect(cache.rowAfter(451)).to.equal(11);
    expect(cache.rowAt(-100)).to.equal(-3);
    expect(cache.rowAfter(-100)).to.equal(-2);
    expect(Object.is(cache.rowAfter(-1), 0)).to.equal(true);
  });

  it('keeps a measured row’s own height; the others take the estimate', () => {
    const cache = new RowSizeCache(45);
    cache.set(2, 120);
    cache.set(3, 40);
    expect(cache.average).to.equal(80);
    expect(cache.get(7)).to.equal(45);
    cache.estimate = cache.average;
    expect(cache.get(2)).to.equal(120);
    expect(cache.get(7)).to.equal(80);
    // Rows 0 and 1 at 80, then 120 and 40.
    expect(cache.offsetOf(4)).to.equal(320);
    expect(cache.rowAt(170)).to.equal(2);
    expect(cache.rowAt(280)).to.equal(3);
  });

  it('moves no measured row when rows measured later change the estimate', () => {
    const cache = new RowSizeCache(45);
    for (let i = 0; i < 50; i++) cache.set(i, i % 7 === 0 ? 120 : 40);
    cache.estimate = cache.average;
    const before = cache.offsetOf(50);
    for (let i = 50; i < 80; i++) cache.set(i, 200);
    cache.estimate = cache.average;
    expect(cache.offsetOf(50)).to.equal(before);
  });

  it('forgets the measurements on clear, keeping the estimate', () => {
    const cache = new RowSizeCache(45);
    cache.set(0, 60);
    cache.set(5000, 100);
    cache.estimate = cache.average;
    cache.clear();
    expect(cache.measured).to.equal(0);
    expect(cache.estimate).to.equal(80);
    expect(cache.offsetOf(3)).to.equal(240);
  });

  it('refuses a height that is not a positive number', () => {
    const cache = new RowSizeCache(45);
    expect(() => cache.set(0, 0)).to.throw(RangeError);
    expect(() => cache.set(-1, 10)).to.throw(RangeError);
  });

  it('agrees with summing every row, for any measurements', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3000), fc.integer({ min: 16, max: 400 })), { maxLength: 60 }),
        fc.nat(3500),
        fc.integer({ min: -500, max: 200_000 }),
        fc.integer({ min: 16, max: 400 }),
        (measurements, index, y, estimate) => {
          const cache = new RowSizeCache(45);
          const sizes = new Map<number, number>();
          for (const [place, size] of measurements) {
            cache.set(place, size);
            sizes.set(place, size);
          }
          cache.estimate = estimate;
          const slow = model(sizes, estimate);
          expect(cache.average).to.be.closeTo(slow.average, 1e-9);
          expect(cache.offsetOf(index)).to.be.closeTo(slow.offsetOf(index), 1e-6);
          if (y >= 0) {
            const at = cache.rowAt(y);
            expect(cache.offsetOf(at)).to.be.at.most(y + 1e-6);
            expect(cache.offsetOf(at + 1)).to.be.above(y - 1e-6);
            const after = cache.rowAfter(y);
            expect(cache.offsetOf(after)).to.be.at.least(y - 1e-6);
            if (after > 0) expect(cache.offsetOf(after - 1)).to.be.below(y + 1e-6);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
