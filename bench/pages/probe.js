// In-page measuring for `npm run bench`, shared by the widget, baseline and Dexie pages.
// Each page hands install() an adapter that knows its DOM; everything timed here is timed
// in the page (performance.now(), MutationObserver), never by the driver's round trips.
// Times that cross tabs are absolute: performance.timeOrigin + performance.now().

const now = () => performance.now();
const abs = (t) => performance.timeOrigin + t;
const round = (t) => (t == null ? null : Math.round(t * 100) / 100);

let lastEnterAt = null;
// Capture on window: the Enter key reaches it first, before any handler in a shadow root.
addEventListener(
  'keydown',
  (event) => {
    if (event.key === 'Enter') lastEnterAt = now();
  },
  true,
);

/** Resolves the first time check() is truthy, checking every ~2 ms and after every task. */
function poll(check, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const started = now();
    const tick = () => {
      let value;
      try {
        value = check();
      } catch {
        value = undefined;
      }
      if (value) return resolve({ at: now(), value });
      if (now() - started > timeoutMs) return reject(new Error(`poll timed out after ${timeoutMs} ms`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

/**
 * Scrolls the page to its end, where new todos appear, as a user watching for them would: a
 * windowed list (the widget's) draws only the rows in view. A hidden tab gets no frames and so
 * no scroll event, hence the synthetic one; then a task passes for the list to draw.
 */
async function revealEnd() {
  scrollTo(0, document.documentElement.scrollHeight);
  dispatchEvent(new Event('scroll'));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The next frame after t: when the browser is about to paint what the DOM had at t. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(now())));

/**
 * @param adapter {{
 *   name: string,
 *   input(): HTMLInputElement | null,            // the new-todo field, once it accepts text
 *   observeRoot(): Node | null,                  // where rows are inserted (observed with subtree)
 *   rows(): Element[],                           // current rows in the DOM, in order
 *   rowCount?(): number,                         // rows in the list, drawn or not (a windowed list); default rows().length
 *   lastRowShown?(): boolean,                    // a windowed list: its last row is drawn with its real todo
 *   rowTitle(row: Element): string | undefined,
 *   pendingAttr?: string,                        // attribute present while a row is not durable
 *   completedAttr: string,                       // attribute present while a row is done
 *   ready(): boolean,                            // list shown, not busy
 *   toggleRow(row: Element): void,
 *   toggleAll(): void,
 *   error(): string | null,
 *   phases(): object,
 *   bulkView?(list: string): Promise<{ observeRoot(): Node, rows(): Element[], count?(): number }>,
 *   bulkAdd(titles: string[], list: string): Promise<unknown>,
 *   statements?(n: number): Promise<{ insert: number[], select1: number[] }>,
 * }} adapter
 */
export function install(adapter) {
  const acks = new Map(); // title -> time the write was acknowledged (set by the page)
  const state = { startup: null };

  const startup = (async () => {
    const result = {};
    const input = poll(() => adapter.input()).then(({ at }) => (result.input_ready_ms = round(at)));
    // The first rows drawn, by title: the bench checks they are the rows the list shows once ready.
    const titles = () =>
      adapter
        .rows()
        .slice(0, 10)
        .map((row) => adapter.rowTitle(row) ?? null);
    const firstRow = poll(() => adapter.rows().length > 0, 600_000)
      .then(({ at }) => {
        result.first_row_ms = round(at);
        result.rows_at_first_row = adapter.rows().length;
        result.first_titles = titles();
      })
      .catch(() => undefined);
    const ready = poll(() => {
      const error = adapter.error();
      if (error) throw Object.assign(new Error(error), { fatal: true });
      return adapter.ready();
    }, 600_000).then(({ at }) => (result.ready_ms = round(at)));
    await Promise.all([input, ready]);
    // "list shown": for a non-empty list the first row comes with ready, or just after.
    await Promise.race([firstRow, new Promise((r) => setTimeout(r, 50))]);
    result.rows_at_ready = adapter.rows().length;
    result.ready_titles = titles();
    result.phases = adapter.phases();
    return result;
  })().then((result) => (state.startup = result));

  /** Watches for a row titled `title`: resolves when it is in the DOM, and when it is no longer pending. */
  function watchRow(title, root = adapter.observeRoot(), rowsOf = adapter.rows) {
    let seenAt = null;
    let frameAt = null;
    let notPendingAt = null;
    let row = null;
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    const pendingAttr = adapter.pendingAttr;
    const check = (candidates) => {
      if (!row) {
        for (const node of candidates) {
          if (node.nodeType === 1 && adapter.rowTitle(node) === title) {
            row = node;
            seenAt = now();
            nextFrame().then((t) => (frameAt = t));
            break;
          }
        }
      }
      if (row && notPendingAt == null && (!pendingAttr || !row.hasAttribute(pendingAttr))) notPendingAt = now();
      if (row && notPendingAt != null) {
        observer.disconnect();
        done();
      }
    };
    const observer = new MutationObserver((records) => {
      const added = [];
      for (const record of records) {
        if (record.type === 'childList') added.push(...record.addedNodes);
      }
      check(added);
    });
    observer.observe(root, {
      childList: true,
      subtree: true,
      attributes: !!pendingAttr,
      attributeFilter: pendingAttr ? [pendingAttr] : undefined,
    });
    // Already there (e.g. another tab was faster than the arming round trip)?
    for (const node of rowsOf()) if (adapter.rowTitle(node) === title) check([node]);
    return {
      finished,
      result: () => ({ seenAt, frameAt, notPendingAt, seenAbs: seenAt == null ? null : abs(seenAt) }),
      stop: () => observer.disconnect(),
    };
  }

  let armed = null;
  let remote = null;

  window.bench = {
    adapter: adapter.name,
    startup: () => startup,
    acked(title) {
      acks.set(title, now());
    },
    rowCount: () => adapter.rowCount?.() ?? adapter.rows().length,

    /** Puts `title` in the new-todo field and arms the watchers; the driver then presses Enter. */
    async prepareAdd(title) {
      await revealEnd();
      const input = adapter.input();
      input.focus();
      input.value = title;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      lastEnterAt = null;
      acks.delete(title);
      armed = { title, watch: watchRow(title) };
      return true;
    },
    /** After Enter: { screen, frame, ack } in ms from the key press. */
    async addResult(timeoutMs = 120_000) {
      const { title, watch } = armed;
      const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`row "${title}" not shown/acknowledged in ${timeoutMs} ms`)), timeoutMs),
      );
      await Promise.race([watch.finished, timeout]);
      await poll(() => acks.has(title), timeoutMs);
      await poll(() => watch.result().frameAt != null, 1000).catch(() => undefined);
      const r = watch.result();
      const t0 = lastEnterAt;
      const ackAt = Math.max(acks.get(title), r.notPendingAt ?? 0);
      return {
        enterAbs: abs(t0),
        screen: round(r.seenAt - t0),
        frame: r.frameAt == null ? null : round(r.frameAt - t0),
        ack: round(ackAt - t0),
        rows: adapter.rows().length,
      };
    },
    /** In the other tab: arm before the add, then read when the row showed (absolute time). */
    async watchRemote(title) {
      await revealEnd();
      remote = watchRow(title);
      return true;
    },
    async remoteResult(timeoutMs = 120_000) {
      const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('row not shown in the other tab')), timeoutMs),
      );
      await Promise.race([remote.finished, timeout]);
      return remote.result().seenAbs;
    },

    /** Clicks the checkbox of row `index`; resolves ms until that row shows the new state. */
    async toggle(index, timeoutMs = 120_000) {
      const rows = adapter.rows();
      const row = rows[Math.min(index, rows.length - 1)];
      const title = adapter.rowTitle(row);
      const attr = adapter.completedAttr;
      const before = row.hasAttribute(attr);
      const root = adapter.observeRoot();
      const findRow = () => adapter.rows().find((r) => adapter.rowTitle(r) === title);
      let t0;
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const current = findRow();
          if (current && current.hasAttribute(attr) !== before) {
            observer.disconnect();
            resolve(now());
          }
        });
        observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [attr] });
      });
      t0 = now();
      adapter.toggleRow(row);
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('toggle not shown')), timeoutMs));
      const at = await Promise.race([changed, timeout]);
      return { ms: round(at - t0), to: !before };
    },

    /** Clicks "Mark all as complete"; resolves ms until every row shows the new state. */
    async toggleAll(timeoutMs = 300_000) {
      const attr = adapter.completedAttr;
      // "Mark all" follows the counts, which may lag the rows: wait until it agrees with them,
      // or the click would re-apply the state already shown.
      const settled = await poll(
        () => adapter.toggleAllChecked() === adapter.rows().every((r) => r.hasAttribute(attr)),
        30_000,
      )
        .then(() => true)
        .catch(() => false);
      const rows = adapter.rows();
      const target = !rows.every((r) => r.hasAttribute(attr));
      const root = adapter.observeRoot();
      const total = rows.length;
      const allDone = () => {
        const current = adapter.rows();
        return current.length >= total && current.every((r) => r.hasAttribute(attr) === target);
      };
      // Attribute records are counted (cheap); a full check confirms, at most every 20 ms,
      // and a timer catches a final state that no further record announces.
      let wrong = rows.filter((r) => r.hasAttribute(attr) !== target).length;
      let lastFull = 0;
      let observer;
      let timer;
      const changed = new Promise((resolve) => {
        const finish = () => {
          observer.disconnect();
          clearInterval(timer);
          resolve(now());
        };
        const full = () => {
          lastFull = now();
          if (allDone()) finish();
        };
        observer = new MutationObserver((records) => {
          let structural = false;
          for (const record of records) {
            if (record.type === 'attributes') wrong += record.target.hasAttribute(attr) === target ? -1 : 1;
            else structural = true;
          }
          if (wrong <= 0 || structural || now() - lastFull > 20) full();
        });
        observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [attr] });
        timer = setInterval(full, 50);
      });
      const t0 = now();
      adapter.toggleAll();
      const timeout = new Promise((_, reject) =>
        setTimeout(() => {
          observer.disconnect();
          clearInterval(timer);
          const current = adapter.rows();
          const off = current.filter((r) => r.hasAttribute(attr) !== target).length;
          reject(
            new Error(
              `toggle all to ${target} not shown after ${timeoutMs} ms: ${off} of ${current.length} rows (started with ${total}) still ${!target}`,
            ),
          );
        }, timeoutMs),
      );
      const at = await Promise.race([changed, timeout]);
      return { ms: round(at - t0), to: target, rows: total, settled };
    },

    /** Adds `count` todos to a new list in one call of the public bulk API; ms until all are rendered (counted, if the list is windowed). */
    async bulkAdd(list, count, timeoutMs = 300_000) {
      const view = await adapter.bulkView(list);
      const titles = Array.from({ length: count }, (_, i) => `bulk ${list} ${i}`);
      const root = view.observeRoot();
      const shown = () => view.count?.() ?? view.rows().length;
      let t0;
      const all = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (shown() >= count) {
            observer.disconnect();
            resolve(now());
          }
        });
        // A windowed list says its new size in aria-setsize, which can change without a row coming or going.
        observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-setsize'] });
      });
      t0 = now();
      const committed = adapter.bulkAdd(titles, list).then(() => now());
      const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('bulk rows not rendered')), timeoutMs),
      );
      const at = await Promise.race([all, timeout]);
      const committedAt = await committed;
      view.remove?.();
      return { ms: round(at - t0), committed_ms: round(committedAt - t0) };
    },

    /** Seeds `count` todos titled `prefix i` in batches of `batch`, each one call of the bulk API. */
    async seed(list, count, batch = 1000, prefix = 'todo') {
      const t0 = now();
      for (let i = 0; i < count; i += batch) {
        const titles = Array.from({ length: Math.min(batch, count - i) }, (_, j) => `${prefix} ${i + j}`);
        await adapter.bulkAdd(titles, list);
      }
      return round(now() - t0);
    },

    /**
     * A far jump: scrolls to the top (its rows drawn), then to the end; ms from that scroll to the
     * list's last row drawn with its real todo (a windowed list draws placeholders until its
     * window arrives; a list that renders every row has it already, so this is one task).
     */
    async windowMove(timeoutMs = 60_000) {
      const lastShown = adapter.lastRowShown ?? (() => adapter.rows().length > 0);
      const where = () =>
        `scrollY ${scrollY} of ${document.documentElement.scrollHeight}, ${adapter.rows().length} rows drawn, visibility ${document.visibilityState}`;
      const toTop = () => {
        scrollTo(0, 0);
        dispatchEvent(new Event('scroll'));
      };
      toTop();
      // Again until it holds: right after an add the widget keeps the list's end in view for a moment.
      await poll(
        () => (scrollY > 0 ? toTop() : adapter.rows().length > 0 && (!adapter.lastRowShown || !lastShown())),
        timeoutMs,
      ).catch((error) => {
        throw new Error(`the top was not drawn (${where()}): ${error.message}`);
      });
      // Not a frame: a tab in the background gets none (see revealEnd).
      await new Promise((resolve) => setTimeout(resolve, 50));
      const t0 = now();
      scrollTo(0, document.documentElement.scrollHeight);
      dispatchEvent(new Event('scroll'));
      const { at } = await poll(lastShown, timeoutMs).catch((error) => {
        throw new Error(`the end was not drawn (${where()}): ${error.message}`);
      });
      return { ms: round(at - t0), rows: adapter.rows().length };
    },

    statements: (n) => adapter.statements(n),
    /** Dead rows and size of the todos table, where the page can ask its database. */
    tableHealth: () => adapter.tableHealth?.() ?? null,
    phases: () => adapter.phases(),
    /** DOM nodes under the list, shadow roots included. */
    listNodes() {
      let count = 0;
      const walk = (node) => {
        count++;
        if (node.shadowRoot) walk(node.shadowRoot);
        for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
      };
      const root = adapter.observeRoot();
      if (root) walk(root);
      return { nodes: count, rows: adapter.rows().length };
    },
  };
}

/**
 * The probe fields the plain-DOM pages (baseline, Dexie) share: one <ul> of keyed rows
 * (checkbox first, title last), a toggle-all checkbox, and the page's start-up marks.
 */
export function plainDomProbe({ input, ul, toggleAllBox, marks, error }) {
  return {
    input: () => input,
    observeRoot: () => ul,
    rows: () => [...ul.children],
    rowTitle: (row) => row.lastChild?.textContent,
    completedAttr: 'data-completed',
    ready: () => ul.getAttribute('aria-busy') === 'false',
    error,
    toggleRow: (row) => row.firstChild.click(),
    toggleAll: () => toggleAllBox.click(),
    toggleAllChecked: () => toggleAllBox.checked,
    phases: () => marks,
  };
}

/**
 * A keyed plain-DOM list for the baseline and Dexie pages: render(rows) reuses rows by id,
 * updates what changed and moves only what moved (what a careful hand-written app does).
 */
export function keyedList(container, onToggle) {
  const nodes = new Map();
  return function render(todos) {
    const seen = new Set();
    let prev = null;
    for (const todo of todos) {
      seen.add(todo.id);
      let li = nodes.get(todo.id);
      if (!li) {
        li = document.createElement('li');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.addEventListener('change', () => onToggle(li.dataset.id, box.checked));
        const span = document.createElement('span');
        li.append(box, span);
        li.dataset.id = todo.id;
        nodes.set(todo.id, li);
      }
      if (li.lastChild.textContent !== todo.title) li.lastChild.textContent = todo.title;
      if (li.hasAttribute('data-completed') !== todo.completed) {
        li.firstChild.checked = todo.completed;
        li.toggleAttribute('data-completed', todo.completed);
      }
      const expected = prev ? prev.nextSibling : container.firstChild;
      if (expected !== li) {
        if (prev) prev.after(li);
        else container.prepend(li);
      }
      prev = li;
    }
    for (const [id, li] of nodes) {
      if (!seen.has(id)) {
        li.remove();
        nodes.delete(id);
      }
    }
  };
}
