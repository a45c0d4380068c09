/** A drawn row: its todo's id, its place in the rows shown, its element. */
export interface DrawnRow {
  readonly id: string;
  readonly index: number;
  readonly element: HTMLElement;
}

export interface RowDragOptions {
  /** The rows drawn now (their places in `aria-posinset`), in order. */
  readonly rows: () => DrawnRow[];
  /** The drop: the todo `id` at place `from` goes to place `to` (in the rows shown without it). */
  readonly onDrop: (id: string, from: number, to: number) => void;
  /** The drag is over (dropped, cancelled or ended). */
  readonly onEnd: () => void;
}

/** How far a pointer must travel before a press on a handle is a drag (px). */
const DRAG_THRESHOLD_PX = 4;
/** Within this distance of the viewport's top or bottom edge a drag scrolls the page (px). */
const SCROLL_EDGE_PX = 48;
/** Fastest scroll while dragging at an edge (px per frame). */
const SCROLL_MAX_PX = 16;

/**
 * One pointer drag of a row by its handle (mouse, pen or touch: pointer events, listened to on
 * the window until the pointer is up). The row follows the pointer (a transform, and
 * `data-dragging` for styling); near the viewport's top or bottom edge the page scrolls, so a
 * todo can be dragged past the rows in view; Escape or a cancelled pointer drops nothing.
 */
export class RowDrag {
  readonly #options: RowDragOptions;
  readonly #row: DrawnRow;
  readonly #pointer: number;
  readonly #startY: number;
  readonly #startScroll = scrollY;
  #y: number;
  #dragging = false;
  #frame?: number;

  constructor(options: RowDragOptions, row: DrawnRow, event: PointerEvent) {
    this.#options = options;
    this.#row = row;
    this.#pointer = event.pointerId;
    this.#startY = this.#y = event.clientY;
    addEventListener('pointermove', this.#onMove);
    addEventListener('pointerup', this.#onUp);
    addEventListener('pointercancel', this.#onCancel);
    addEventListener('keydown', this.#onKeyDown, true);
  }

  /** Stops following the pointer; drops nothing. */
  end(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    this.#row.element.removeAttribute('data-dragging');
    this.#row.element.style.transform = '';
    removeEventListener('pointermove', this.#onMove);
    removeEventListener('pointerup', this.#onUp);
    removeEventListener('pointercancel', this.#onCancel);
    removeEventListener('keydown', this.#onKeyDown, true);
    this.#options.onEnd();
  }

  readonly #onMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.#pointer) return;
    this.#y = event.clientY;
    if (!this.#dragging && Math.abs(this.#y - this.#startY) < DRAG_THRESHOLD_PX) return;
    this.#dragging = true;
    this.#row.element.toggleAttribute('data-dragging', true);
    this.#follow();
    if (this.#frame === undefined && this.#edgeSpeed() !== 0) this.#frame = requestAnimationFrame(this.#scroll);
  };

  readonly #onUp = (event: PointerEvent): void => {
    if (event.pointerId !== this.#pointer) return;
    const to = this.#dragging ? this.#dropIndex() : undefined;
    this.end();
    if (to !== undefined && to !== this.#row.index) this.#options.onDrop(this.#row.id, this.#row.index, to);
  };

  readonly #onCancel = (): void => this.end();

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.end();
  };

  /** The row under the pointer: moved by how far the pointer and the page have moved. */
  #follow(): void {
    const dy = this.#y - this.#startY + (scrollY - this.#startScroll);
    this.#row.element.style.transform = `translateY(${dy}px)`;
  }

  /** Page scroll per frame for a pointer at `#y`: faster nearer the edge, 0 away from it. */
  #edgeSpeed(): number {
    const fromBottom = innerHeight - this.#y;
    if (this.#y < SCROLL_EDGE_PX) return -Math.ceil(((SCROLL_EDGE_PX - this.#y) / SCROLL_EDGE_PX) * SCROLL_MAX_PX);
    if (fromBottom < SCROLL_EDGE_PX) return Math.ceil(((SCROLL_EDGE_PX - fromBottom) / SCROLL_EDGE_PX) * SCROLL_MAX_PX);
    return 0;
  }

  readonly #scroll = (): void => {
    this.#frame = undefined;
    const speed = this.#edgeSpeed();
    if (speed === 0) return;
    const before = scrollY;
    scrollBy(0, speed);
    this.#follow();
    // Until the pointer leaves the edge, or the page can scroll no further.
    if (scrollY !== before) this.#frame = requestAnimationFrame(this.#scroll);
  };

  /**
   * The place (in the rows shown, without the dragged one) a drop at the pointer lands on:
   * after every other drawn row whose middle is above it.
   */
  #dropIndex(): number {
    const from = this.#row.index;
    const others = this.#options.rows().filter((row) => row.id !== this.#row.id);
    const first = others[0];
    if (!first) return from;
    const above = others.filter((row) => {
      const box = row.element.getBoundingClientRect();
      return box.top + box.height / 2 < this.#y;
    }).length;
    // `first`'s place in the list without the dragged row.
    return first.index - (first.index > from ? 1 : 0) + above;
  }
}
