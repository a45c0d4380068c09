import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    max-width: var(--todo-app-max-width, 40rem);
  }
  .app {
    overflow: hidden;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  header {
    border-bottom: 1px solid var(--_border);
  }
  ::slotted([slot='heading']) {
    display: block;
    margin: 0;
    padding: 0.875rem 1rem 0;
  }
  todo-list:not([hidden], [data-empty]) + todo-footer:not([hidden], [data-empty]) {
    border-top: 1px solid var(--_border);
  }
  todo-list:state(empty) + todo-footer {
    border-top: 0;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    padding: 0.5rem 1rem;
    border-top: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.8125em;
    background: color-mix(in srgb, var(--_surface) 96%, var(--_text));
  }
  .dot {
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_muted);
  }
  .status[data-role='leader'] .dot {
    background: #16a34a;
  }
  .status[data-role='follower'] .dot {
    background: #2563eb;
  }
  .status[data-role='failed'],
  .status[data-role='outdated'] {
    color: var(--_danger);
  }
  .status[data-role='failed'] .dot,
  .status[data-role='outdated'] .dot {
    background: var(--_danger);
  }
  .notice {
    margin: 0;
    padding: 0.625rem 1rem;
    border-top: 1px solid var(--_border);
    color: var(--_text);
    font-size: 0.875em;
    background: color-mix(in srgb, var(--_surface) 85%, #f59e0b);
  }
  /* The undo line: a polite status, always there (so screen readers hear what it says), empty most of the time. */
  .undo:empty {
    display: none;
  }
  .undo {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin: 0;
    padding: 0.5rem 1rem;
    border-top: 1px solid var(--_border);
    font-size: 0.875em;
  }
  .undo span {
    flex: 1;
  }
  .undo button {
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius, 4px);
    background: var(--_bg);
    color: var(--_accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .error {
    display: flex;
    align-items: start;
    gap: 0.5rem;
    margin: 0;
    padding: 0.625rem 1rem;
    border-top: 1px solid var(--_border);
    color: var(--_danger);
    font-size: 0.875em;
  }
  .error span {
    flex: 1;
  }
  .error button {
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    cursor: pointer;
    text-decoration: underline;
  }
`;
