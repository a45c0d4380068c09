import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Todo } from '../db/todo';
import type { TodoPlace } from '../db/repositories/todos';
import type { ListView } from '../view/list-view';
import { placeFor } from '../view/move-place';
import { TodoError, asTodoError } from '../errors';
import { RowDrag, type DrawnRow } from './row-drag';

export interface ReorderOptions {
  /** Whether rows can be moved now (`reorderable`); read on every event. */
  readonly enabled: () => boolean;
  /** The rows shown, as the host's last update drew them. */
  readonly view: () => ListView;
  /** The element holding the drawn rows, each saying its place in `aria-posinset`. */
  readonly rows: () => HTMLElement | null | undefined;
  /** Writes the move (one row). */
  readonly move: (id: string, place: TodoPlace) => Promise<Todo | undefined>;
  readonly onError: (error: TodoError) => void;
  /** What to announce after a move: "Moved to position 3 of 7", in the host's language. */
  readonly announce: (position: number, count: number) => string;
}

/** A row element that can put focus on its handle (`<todo-item>`). */
interface RowElement extends HTMLElement {
  focusHandle?(): void;
}

/** How long a move waits for the live rows to show the todo at its new place before giving up. */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * Whether the move of the row at `from` to `to` needs a row still being saved (this tab's add,
 * not failed): the moved row, or one between or next to its places, whose position is not known yet.
 */
function awaitsSave(view: ListView, from: number, to: number): boolean {
  const first = Math.max(0, Math.min(from, to) - 1);
  const last = Math.min(view.count - 1, Math.max(from, to) + 1);
  for (let index = first; index <= last; index++) {
    const row = view.rowAt(index);
    if (row?.pending && !row.failed) return true;
  }
  return false;
}

const isHandle = (node: EventTarget | undefined): node is HTMLElement =>
  node instanceof HTMLElement && node.dataset['handle'] !== undefined;

/**
 * Manual order for a list's rows: Alt+ArrowUp/ArrowDown on a row's handle moves it one place,
 * dragging the handle (mouse, pen or touch: pointer events) moves it where it is dropped. Each
 * move writes one row; once the live rows show the todo at its new place, the polite
 * `announcement` says where, and focus goes back to its handle (re-rendering the rows in the
 * new order moves the row's element, which loses focus). Moves of one list run one after
 * another, each computed from the rows as they are after the one before.
 *
 * The host binds `onKeyDown` and `onPointerDown` on the rows' container and renders
 * `announcement` in a polite live region.
 */
export class ReorderController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ReorderOptions;
  /** The last move's announcement ("Moved to position 3 of 7"). */
  announcement = '';
  #queue: Promise<void> = Promise.resolve();
  /** A move waiting to see its todo at its new place. */
  #settling?: { id: string; to: number; done: () => void };
  /** The todo whose handle gets focus once the update that shows it at its new place is rendered. */
  #focusAfterUpdate?: string;
  #drag?: RowDrag;
  /** Moves waiting for rows still being saved: told after each update whether to look again. */
  readonly #waiting = new Set<(lookAgain: boolean) => void>();

  constructor(host: ReactiveControllerHost, options: ReorderOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#endDrag();
    this.#settling?.done();
    this.#wake(false);
  }

  hostUpdate(): void {
    // The rows this update draws (the host computed them in willUpdate) show the todo at its new place.
    const settling = this.#settling;
    if (!settling || this.#options.view().rowAt(settling.to)?.id !== settling.id) return;
    this.announcement = this.#options.announce(settling.to + 1, this.#options.view().count);
    this.#focusAfterUpdate = settling.id;
    settling.done();
  }

  hostUpdated(): void {
    const id = this.#focusAfterUpdate;
    this.#focusAfterUpdate = undefined;
    if (id !== undefined) this.#focusHandle(id);
    // The rows are drawn as this update has them: a move waiting for a save looks again.
    this.#wake(true);
  }

  readonly onKeyDown = (event: KeyboardEvent): void => {
    if (!this.#options.enabled() || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const handle = event.composedPath()[0];
    if (!isHandle(handle)) return;
    const row = this.#rowOf(event);
    if (!row) return;
    event.preventDefault();
    const step = event.key === 'ArrowUp' ? -1 : 1;
    // Each press moves from where the press before left the todo.
    this.#enqueue(row.id, (from) => from + step);
  };

  readonly onPointerDown = (event: PointerEvent): void => {
    if (!this.#options.enabled() || event.button !== 0 || this.#drag) return;
    // The press lands on the handle or on its icon.
    const handle = event.composedPath().slice(0, 3).find(isHandle);
    if (!handle || (handle as HTMLButtonElement).disabled) return;
    const row = this.#rowOf(event);
    if (!row) return;
    // No text selection or native drag while the pointer moves the row; focus the handle as a click would.
    event.preventDefault();
    handle.focus();
    const drag = new RowDrag(
      {
        rows: () => this.#drawnRows(),
        onDrop: (id, from, to) => this.#enqueue(id, () => to, from),
        // Whatever ends it (drop, Escape, cancel), the next press may start another.
        onEnd: () => {
          if (this.#drag === drag) this.#drag = undefined;
        },
      },
      row,
      event,
    );
    this.#drag = drag;
  };

  #endDrag(): void {
    this.#drag?.end();
  }

  /**
   * Runs a move after the ones before it: `target` gets the todo's place then, and says where
   * it goes. `fromHint`: where the todo was when the move was asked for, should its row no
   * longer be drawn (a drag that scrolled far).
   */
  #enqueue(id: string, target: (from: number) => number, fromHint?: number): void {
    this.#queue = this.#queue.then(() => this.#move(id, target, fromHint));
  }

  async #move(id: string, target: (from: number) => number, fromHint?: number): Promise<void> {
    for (;;) {
      const view = this.#options.view();
      const from =
        this.#indexOf(view, id) ?? (fromHint !== undefined && view.rowAt(fromHint)?.id === id ? fromHint : undefined);
      if (from === undefined) return;
      const to = Math.max(0, Math.min(view.count - 1, target(from)));
      const place = placeFor(view, from, to);
      if (place) return this.#write(id, to, place);
      // A todo added a moment ago has no place in the order until its add is saved: the move
      // (and every one after it) waits for that, rather than being dropped.
      if (awaitsSave(view, from, to)) {
        if (await this.#nextUpdate()) continue;
        return;
      }
      // Nothing to move (already first or last): say where it is, so a keyboard user hears it.
      if (from === to) this.announcement = this.#options.announce(from + 1, view.count);
      this.#host.requestUpdate();
      return;
    }
  }

  /** Writes the move of `id` to place `to`, and waits until the rows show it there (or a while). */
  async #write(id: string, to: number, place: TodoPlace): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let resolveSettled = () => {};
    const settled = new Promise<void>((resolve) => (resolveSettled = resolve));
    const settling = {
      id,
      to,
      done: () => {
        clearTimeout(timer);
        if (this.#settling === settling) this.#settling = undefined;
        resolveSettled();
      },
    };
    this.#settling = settling;
    try {
      const moved = await this.#options.move(id, place);
      if (!moved) return settling.done();
      // Another tab may change the list meanwhile: stop waiting for this place after a while.
      if (this.#settling === settling) timer = setTimeout(settling.done, SETTLE_TIMEOUT_MS);
      this.#host.requestUpdate();
      await settled;
    } catch (error) {
      settling.done();
      this.#options.onError(asTodoError(error));
    }
  }

  /** Resolves after the host's next update: true to look again, false when the host went away. */
  #nextUpdate(): Promise<boolean> {
    return new Promise((resolve) => this.#waiting.add(resolve));
  }

  #wake(lookAgain: boolean): void {
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const resume of waiting) resume(lookAgain);
  }

  #indexOf(view: ListView, id: string): number | undefined {
    return this.#drawnRows().find((row) => row.id === id && view.rowAt(row.index)?.id === id)?.index;
  }

  #drawnRows(): (DrawnRow & { element: RowElement })[] {
    const container = this.#options.rows();
    if (!container) return [];
    const rows: (DrawnRow & { element: RowElement })[] = [];
    for (const element of container.querySelectorAll<RowElement & { todo?: Todo }>('[aria-posinset]')) {
      const id = element.todo?.id;
      if (id !== undefined) rows.push({ id, index: Number(element.getAttribute('aria-posinset')) - 1, element });
    }
    return rows;
  }

  #rowOf(event: Event): (DrawnRow & { element: RowElement }) | undefined {
    const path = event.composedPath();
    return this.#drawnRows().find((row) => path.includes(row.element));
  }

  #focusHandle(id: string): void {
    this.#drawnRows()
      .find((row) => row.id === id)
      ?.element.focusHandle?.();
  }
}
