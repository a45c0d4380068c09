import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TodoCounts } from '../db/repositories/todos';
import type { Todo } from '../db/todo';

export interface MarkAllOptions {
  /** The list the checkbox marks; read at each click. */
  readonly list: () => string;
  /** The list's counts, `undefined` until they arrive; read on every host update. */
  readonly counts: () => TodoCounts | undefined;
  /** Marks every todo of the list complete or not. */
  readonly markAll: (completed: boolean) => Promise<unknown>;
  /** How long after a mark-all the counts win even if they never agreed with it. Default 2 s. */
  readonly settleMs?: number;
}

/**
 * What the last click asked for, from the click on: the checkbox shows it until counts received
 * after its write agree (`box`), the rows until rows received after its write (`rows`). One record,
 * so a new click or a failure ends both at once.
 */
interface MarkAllClick {
  readonly list: string;
  readonly completed: boolean;
  /** The counts the host had at the click: only counts received since may end `box`. */
  readonly countsAtClick: TodoCounts | undefined;
  saved: boolean;
  box: boolean;
  rows: boolean;
}

/**
 * The "Mark all as complete" checkbox state: what the counts say (every todo completed), except
 * that after a click, until its write is saved and counts received since the click agree (they
 * are a live query that arrives around the write's answer), it shows what was asked, so a second
 * click can't re-send the same request. Counts that merely agree are not enough: checked then at
 * once unchecked, the unchecked click agrees with the counts from before either write, and the
 * first write's counts (all completed) arrive after it — the box must not flip back. If the counts never agree
 * (another tab changed the list meanwhile), they win after `settleMs`. The timer is cleared when
 * the host disconnects.
 *
 * The rows show the click at once too (`overlay`), until the host receives rows read after the
 * write (`seen`): a row unchecked right after "Mark all" must be a checked row the user unchecks,
 * whose own write then goes after Mark all's, not an unchecked row a click would check (or that
 * a test tool leaves alone) while Mark all is still on its way.
 */
export class MarkAllController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: MarkAllOptions;
  /** The last mark-all, while the checkbox or the rows may not show it from the database yet. */
  #click?: MarkAllClick;
  #settleTimer?: ReturnType<typeof setTimeout>;
  #connected = false;
  /** The row shown for each row received, per mark-all: the same object while nothing changes. */
  #overlaid = new WeakMap<object, { click: MarkAllClick; row: Todo }>();

  constructor(host: ReactiveControllerHost, options: MarkAllOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Whether the checkbox is checked. */
  get checked(): boolean {
    const click = this.#click;
    return click?.box ? click.completed : this.#counted();
  }

  /** Whether the checkbox is disabled: no counts yet, or no todos. */
  get disabled(): boolean {
    const counts = this.#options.counts();
    return !counts || counts.total === 0;
  }

  /**
   * Marks every todo complete (or not), showing that at once; resolves once written.
   * @throws what `markAll` throws; the checkbox then follows the counts again.
   */
  async set(completed: boolean): Promise<void> {
    const click: MarkAllClick = {
      list: this.#options.list(),
      completed,
      countsAtClick: this.#options.counts(),
      saved: false,
      box: true,
      rows: true,
    };
    this.#click = click;
    this.#clearTimer();
    this.#host.requestUpdate();
    try {
      await this.#options.markAll(completed);
    } catch (error) {
      if (this.#click === click) this.#click = undefined;
      this.#host.requestUpdate();
      throw error;
    }
    click.saved = true;
    if (!this.#connected || this.#click !== click) return;
    // Counts that arrived before the answer may already agree: the next update ends it then.
    this.#host.requestUpdate();
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      if (this.#click === click && click.box) {
        this.#end(click, 'box');
        this.#host.requestUpdate();
      }
    }, this.#options.settleMs ?? 2_000);
  }

  /**
   * `row` as the last mark-all makes it while the host's rows may not have it yet (the same
   * object when it changes nothing, and the same overlaid object on every update until then, so
   * a row element is not handed a "new" todo that would undo a click made on it since).
   */
  overlay<T extends Todo>(row: T): T {
    const click = this.#click;
    if (!click?.rows || row.completed === click.completed || row.list !== click.list) return row;
    const cached = this.#overlaid.get(row);
    if (cached?.click === click) return cached.row as T;
    const overlaid = { ...row, completed: click.completed };
    this.#overlaid.set(row, { click, row: overlaid });
    return overlaid;
  }

  /** The host received rows: read after a saved mark-all, they have it (and whatever came after). */
  seen(): void {
    const click = this.#click;
    if (click?.saved && click.rows) this.#end(click, 'rows');
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostUpdate(): void {
    const click = this.#click;
    if (
      click?.box &&
      click.saved &&
      this.#options.counts() !== click.countsAtClick &&
      click.completed === this.#counted()
    ) {
      this.#end(click, 'box');
    }
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#clearTimer();
    // The counts and rows subscribe again on reconnect: they are what the checkbox and rows show then.
    this.#click = undefined;
  }

  /** The checkbox or the rows no longer show `click` over the database's state; the record goes once neither does. */
  #end(click: MarkAllClick, part: 'box' | 'rows'): void {
    click[part] = false;
    if (!click.box && !click.rows && this.#click === click) this.#click = undefined;
  }

  #counted(): boolean {
    const counts = this.#options.counts();
    return counts !== undefined && counts.total > 0 && counts.active === 0;
  }

  #clearTimer(): void {
    if (this.#settleTimer !== undefined) clearTimeout(this.#settleTimer);
    this.#settleTimer = undefined;
  }
}
