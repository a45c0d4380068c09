import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { configure } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { WorkerStartError } from '../../src/errors';
import { deepQuery, newTodoField } from './helpers';

// This page's one database can't start: the worker script does not exist.
configure({
  database: 'test-start-failure',
  createWorker: () => new Worker(new URL('/no-such-worker.js', location.href), { type: 'module' }),
  startTimeoutMs: 20_000,
});

describe('<todo-app> when the database cannot start', () => {
  it('shows the cause in the widget and fires todo-error, never a silent blank', async () => {
    const errored = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('todo-error', (e) => resolve(e as CustomEvent), { once: true }),
    );
    const element = await fixture<TodoApp>(html`<todo-app list="x" show-status></todo-app>`);
    const event = await errored;
    expect(event.detail.error).to.be.instanceOf(WorkerStartError);
    await waitUntil(() => deepQuery(element, '[part="status"][role="alert"]') !== undefined, 'error shown in the list');
    expect(deepQuery(element, '[part="status"][role="alert"]')!.textContent).to.contain('worker failed to start');
    await waitUntil(() => deepQuery(element, '[data-testid="db-status"]')?.textContent?.includes('could not start'));
    expect(newTodoField(element)).to.exist;
    await element.ready;
    void oneEvent;
  });
});
