import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  footer {
    display: grid;
    grid-template-columns: 1fr auto 1fr;
    align-items: center;
    gap: var(--_space);
    padding: 0.625rem 1rem;
    color: var(--_muted);
    font-size: 0.875em;
    background: var(--_surface);
  }
  .todo-count strong {
    color: var(--_text);
    font-weight: 600;
  }
  .filters {
    display: flex;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .filters a {
    display: inline-block;
    padding: 0.25rem 0.625rem;
    border: 1px solid transparent;
    border-radius: 999px;
    color: inherit;
    text-decoration: none;
    transition:
      border-color var(--_duration) ease,
      color var(--_duration) ease;
  }
  .filters a:hover {
    border-color: color-mix(in srgb, var(--_accent) 30%, transparent);
  }
  .filters a.selected {
    border-color: var(--_accent);
    color: var(--_accent);
  }
  .clear-completed {
    justify-self: end;
    padding: 0.25rem 0.5rem;
    border: 0;
    border-radius: 4px;
    background: none;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .clear-completed:hover {
    color: var(--_text);
    text-decoration: underline;
  }
  @media (max-width: 30rem) {
    footer {
      grid-template-columns: 1fr auto;
    }
    .filters {
      grid-column: 1 / -1;
      grid-row: 2;
      justify-content: center;
    }
  }
`;
