import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .field {
    position: relative;
  }
  input {
    box-sizing: border-box;
    width: 100%;
    margin: 0;
    padding: 0.875rem 1rem;
    font: inherit;
    font-size: 1.25em;
    line-height: 1.4;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    transition: border-color var(--_duration) ease;
  }
  :host([embedded]) input {
    border: 0;
    border-radius: 0;
    box-shadow: none;
  }
  input::placeholder {
    color: var(--_muted);
    font-style: italic;
    opacity: 0.8;
  }
  /* Arabic, Hebrew, Persian and CJK have no italics (a browser would slant them artificially). */
  input:is(:lang(ar), :lang(fa), :lang(he), :lang(ja), :lang(ko), :lang(zh))::placeholder {
    font-style: normal;
  }
  input:focus-visible {
    outline: none;
    border-color: var(--_focus);
    box-shadow: 0 0 0 2px color-mix(in srgb, var(--_focus) 35%, transparent);
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .message {
    margin: 0.25rem 1rem 0.5rem;
    color: var(--_danger);
    font-size: 0.875em;
  }
  .message:empty {
    display: none;
  }
`;
