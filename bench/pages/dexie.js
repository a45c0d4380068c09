// The peer: the same todo list with Dexie.js and liveQuery (what most web developers would
// pick), rendered with a keyed plain-DOM diff of each result. Dexie's defaults as shipped.
import Dexie, { liveQuery } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { install, keyedList, plainDomProbe } from './probe.js';

const params = new URLSearchParams(location.search);
const list = params.get('list') ?? 'bench';
const marks = { module_loaded_ms: Math.round(performance.now()) };

const db = new Dexie(`bench-dexie-${params.get('db') ?? 'bench'}`);
db.version(1).stores({ todos: 'id, [list+id]' });

const input = document.getElementById('new');
const toggleAllBox = document.getElementById('toggle-all');
const ul = document.getElementById('list');
const countEl = document.getElementById('count');
let error = null;

const rowsOf = (name) => db.todos.where('[list+id]').between([name, Dexie.minKey], [name, Dexie.maxKey]);

/** Renders each liveQuery result with a keyed diff (probe.js keyedList). */
function keyedView(container, listName, onFirst) {
  const render = keyedList(container, (id, completed) => db.todos.update(id, { completed, updated_at: new Date() }));
  let first = true;
  return liveQuery(() => rowsOf(listName).toArray()).subscribe({
    next(todos) {
      render(todos);
      if (first) {
        first = false;
        onFirst?.();
      }
    },
    error(e) {
      error = String(e);
    },
  });
}

const seeding = params.has('seed');
const shown = () => {
  marks.live_ready_ms = Math.round(performance.now());
  ul.setAttribute('aria-busy', 'false');
};
if (seeding) db.open().then(shown, (e) => (error = String(e)));
else keyedView(ul, list, shown);
if (!seeding)
  liveQuery(async () => {
    const all = await rowsOf(list).toArray();
    return { total: all.length, active: all.filter((t) => !t.completed).length };
  }).subscribe((counts) => {
    countEl.textContent = String(counts.active);
    toggleAllBox.checked = counts.total > 0 && counts.active === 0;
  });

const newTodo = (title, listName) => {
  const now = new Date();
  return { id: uuidv7(), list: listName, title, completed: false, created_at: now, updated_at: now };
};

input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  const title = input.value.trim();
  if (!title) return;
  input.value = '';
  db.todos.add(newTodo(title, list)).then(() => window.bench.acked(title));
});
toggleAllBox.addEventListener('change', () => {
  const completed = toggleAllBox.checked;
  rowsOf(list).modify((todo) => {
    if (todo.completed !== completed) {
      todo.completed = completed;
      todo.updated_at = new Date();
    }
  });
});

install({
  name: 'dexie',
  ...plainDomProbe({ input, ul, toggleAllBox, marks, error: () => error }),
  async bulkView(name) {
    const container = document.createElement('ul');
    document.body.append(container);
    let ready;
    const first = new Promise((r) => (ready = r));
    const subscription = keyedView(container, name, ready);
    await first;
    return {
      observeRoot: () => container,
      rows: () => [...container.children],
      remove: () => (subscription.unsubscribe(), container.remove()),
    };
  },
  bulkAdd: (titles, listName) => db.todos.bulkAdd(titles.map((title) => newTodo(title, listName))),
  async statements(n) {
    const insert = [];
    const select1 = [];
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await db.todos.add(newTodo(`write ${i}`, 'bench-writes'));
      insert.push(performance.now() - t);
      t = performance.now();
      await db.todos.get('00000000-0000-0000-0000-000000000000');
      select1.push(performance.now() - t);
    }
    return { insert, select1 };
  },
});
