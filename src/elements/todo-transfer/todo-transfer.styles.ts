import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    padding: 0.5rem 1rem;
    border-top: 1px solid var(--_border);
    font-size: 0.875em;
    color: var(--_muted);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button {
    padding: 0.25rem 0.75rem;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--_muted);
  }
  button:disabled {
    cursor: progress;
    opacity: 0.6;
  }
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .busy {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  progress {
    flex: 1;
    accent-color: var(--_accent);
  }
  .message {
    margin: 0.375rem 0 0;
  }
  .message.empty {
    margin: 0;
  }
  .message.failed {
    color: var(--_danger);
  }
`;
