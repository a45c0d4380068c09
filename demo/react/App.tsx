import { useCallback, useState } from 'react';
import type { TodoToggleDetail } from 'todo-widget';
// <todo-app>'s properties and ontodo-* events in JSX, typed (generated from the manifest).
import type {} from 'todo-widget/react';

interface HostEvent {
  readonly type: string;
  readonly title: string;
  readonly completed: boolean;
  readonly list: string;
}

const LISTS = ['react', 'react-errands'];

/** React 19 renders custom elements natively: props become properties, `on<event>` listens. */
export function App() {
  const [list, setList] = useState(LISTS[0]!);
  const [events, setEvents] = useState<HostEvent[]>([]);
  // todo-add and todo-toggle details both carry the todo and its list.
  const record = useCallback((event: CustomEvent<TodoToggleDetail>) => {
    const { todo, list } = event.detail;
    setEvents((all) => [...all, { type: event.type, title: todo.title, completed: todo.completed, list }]);
  }, []);

  return (
    <main>
      <h1>todo-widget in React 19</h1>
      <p className="lead">
        <code>
          &lt;todo-app list=&#123;list&#125; showStatus ontodo-add=&#123;…&#125; ontodo-toggle=&#123;…&#125;&gt;
        </code>
        . React receives the widget's events below. <a href="../">Back to the demo</a>
      </p>
      <label className="picker">
        List{' '}
        <select value={list} onChange={(event) => setList(event.target.value)}>
          {LISTS.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <todo-app list={list} showStatus={true} ontodo-add={record} ontodo-toggle={record}>
        <h2 slot="heading">React list “{list}”</h2>
      </todo-app>
      <section aria-label="Events received by React">
        <h2>Events received by React</h2>
        {events.length === 0 ? <p className="empty">Add or toggle a todo.</p> : null}
        <ol data-testid="host-events">
          {events.map((event, index) => (
            <li key={index} data-testid="host-event">
              {event.type}: {event.title} (completed: {String(event.completed)}, list: {event.list})
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
