import { expect } from '@open-wc/testing';
import { compareDecimal, comparePositions } from '../../src/db/position-order';

describe('comparePositions (the page orders as SQL does: position, then id)', () => {
  it('compares decimals of any length exactly, as numeric does', () => {
    const sorted = [
      '10',
      '-1.5',
      '2',
      '1.25',
      '0.3',
      '-0.25',
      '1.2500000000000000000001',
      '1.25000000000000000000009',
      '003',
    ];
    sorted.sort(compareDecimal);
    expect(sorted).to.deep.equal([
      '-1.5',
      '-0.25',
      '0.3',
      '1.25',
      '1.25000000000000000000009',
      '1.2500000000000000000001',
      '2',
      '003',
      '10',
    ]);
    expect(compareDecimal('1.50', '1.5')).to.equal(0);
  });

  it('puts a null position last, and ties in id order', () => {
    const rows = [
      { id: 'c', position: null },
      { id: 'b', position: '1' },
      { id: 'a', position: '1' },
      { id: 'd', position: '0.5' },
    ];
    expect(rows.sort(comparePositions).map((row) => row.id)).to.deep.equal(['d', 'a', 'b', 'c']);
  });
});
