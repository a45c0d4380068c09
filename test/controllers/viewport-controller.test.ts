import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { OVERSCAN_ROWS, ViewportController, type RowRange } from '../../src/controllers/viewport-controller';

/** A long list whose rows are plain boxes of given heights, windowed by a ViewportController. */
class ViewportTestList extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .row {
      box-sizing: border-box;
      border-bottom: 1px solid #ccc;
    }
  `;
  static override properties = { heights: { attribute: false } };
  declare heights: readonly number[];
  updates = 0;
  readonly ranges: RowRange[] = [];
  readonly viewport = new ViewportController(this, {
    count: () => this.heights.length,
    args: () => [this.heights],
    list: () => this.renderRoot.querySelector<HTMLElement>('.rows'),
    rows: '.row',
    onRange: (rows) => this.ranges.push(rows),
  });

  constructor() {
    super();
    this.heights = [];
  }

  override render() {
    const { start, end } = this.viewport.range;
    const places = Array.from({ length: end - start }, (_, index) => start + index);
    return html`<div class="rows" role="list">
      ${repeat(
        places,
        (place) => place,
        (place) =>
          html`<div class="row" role="listitem" aria-posinset=${place + 1} style="height: ${this.heights[place]}px">
            ${place}
          </div>`,
      )}
    </div>`;
  }

  override updated() {
    this.updates++;
  }
}
customElements.define('viewport-test-list', ViewportTestList);

const drawn = (element: ViewportTestList) => [...element.renderRoot.querySelectorAll<HTMLElement>('.row')];
const listBox = (element: ViewportTestList) =>
  element.renderRoot.querySelector<HTMLElement>('.rows')!.getBoundingClientRect();
const sum = (heights: readonly number[], end: number) => heights.slice(0, end).reduce((a, b) => a + b, 0);
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Waits until the rows drawn fill the viewport and no update is pending. */
async function settle(element: ViewportTestList): Promise<void> {
  await waitUntil(
    () => {
      const rows = drawn(element);
      return (
        rows.length > 0 &&
        rows[0]!.getBoundingClientRect().top <= Math.max(0, listBox(element).top) &&
        rows.at(-1)!.getBoundingClientRect().bottom >= Math.min(innerHeight, listBox(element).bottom)
      );
    },
    'the drawn rows fill the viewport',
    { timeout: 5_000 },
  );
  await frame();
  await element.updateComplete;
}

async function list(heights: readonly number[]): Promise<ViewportTestList> {
  const page = await fixture<HTMLDivElement>(
    html`<div>
      <viewport-test-list .heights=${heights}></viewport-test-list>
      <div style="height: 3000px"></div>
    </div>`,
  );
  const element = page.querySelector<ViewportTestList>('viewport-test-list')!;
  await settle(element);
  return element;
}

describe('ViewportController', () => {
  afterEach(() => window.scrollTo(0, 0));

  it('draws only the rows near the viewport; the padding stands for the others', async () => {
    const heights = Array.from({ length: 1_000 }, () => 30);
    const element = await list(heights);
    const rows = drawn(element);
    expect(rows[0]!.getAttribute('aria-posinset')).to.equal('1');
    expect(rows.length).to.be.at.most(Math.ceil(innerHeight / 30) + OVERSCAN_ROWS);
    expect(listBox(element).height).to.equal(30_000);
  });

  it('draws the rows in view as the page scrolls, and reports those to fetch ahead of the scroll', async () => {
    const heights = Array.from({ length: 1_000 }, () => 30);
    const element = await list(heights);
    const top = listBox(element).top + scrollY;
    element.ranges.length = 0;
    window.scrollTo(0, top + 600 * 30);
    await settle(element);
    const places = drawn(element).map((row) => Number(row.getAttribute('aria-posinset')) - 1);
    expect(places[0]).to.equal(600 - OVERSCAN_ROWS);
    expect(places.at(-1)).to.equal(600 + Math.ceil(innerHeight / 30) + OVERSCAN_ROWS - 1);
    expect(element.ranges).to.deep.include({ start: places[0], end: places.at(-1)! + 1 });
  });

  it('keeps each row’s own height: rows of different heights sit where their measured heights put them', async () => {
    // Every fifth row is five lines tall: one average for all would move every row as more are measured.
    const heights = Array.from({ length: 1_000 }, (_, index) => (index % 5 === 0 ? 150 : 30));
    const element = await list(heights);
    const top = listBox(element).top + scrollY;
    for (let y = 0; y <= 20_000; y += innerHeight / 2) {
      window.scrollTo(0, top + y);
      await settle(element);
    }
    const rows = drawn(element);
    const listTop = listBox(element).top;
    for (const row of rows) {
      const place = Number(row.getAttribute('aria-posinset')) - 1;
      expect(row.getBoundingClientRect().top - listTop, `row ${place}`).to.be.closeTo(sum(heights, place), 0.5);
    }
    // The rows never drawn (all after the last drawn one) count as the average of those measured.
    const measuredRows = Number(rows.at(-1)!.getAttribute('aria-posinset'));
    const measured = sum(heights, measuredRows);
    const expected = measured + (1_000 - measuredRows) * (measured / measuredRows);
    expect(listBox(element).height).to.be.closeTo(expected, expected * 0.05);
  });

  it('forgets the heights measured when the rows are others', async () => {
    const element = await list(Array.from({ length: 1_000 }, () => 30));
    element.heights = Array.from({ length: 1_000 }, () => 90);
    await waitUntil(
      () => listBox(element).height === 90_000,
      `laid out at 90 px a row, saw ${listBox(element).height}`,
      { timeout: 5_000 },
    );
  });

  it('shows the end of the list on showEnd', async () => {
    const element = await list(Array.from({ length: 1_000 }, () => 30));
    element.viewport.showEnd();
    await waitUntil(() => drawn(element).at(-1)?.getAttribute('aria-posinset') === '1000', 'the last row drawn', {
      timeout: 5_000,
    });
    await frame();
    const last = drawn(element).at(-1)!.getBoundingClientRect();
    expect(last.top >= 0 && last.bottom <= innerHeight, 'the last row in view').to.equal(true);
  });

  it('stops listening when the host is detached, and listens again when re-attached', async () => {
    const element = await list(Array.from({ length: 1_000 }, () => 30));
    const parent = element.parentElement!;
    element.remove();
    const updates = element.updates;
    const reported = element.ranges.length;
    window.scrollTo(0, 2_000);
    await frame();
    await frame();
    expect(element.updates, 'no update for a detached list').to.equal(updates);
    expect(element.ranges.length, 'no rows reported by a detached list').to.equal(reported);
    parent.prepend(element);
    window.scrollTo(0, 20_000);
    await settle(element);
    expect(Number(drawn(element)[0]!.getAttribute('aria-posinset'))).to.be.above(1);
  });
});
