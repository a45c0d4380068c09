import { expect } from '@open-wc/testing';
import {
  FETCH_MARGIN_ROWS,
  PREFETCH_ROWS,
  windowAround,
  windowToFetch,
} from '../../src/controllers/todo-window-controller';

describe('the fetch policy of TodoWindowController', () => {
  it('asks for the rows drawn and a margin on each side', () => {
    expect(windowAround({ start: 0, end: 30 })).to.deep.equal({ offset: 0, limit: 30 + FETCH_MARGIN_ROWS });
    expect(windowAround({ start: 500, end: 530 })).to.deep.equal({
      offset: 500 - FETCH_MARGIN_ROWS,
      limit: 30 + 2 * FETCH_MARGIN_ROWS,
    });
  });

  it('asks for nothing while the window covers the drawn rows with room to scroll', () => {
    const have = windowAround({ start: 500, end: 530 });
    expect(windowToFetch({ start: 500, end: 530 }, have, 10_000)).to.equal(undefined);
    expect(windowToFetch({ start: have.offset + PREFETCH_ROWS, end: 530 }, have, 10_000)).to.equal(undefined);
  });

  it('moves the window when the drawn rows come near an edge of it, or leave it', () => {
    const have = windowAround({ start: 500, end: 530 });
    const haveEnd = have.offset + have.limit;
    expect(windowToFetch({ start: have.offset + PREFETCH_ROWS - 1, end: 530 }, have, 10_000)).to.deep.equal(
      windowAround({ start: have.offset + PREFETCH_ROWS - 1, end: 530 }),
    );
    expect(windowToFetch({ start: 540, end: haveEnd - PREFETCH_ROWS + 1 }, have, 10_000)).to.not.equal(undefined);
    expect(windowToFetch({ start: 5_000, end: 5_030 }, have, 10_000)).to.deep.equal(
      windowAround({ start: 5_000, end: 5_030 }),
    );
  });

  it('does not ask for more at the start or the end of the list', () => {
    expect(windowToFetch({ start: 0, end: 30 }, { offset: 0, limit: 90 }, 90)).to.equal(undefined);
    expect(windowToFetch({ start: 0, end: 30 }, { offset: 0, limit: 90 }, 40)).to.equal(undefined);
  });

  it('asks again for a window whose move failed', () => {
    expect(windowToFetch({ start: 0, end: 30 }, { offset: -1, limit: 0 }, 100)).to.deep.equal(
      windowAround({ start: 0, end: 30 }),
    );
  });
});
