import type { ReactiveControllerHost } from 'lit';
import type { WindowRange } from '../db/client';
import type { TodoFilter, TodoWindow, TodoWindowSubscription } from '../db/repositories/todos';
import { prepareSnapshotReads } from '../registry';
import { TodoError } from '../errors';
import { LiveSubscriptionController } from './live-subscription-controller';
import type { RowRange } from './viewport-controller';

export interface TodoWindowOptions {
  /**
   * The list, filter and search text (blank: no search), read on every host update; a change
   * subscribes again (at the window last asked for).
   */
  readonly args: () => WindowArgs;
  /** The window to start with, before the host knows what it shows. */
  readonly initialRange: () => WindowRange;
  /** Called with each result, before the host re-renders. */
  readonly onResult?: (window: TodoWindow) => void;
  /** Called once per failed subscription. */
  readonly onError?: (error: TodoError) => void;
}

/** The list, the filter, and the search text (blank for the whole list). */
export type WindowArgs = readonly [list: string, filter: TodoFilter, query: string];

const sameRange = (a: WindowRange, b: WindowRange) => a.offset === b.offset && a.limit === b.limit;

/**
 * Rows asked of the database beyond those drawn, on each side: scrolling that far needs no
 * round trip, and a list scrolled to its end gets the rows added there in the same window.
 */
export const FETCH_MARGIN_ROWS = 60;
/** A new window is asked for when the drawn rows come this close to an edge of the one there is. */
export const PREFETCH_ROWS = 20;

/** The window to ask for to draw the rows `drawn`: them and `FETCH_MARGIN_ROWS` on each side. */
export function windowAround(drawn: RowRange): WindowRange {
  const offset = Math.max(0, drawn.start - FETCH_MARGIN_ROWS);
  return { offset, limit: drawn.end + FETCH_MARGIN_ROWS - offset };
}

/**
 * The fetch policy: a new window (see `windowAround`) when the rows `drawn`, of `count`, come
 * within `PREFETCH_ROWS` of an edge of the window `have` (or leave it); `undefined` while
 * `have` still covers them with room to scroll.
 */
export function windowToFetch(drawn: RowRange, have: WindowRange, count: number): WindowRange | undefined {
  const haveEnd = have.offset + have.limit;
  const shortBefore = drawn.start < have.offset || (have.offset > 0 && drawn.start - PREFETCH_ROWS < have.offset);
  const shortAfter = drawn.end > haveEnd || (haveEnd < count && drawn.end + PREFETCH_ROWS > haveEnd);
  return shortBefore || shortAfter ? windowAround(drawn) : undefined;
}

/**
 * Keeps a host subscribed to a window of a list's todos while it is connected (see
 * `TodoRepository.subscribeWindow`), and moves that window when the host asks for other rows,
 * without subscribing again. Results of a superseded subscription are dropped.
 */
export class TodoWindowController extends LiveSubscriptionController<TodoWindow, WindowArgs, TodoWindowSubscription> {
  readonly #options: TodoWindowOptions;
  /** The window the subscription was last asked for. */
  #range?: WindowRange;
  /** The window the current subscription started at. */
  #startRange?: WindowRange;
  /** Counts snapshot reads, so one for a superseded subscription, or after the first result, is dropped. */
  #snapshotRead = 0;

  /**
   * Until the subscription's first result, the list's first rows from the window snapshot, if the
   * page had no database when it subscribed and the snapshot is current (see
   * `TodoRepository.snapshotWindow`): real rows to show while the database starts.
   */
  snapshot?: TodoWindow;

  constructor(host: ReactiveControllerHost, options: TodoWindowOptions) {
    super(host, options);
    this.#options = options;
    prepareSnapshotReads();
    host.addController(this);
  }

  /** The window last asked for (its rows may still be on the way). */
  get range(): WindowRange {
    return (this.#range ??= this.#options.initialRange());
  }

  /**
   * Once rows have arrived, moves the window if the rows `drawn` (of `count`) call for it
   * (see `windowToFetch`); the host re-renders when the rows arrive.
   */
  cover(drawn: RowRange, count: number): void {
    if (this.status !== 'ready') return;
    const range = windowToFetch(drawn, this.range, count);
    if (range) this.request(range);
  }

  /** Asks for other rows; the host re-renders when they arrive. */
  request(range: WindowRange): void {
    if (sameRange(range, this.range)) return;
    this.#range = range;
    this.#move(range);
  }

  protected override subscribe(
    [list, filter, query]: WindowArgs,
    deliver: (window: TodoWindow) => void,
  ): Promise<TodoWindowSubscription> {
    const startRange = this.range.offset >= 0 ? this.range : this.#options.initialRange();
    this.#startRange = startRange;
    const repository = this.database.services.todos;
    const read = ++this.#snapshotRead;
    this.snapshot = undefined;
    // A search is its own live query (ranked), not a filter on the list's window, and has no snapshot.
    if (query.trim()) return repository.subscribeSearchWindow(list, filter, query, startRange, deliver);
    void repository.snapshotWindow(list, filter).then((window) => {
      if (read !== this.#snapshotRead || !window) return;
      this.snapshot = window;
      this.host.requestUpdate();
    });
    return repository.subscribeWindow(list, filter, startRange, (window) => {
      // The live rows replace the snapshot's, in the same update.
      if (read === this.#snapshotRead) {
        this.#snapshotRead++;
        this.snapshot = undefined;
      }
      deliver(window);
    });
  }

  protected override unsubscribe(subscription: TodoWindowSubscription): Promise<void> {
    return subscription.unsubscribe();
  }

  protected override subscribed(): void {
    // The host asked for other rows while the subscription started.
    if (this.#startRange && !sameRange(this.range, this.#startRange)) this.#move(this.range);
  }

  #move(range: WindowRange): void {
    const subscription = this.subscription;
    // Not subscribed yet: the subscription moves once it runs.
    if (!subscription) return;
    subscription.move(range).catch((error: unknown) => {
      // A window that did not move is asked for again at the next render.
      if (this.subscription === subscription && this.#range === range) this.#range = { offset: -1, limit: 0 };
      if (!(error instanceof TodoError)) console.error('todo-widget: could not move the list window', error);
      this.host.requestUpdate();
    });
  }
}
