// What every <todo-app> of a page showed, frame by frame, from the page's first script on: for
// tests about the first paint of a warm start (the rows a page draws from the window snapshot
// before its database runs). Sampled in requestAnimationFrame, i.e. what each frame paints.

/** Adds the recorder to every page of `context` (an init script): `window.__frames`, one entry per change. */
export async function recordFrames(context) {
  await context.addInitScript(() => {
    window.__frames = [];
    const started = performance.now();
    const read = () =>
      [...document.querySelectorAll('todo-app')].map((app) => {
        const list = app.shadowRoot?.querySelector('todo-list');
        const section = list?.shadowRoot?.querySelector('section.main');
        const rows = [...(list?.shadowRoot?.querySelectorAll('[role="list"] > todo-item') ?? [])].map((item) => ({
          position: Number(item.getAttribute('aria-posinset')),
          title: item.shadowRoot?.querySelector('[data-testid="todo-title"]')?.textContent ?? null,
          completed: item.shadowRoot?.querySelector('input.toggle')?.checked ?? null,
          pending: item.hasAttribute('pending'),
        }));
        const footer = app.shadowRoot?.querySelector('todo-footer');
        const counter =
          footer && getComputedStyle(footer).display !== 'none'
            ? (footer.shadowRoot?.querySelector('[data-testid="todo-count"]')?.textContent?.trim() ?? null)
            : null;
        return {
          database: app.getAttribute('database') ?? '',
          list: app.getAttribute('list'),
          // aria-busy stays "true" until the live rows are in, also while snapshot rows are drawn.
          live: section?.getAttribute('aria-busy') === 'false',
          rows,
          counter,
        };
      });
    let last = '';
    const sample = () => {
      const apps = read();
      const key = JSON.stringify(apps);
      if (key !== last) {
        last = key;
        window.__frames.push({ at: Math.round(performance.now()), apps });
      }
      if (performance.now() - started < 120_000) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

/** The frames `page` recorded so far. */
export const framesOf = (page) => page.evaluate(() => window.__frames ?? []);

/** The footer's text for these todos, or null when the footer is hidden (no todos). */
export function counterFor(todos) {
  if (todos.length === 0) return null;
  const active = todos.filter((todo) => !todo.completed).length;
  return `${active} ${active === 1 ? 'item' : 'items'} left`;
}

/**
 * What is wrong with one app's state in one frame against `todos`, the database's rows of its
 * list (oldest first): a row that is not the todo at its place (title, state), a pending row, a
 * wrong counter. An empty array: everything drawn is real.
 */
export function problemsOf(app, todos) {
  const problems = [];
  for (const row of app.rows) {
    const todo = todos[row.position - 1];
    if (!todo) problems.push(`row ${row.position} "${row.title}" is not in the database (it has ${todos.length} rows)`);
    else if (todo.title !== row.title || todo.completed !== row.completed) {
      problems.push(
        `row ${row.position} shows "${row.title}" ${row.completed ? 'done' : 'not done'}, the database has "${todo.title}" ${todo.completed ? 'done' : 'not done'}`,
      );
    }
    if (row.pending) problems.push(`row ${row.position} "${row.title}" is pending`);
  }
  if (app.counter !== null && app.counter !== counterFor(todos))
    problems.push(`the counter says "${app.counter}", the database "${counterFor(todos)}"`);
  return problems;
}

/** The todos of `list` in `database` (empty: the default one), oldest first, through the page's client. */
export const storedRows = (page, list, database = '') =>
  page.evaluate(
    ([list, database]) =>
      window.todoWidget
        .getDatabaseClient(database || undefined)
        .query('select id, title, completed from todos where list = $1 order by position, id', [list], {
          idempotent: true,
        }),
    [list, database],
  );
