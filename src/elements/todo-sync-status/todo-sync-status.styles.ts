import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  p {
    margin: 0;
    padding: 0.25rem 1rem;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  p[data-state='offline'],
  p[data-state='auth-required'] {
    color: var(--_danger);
  }
`;
