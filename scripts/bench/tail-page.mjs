// Page-side helpers of the tail bench (scripts/bench/tail.mjs), passed to Playwright as functions:
// each runs in the page, so nothing here may close over driver state.

/**
 * Installed before any page script (context.addInitScript): Event Timing (every event of 16 ms or
 * more, the least the API reports) and long tasks (> 50 ms) from navigation on, and the time of
 * the last trusted key press. A browser without either API records nothing, which the driver
 * reports as n/a.
 */
export function tailInit() {
  const tail = { events: [], longtasks: [], supported: { event: false, longtask: false }, lastKey: null };
  window.__tail = tail;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        tail.events.push({ name: e.name, start: e.startTime, duration: e.duration, id: e.interactionId ?? 0 });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
    tail.supported.event = true;
  } catch {
    // no Event Timing
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tail.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    tail.supported.longtask = true;
  } catch {
    // no Long Tasks API
  }
  addEventListener(
    'keydown',
    (event) => {
      if (event.isTrusted) tail.lastKey = { key: event.key, at: performance.now() };
    },
    true,
  );
}

/** Now, on the page's clock: the start of a measured phase. */
export const pageNow = () => performance.now();

/**
 * What Event Timing and the long-task observer saw since `since`: the longest event of each
 * interaction (by interactionId; events without one are not interactions), and the long tasks.
 */
export function tailSince(since) {
  const byInteraction = new Map();
  for (const e of window.__tail.events) {
    if (e.start < since || !e.id) continue;
    byInteraction.set(e.id, Math.max(byInteraction.get(e.id) ?? 0, e.duration));
  }
  return {
    supported: window.__tail.supported,
    interactions: [...byInteraction.values()],
    longtasks: window.__tail.longtasks.filter((t) => t.start + t.duration >= since).map((t) => t.duration),
  };
}

/**
 * The centre of the checkbox of the `index`-th row drawn (viewport coordinates, for a trusted
 * mouse click), after scrolling the list's top into view; arms `window.__tailToggle`: the click's
 * time, and (widget) when `todo-toggle` says the change is durable.
 */
export async function armToggle(index) {
  scrollTo(0, 0);
  dispatchEvent(new Event('scroll'));
  await new Promise((resolve) => setTimeout(resolve, 30));
  const app = document.querySelector('todo-app');
  let box;
  if (app) {
    const rows = [
      ...(app.shadowRoot.querySelector('todo-list')?.shadowRoot?.querySelectorAll('[role=list] > todo-item') ?? []),
    ];
    const row = rows.filter((r) => r.todo && !r.hasAttribute('pending'))[index];
    box = row?.shadowRoot?.querySelector('input.toggle');
  } else {
    box = document.querySelectorAll('#list > li > input[type=checkbox]')[index];
  }
  if (!box) throw new Error(`no checkbox for row ${index}`);
  box.scrollIntoView({ block: 'center' });
  const rect = box.getBoundingClientRect();
  const state = { clickAt: null, savedAt: null };
  window.__tailToggle = state;
  addEventListener('click', () => (state.clickAt ??= performance.now()), { capture: true, once: true });
  document.addEventListener('todo-toggle', () => (state.savedAt ??= performance.now()), { once: true });
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

/** After the click: ms from it to `todo-toggle` (null where the page has no saved signal). */
export async function toggleResult(timeoutMs) {
  const state = window.__tailToggle;
  const started = performance.now();
  const widget = !!document.querySelector('todo-app');
  while (state.clickAt == null || (widget && state.savedAt == null)) {
    if (performance.now() - started > timeoutMs) throw new Error('toggle: click or todo-toggle not seen');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { saved: widget ? state.savedAt - state.clickAt : null };
}

/**
 * Opens the title of the `index`-th row drawn for editing and puts `title` in the field, focused:
 * the driver then presses Enter (trusted). Resolves once armed; `window.__tailRename` gets the
 * Enter's time and when `todo-rename` says the new title is durable.
 */
export async function armRename([index, title]) {
  const app = document.querySelector('todo-app');
  const rows = [...app.shadowRoot.querySelector('todo-list').shadowRoot.querySelectorAll('[role=list] > todo-item')];
  const row = rows.filter((r) => r.todo && !r.hasAttribute('pending'))[index];
  if (!row) throw new Error(`no row ${index} to rename`);
  row.shadowRoot.querySelector('li').dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
  await row.updateComplete;
  const field = row.shadowRoot.querySelector('input.edit');
  if (!field) throw new Error('the edit field did not open');
  field.focus();
  field.value = title;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  const state = { savedAt: null };
  window.__tailRename = state;
  document.addEventListener('todo-rename', () => (state.savedAt ??= performance.now()), { once: true });
  window.__tail.lastKey = null;
  return true;
}

export async function renameResult(timeoutMs) {
  const state = window.__tailRename;
  const started = performance.now();
  while (state.savedAt == null || window.__tail.lastKey?.key !== 'Enter') {
    if (performance.now() - started > timeoutMs) throw new Error('rename: todo-rename not seen');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { saved: state.savedAt - window.__tail.lastKey.at };
}

/** The new-todo field focused and empty (the widget's, or the plain pages' #new). */
export async function focusNewTodo() {
  const app = document.querySelector('todo-app');
  const input = app
    ? app.shadowRoot.querySelector('todo-input')?.shadowRoot?.querySelector('input')
    : document.getElementById('new');
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.focus();
  return true;
}

/** The widget's search field shown, focused and empty. */
export async function focusSearch() {
  const app = document.querySelector('todo-app');
  app.searchable = true;
  await app.ready;
  await app.updateComplete;
  const field = app.shadowRoot.querySelector('todo-search')?.shadowRoot?.querySelector('input');
  if (!field) throw new Error('no search field');
  field.value = '';
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  field.focus();
  return true;
}

/** Another tab's search: the field holds `text`, as if typed (the results load in the leader). */
export async function setSearch(text) {
  const app = document.querySelector('todo-app');
  if (!app.searchable) {
    app.searchable = true;
    await app.ready;
    await app.updateComplete;
  }
  const field = app.shadowRoot.querySelector('todo-search')?.shadowRoot?.querySelector('input');
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  return true;
}

/** Imports 10,000 new todos (JSON text, as a file) into `list`, replacing what it held; resolves how many were added. */
export async function importReplacing(list) {
  const now = new Date().toISOString();
  const todos = Array.from({ length: 10000 }, (_, i) => ({
    id: crypto.randomUUID(),
    title: `imported todo ${i}`,
    completed: i % 3 === 0,
    createdAt: now,
    updatedAt: now,
    dueAt: null,
    order: i,
  }));
  const text = JSON.stringify({ format: 'todo-widget', version: 1, list, exportedAt: now, todos });
  const result = await window.todoWidget.getTodoRepository().importFile(list, text, 'todos.json', { mode: 'replace' });
  return result.added;
}
