import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  input {
    box-sizing: border-box;
    width: 100%;
    margin: 0;
    padding: 0.625rem 1rem;
    font: inherit;
    line-height: 1.4;
    color: var(--_text);
    background: var(--_surface);
    border: 0;
    border-top: 1px solid var(--_border);
  }
  input::placeholder {
    color: var(--_muted);
    opacity: 0.8;
  }
  input:focus-visible {
    outline: none;
    box-shadow: inset 0 0 0 2px color-mix(in srgb, var(--_focus) 60%, transparent);
  }
`;
