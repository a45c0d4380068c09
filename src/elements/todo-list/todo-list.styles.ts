import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .main {
    position: relative;
    background: var(--_surface);
  }
  .search-count {
    margin: 0;
    padding: 0.5rem 1rem;
    border-bottom: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .toggle-all-row {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: 0.5rem 1rem;
    border-bottom: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .toggle-all-row input {
    width: 1.125rem;
    height: 1.125rem;
    margin: 0 0.1875rem;
    accent-color: var(--_accent);
    cursor: pointer;
  }
  .toggle-all-row label {
    cursor: pointer;
    user-select: none;
  }
  .state {
    margin: 0;
    padding: 1.25rem 1rem;
    color: var(--_muted);
    text-align: center;
  }
  /* Shown only when loading takes a moment: a warm start paints the snapshot's rows within it, without a flash of this first. */
  .state.loading {
    animation: 0s linear 150ms both reveal;
  }
  @keyframes reveal {
    from {
      visibility: hidden;
    }
  }
  .state.error {
    color: var(--_danger);
    text-align: start;
  }
  .spinner {
    display: inline-block;
    width: 0.9em;
    height: 0.9em;
    margin-inline-end: 0.5em;
    vertical-align: -0.1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  /* A row whose data is still on the way: as tall as rows are on average (--_row-height, set through the CSSOM), with its line. */
  .placeholder {
    height: var(--_row-height, 3.5rem);
    box-sizing: border-box;
    border-bottom: 1px solid var(--_border);
  }
  .empty {
    padding: 1rem;
    color: var(--_muted);
    text-align: center;
    font-style: italic;
  }
  /* The row a pointer drags: above the others, following the pointer (transform set while dragging). */
  todo-item[data-dragging] {
    position: relative;
    z-index: 1;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    opacity: 0.9;
  }
  .drafts {
    position: sticky;
    bottom: 0;
    z-index: 1;
    background: var(--_surface);
    border-top: 2px solid var(--_focus);
  }
`;
