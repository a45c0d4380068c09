import { waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TodoApp } from '../../src/elements/todo-app/todo-app.element';
import type { TodoItem } from '../../src/elements/todo-item/todo-item.element';

let counter = 0;
/** A list name no other test uses: tests share one database per file and isolate by list. */
export const uniqueList = (prefix = 'list') => `${prefix}-${Date.now().toString(36)}-${counter++}`;

/** Every element matching `selector`, looking through open shadow roots (as Playwright locators do). */
export function deepQueryAll<T extends Element = Element>(root: ParentNode, selector: string): T[] {
  const found: T[] = [];
  const visit = (node: ParentNode) => {
    for (const element of node.querySelectorAll('*')) {
      if (element.matches(selector)) found.push(element as T);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(root);
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  return found;
}

export function deepQuery<T extends Element = Element>(root: ParentNode, selector: string): T | undefined {
  return deepQueryAll<T>(root, selector)[0];
}

export const newTodoField = (root: ParentNode) => deepQuery<HTMLInputElement>(root, 'input[aria-label="New todo"]')!;
export const items = (root: ParentNode) => deepQueryAll<TodoItem>(root, 'todo-item');
export const titles = (root: ParentNode) =>
  deepQueryAll<HTMLElement>(root, '[data-testid="todo-title"]').map((title) => title.textContent ?? '');
export const counter_ = (root: ParentNode) => deepQuery<HTMLElement>(root, '[data-testid="todo-count"]');

/**
 * Focuses `target` inside `host`'s shadow root and waits until it holds focus: keys sent
 * by the runner go wherever focus is, and on a loaded machine a focus() can land late.
 */
export async function focusOn(host: Element, target: HTMLElement): Promise<void> {
  const root = target.getRootNode() as ShadowRoot | Document;
  await waitUntil(
    () => {
      if (root.activeElement !== target) target.focus();
      return root.activeElement === target;
    },
    `focus did not reach ${target.tagName} in ${host.tagName}`,
    { timeout: 5_000 },
  );
}

/** Types into the new-todo field like a user and presses Enter. */
export async function typeTodo(root: ParentNode, title: string): Promise<void> {
  const field = newTodoField(root);
  await focusOn(field.getRootNode() instanceof ShadowRoot ? (field.getRootNode() as ShadowRoot).host : field, field);
  await sendKeys({ type: title });
  await sendKeys({ press: 'Enter' });
}

/** Waits until the visible titles equal `expected` (live updates arrive asynchronously). */
export async function expectTitles(root: ParentNode, expected: string[], message = 'titles'): Promise<void> {
  await waitUntil(
    () => JSON.stringify(titles(root)) === JSON.stringify(expected),
    `${message}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(titles(root))}`,
    { timeout: 15_000 },
  );
}

/** Waits until no row is pending any more. */
export async function settled(root: ParentNode): Promise<void> {
  await waitUntil(() => items(root).every((item) => !item.pending), 'rows still pending', { timeout: 15_000 });
}

export async function appReady(app: TodoApp): Promise<void> {
  await app.ready;
}

/**
 * Whether `element` takes part in the layout. The widget's elements say "nothing to show" with a
 * custom state, not with `hidden` (that attribute is the author's), so tests read the outcome.
 */
export const isShown = (element: Element) => getComputedStyle(element).display !== 'none';
