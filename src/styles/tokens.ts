import { css } from 'lit';

/** The `theme` attribute every element takes; `auto` (or none) follows `prefers-color-scheme`. */
export type Theme = 'light' | 'dark' | 'auto';

/** The dark colours, for `theme="dark"` and for `auto` on a dark system. */
const dark = css`
  --_accent: var(--todo-color-accent, #ff8a80);
  --_bg: var(--todo-color-background, #17181b);
  --_surface: var(--todo-color-surface, #202226);
  --_text: var(--todo-color-text, #e8e8e8);
  --_muted: var(--todo-color-muted, #a0a0a0);
  --_border: var(--todo-color-border, #34363b);
  --_danger: var(--todo-color-danger, #ff6b6b);
  --_done: var(--todo-color-done, #9d9d9d);
  --_focus: var(--todo-color-focus, #7aa2ff);
  color-scheme: dark;
`;

/**
 * The theme: every element reads these `--todo-*` custom properties, so a host page
 * restyles the whole widget from outside the shadow roots. `theme` (`light`, `dark`, `auto`) on
 * an element picks the colours; the elements that render others hand their `theme` down.
 */
export const tokens = css`
  :host {
    --_accent: var(--todo-color-accent, #b83f45);
    --_bg: var(--todo-color-background, #ffffff);
    --_surface: var(--todo-color-surface, #ffffff);
    --_text: var(--todo-color-text, #2b2b2b);
    --_muted: var(--todo-color-muted, #6b6b6b);
    --_border: var(--todo-color-border, #e6e6e6);
    --_danger: var(--todo-color-danger, #c62828);
    --_done: var(--todo-color-done, #737373);
    --_focus: var(--todo-color-focus, #2563eb);
    --_font: var(--todo-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif);
    --_font-size: var(--todo-font-size, 1rem);
    --_radius: var(--todo-radius, 8px);
    --_space: var(--todo-spacing, 0.75rem);
    --_item-padding: var(--todo-item-padding, 0.5rem 1rem);
    --_shadow: var(--todo-shadow, 0 1px 2px rgb(0 0 0 / 0.08), 0 8px 24px rgb(0 0 0 / 0.06));
    --_duration: 150ms;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    -webkit-font-smoothing: antialiased;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${dark}
  }
  /* auto (no theme, or any other value) follows the system; theme="light" stays light on a dark system. */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --_duration: 0ms;
    }
  }
  :host([hidden]),
  :host([data-empty]) {
    display: none !important;
  }
  :host(:state(empty)) {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
`;
