import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RowSizeCache } from '../internal/row-size-cache';

/** A slice of the rows: `start` inclusive, `end` exclusive. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

export interface ViewportOptions {
  /** How many rows the list has; read on every host update. */
  readonly count: () => number;
  /** What the rows are (list, filter); read on every host update. A change forgets the measured heights. */
  readonly args?: () => readonly unknown[];
  /** The element that holds the drawn rows, row 0 at its top: its padding stands for the rows not drawn. */
  readonly list: () => HTMLElement | null | undefined;
  /** Which children of `list` are rows to measure; each says its place in `aria-posinset`. */
  readonly rows: string;
  /**
   * Called with the rows in use and the row count: after each update with the rows drawn,
   * and on each scroll with those in view plus the overscan (to fetch ahead of the scroll).
   */
  readonly onRange?: (rows: RowRange, count: number) => void;
}

/**
 * Rows drawn beyond each edge of the viewport: Tab and Shift+Tab reach the next row (which
 * the browser then scrolls into view, moving the window), and a row added at the end of a
 * list scrolled to its end is drawn at once.
 */
export const OVERSCAN_ROWS = 10;
/** A one-line row (2.75rem + its border) until a drawn row has been measured. */
export const DEFAULT_ROW_HEIGHT = 45;
/** How long after `showEnd` the list keeps its end in view. */
const SHOW_END_SETTLE_MS = 600;
/** Below this a measurement is taken for a hidden row, not a real one. */
const MIN_ROW_HEIGHT = 16;
/** Re-renders for new measurements allowed between two scrolls or count changes (bounds a measure → render loop). */
const MAX_REMEASURES = 2;

const sameArgs = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

/**
 * Windowing for a long list whose rows are in the host's DOM only near the viewport: which
 * rows to draw (`range`), from where the list is on the page and the height of each row. The
 * padding of the list stands for the rows not drawn, so the page scrolls as if all were there.
 *
 * Rows are measured once drawn and keep their own height (a size cache by place, as Lit's
 * virtualizer keeps one); rows never drawn count as the average of those measured (updated
 * when it has moved by 5 %). Layout is read, not listened to, so a tab that gets no frames
 * (hidden) still draws the right rows when data arrives. Listens to the page's scroll and
 * resize while the host is connected.
 */
export class ViewportController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ViewportOptions;
  readonly #sizes = new RowSizeCache(DEFAULT_ROW_HEIGHT);
  #args?: readonly unknown[];
  #count = 0;
  #range: RowRange = { start: 0, end: 0 };
  #remeasures = 0;
  /**
   * Until when updates draw the end of the list and scroll it into view. Not just the next
   * update: the ack, the saved row and a re-measure redraw the list soon after, and each
   * would draw the rows of a scroll position read before the scroll to the end had landed.
   */
  #showEndUntil = 0;

  constructor(host: ReactiveControllerHost, options: ViewportOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The rows to draw in this update (computed in `hostUpdate`). */
  get range(): RowRange {
    return this.#range;
  }

  /** Rows a first screen draws, before anything is measured. */
  get firstScreenRows(): number {
    return Math.ceil((window.innerHeight || 800) / DEFAULT_ROW_HEIGHT) + OVERSCAN_ROWS;
  }

  /** Draws the end of the list and keeps it in view for a moment (a row was just added there). */
  showEnd(): void {
    this.#showEndUntil = performance.now() + SHOW_END_SETTLE_MS;
    this.#host.requestUpdate();
  }

  /**
   * For the list's `focusin`: focus landing on the first or last drawn row (Tab, Shift+Tab)
   * redraws around it at once. Focusing scrolled it into view, and the scroll event comes a
   * frame later, after a fast second Tab would already have left the list.
   */
  readonly onFocusIn = (event: FocusEvent): void => {
    const row = (event.target as Element | null)?.closest?.('[aria-posinset]');
    const index = Number(row?.getAttribute('aria-posinset')) - 1;
    if (!(index >= 0)) return;
    const { start, end } = this.#range;
    if ((index <= start && start > 0) || (index >= end - 1 && end < this.#count)) this.#redraw();
  };

  hostConnected(): void {
    // Capture: scroll does not bubble, and the page or any scrolling ancestor may move the list.
    addEventListener('scroll', this.#onViewportChange, { capture: true, passive: true });
    addEventListener('resize', this.#onViewportChange, { passive: true });
  }

  hostDisconnected(): void {
    removeEventListener('scroll', this.#onViewportChange, { capture: true });
    removeEventListener('resize', this.#onViewportChange);
  }

  hostUpdate(): void {
    const args = this.#options.args?.() ?? [];
    // Other rows: the heights measured by place belong to rows no longer there.
    if (this.#args && !sameArgs(this.#args, args)) this.#sizes.clear();
    this.#args = args;
    const count = this.#options.count();
    if (count !== this.#count) this.#remeasures = 0;
    this.#count = count;
    this.#range = this.#showingEnd ? this.#endRange(count) : this.#visibleRange(count, OVERSCAN_ROWS);
  }

  hostUpdated(): void {
    const list = this.#options.list();
    const { start, end } = this.#range;
    if (list) {
      // Through the CSSOM, which a strict `style-src` CSP allows; a style attribute (what
      // Lit's styleMap writes on its first render) it would block.
      list.style.paddingTop = `${this.#sizes.offsetOf(start)}px`;
      list.style.paddingBottom = `${this.#sizes.offsetOf(this.#count) - this.#sizes.offsetOf(end)}px`;
      // A row still on the way holds the height rows have on average.
      list.style.setProperty('--_row-height', `${this.#sizes.estimate}px`);
    }
    this.#options.onRange?.(this.#range, this.#count);
    if (this.#showingEnd) {
      // 'nearest': no scroll when the end is in view already.
      list?.lastElementChild?.scrollIntoView({ block: 'nearest' });
    }
    if (list) this.#measure(list);
  }

  get #showingEnd(): boolean {
    return performance.now() <= this.#showEndUntil;
  }

  #redraw(): void {
    this.#remeasures = 0;
    this.#host.requestUpdate();
  }

  /** Redraws only when the rows in view are no longer all drawn; reports the rows ahead of the scroll. */
  #onViewportChange = (): void => {
    const seen = this.#visibleRange(this.#count, 0);
    const drawn = this.#range;
    if (seen.start < drawn.start || seen.end > drawn.end) this.#redraw();
    this.#options.onRange?.(this.#visibleRange(this.#count, OVERSCAN_ROWS), this.#count);
  };

  /** The rows in the viewport, plus `overscan` on each side, from where the list is on the page. */
  #visibleRange(count: number, overscan: number): RowRange {
    const list = this.#options.list();
    // The top of row 0 (the list's padding stands for the rows above the window).
    const top = list ? list.getBoundingClientRect().top : 0;
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    const first = Math.max(0, this.#sizes.rowAt(-top) - overscan);
    const last = Math.max(0, this.#sizes.rowAfter(viewport - top) + overscan);
    const start = Math.min(first, count);
    return { start, end: Math.max(start, Math.min(last, count)) };
  }

  /** The last rows, as many as the viewport holds plus the overscan: what the list shows once scrolled to its end. */
  #endRange(count: number): RowRange {
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    const first = this.#sizes.rowAt(this.#sizes.offsetOf(count) - viewport);
    return { start: Math.max(0, first - OVERSCAN_ROWS), end: count };
  }

  /**
   * Measures the drawn rows once they have rendered (new ones render after the list does),
   * and draws again when a row is not as tall as was assumed: the padding for the rows
   * before and after the drawn ones depends on it.
   */
  #measure(list: HTMLElement): void {
    const drawn = [...list.children].filter(
      (row): row is HTMLElement => row instanceof HTMLElement && row.matches(this.#options.rows),
    );
    if (drawn.length === 0) return;
    const args = this.#args;
    void Promise.all(drawn.map((row) => (row as { updateComplete?: Promise<unknown> }).updateComplete)).then(() => {
      // Rows of another list or filter now: their places mean other rows.
      if (args !== this.#args) return;
      let changed = false;
      for (const row of drawn) {
        if (!row.isConnected) continue;
        const index = Number(row.getAttribute('aria-posinset')) - 1;
        // Not offsetHeight: rounded to whole pixels, it would add up to a drift over many rows.
        const size = row.getBoundingClientRect().height;
        if (!(index >= 0) || !(size >= MIN_ROW_HEIGHT)) continue;
        if (Math.abs(size - this.#sizes.get(index)) >= 1) changed = true;
        this.#sizes.set(index, size);
      }
      // Rows never drawn take the estimate, moved only when the average has moved by 5 %:
      // it moves the scrollbar and the placeholders, and every row below by a little.
      const { average, estimate } = this.#sizes;
      if (Math.abs(average - estimate) >= estimate * 0.05) {
        this.#sizes.estimate = average;
        changed = true;
      }
      if (changed && this.#remeasures++ < MAX_REMEASURES) this.#host.requestUpdate();
    });
  }
}
