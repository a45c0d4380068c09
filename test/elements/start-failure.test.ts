import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { configure } from '../../src/registry';
import '../../src/index';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import { WorkerStartError } from '../../src/errors';
import { deepQuery, deepQueryAll, items, newTodoField, titles, typeTodo } from './helpers';

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

  it('several adds that fail all stay shown, each with its reason and a Retry, none only in memory', async () => {
    const element = await fixture<TodoApp>(html`<todo-app list="several"></todo-app>`);
    const typed = ['first failed add', 'second failed add', 'third failed add'];
    for (const title of typed) await typeTodo(element, title);
    await waitUntil(
      () => items(element).filter((item) => item.hasAttribute('failed')).length === 3,
      'all three rows say they failed',
      { timeout: 60_000 },
    );
    expect(titles(element)).to.deep.equal(typed);
    expect(deepQueryAll(element, 'button[part="retry-button"]')).to.have.length(3);
    // Kept in the browser too, for whichever tab opens the database next.
    const kept = Object.keys(localStorage).filter((key) =>
      key.startsWith('todo-widget:outbox:v2:18:test-start-failure:'),
    );
    expect(kept).to.have.length(3);
    // Retry tries again (and fails again here): the row stays, still retriable.
    deepQueryAll<HTMLButtonElement>(element, 'button[part="retry-button"]')[0]!.click();
    await waitUntil(
      () => items(element).filter((item) => item.hasAttribute('failed')).length === 3,
      'the retried row fails again and stays',
      { timeout: 60_000 },
    );
    expect(titles(element)).to.deep.equal(typed);
    // Deleting a failed row gives it up, here and in the browser's copy.
    deepQueryAll<HTMLButtonElement>(items(element)[2]!, 'button[aria-label="Delete"]')[0]!.click();
    await waitUntil(() => titles(element).length === 2, 'the discarded row goes');
    expect(
      Object.keys(localStorage).filter((key) => key.startsWith('todo-widget:outbox:v2:18:test-start-failure:')),
    ).to.have.length(2);
    for (const key of Object.keys(localStorage))
      if (key.startsWith('todo-widget:outbox:')) localStorage.removeItem(key);
  });
});
