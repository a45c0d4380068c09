import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    border-bottom: 1px solid var(--_border);
  }
  :host(:last-of-type) {
    border-bottom: 0;
  }
  .todo {
    position: relative;
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-height: 2.75rem;
    padding: var(--_item-padding);
    background: var(--_surface);
    transition: background-color var(--_duration) ease;
  }
  .todo:hover {
    background: color-mix(in srgb, var(--_surface) 94%, var(--_text));
  }
  .toggle {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
    accent-color: var(--_accent);
    cursor: pointer;
  }
  .title {
    flex: 1;
    min-width: 0;
    padding: 0.125rem 0.25rem;
    border-radius: 4px;
    line-height: 1.4;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    cursor: text;
    transition: color var(--_duration) ease;
  }
  .completed .title {
    color: var(--_done);
    text-decoration: line-through;
  }
  .pending .title {
    color: var(--_muted);
  }
  .badge {
    flex: none;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .error {
    flex: none;
    font-size: 0.8em;
    color: var(--_danger);
  }
  .destroy {
    flex: none;
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
    font-size: 1.25rem;
    line-height: 1;
    cursor: pointer;
    opacity: 0;
    transition:
      opacity var(--_duration) ease,
      color var(--_duration) ease;
  }
  .todo:hover .destroy,
  .todo:focus-within .destroy,
  .destroy:focus-visible {
    opacity: 1;
  }
  .destroy:hover {
    color: var(--_danger);
  }
  @media (hover: none) {
    .destroy {
      opacity: 1;
    }
  }
  .edit {
    flex: 1;
    min-width: 0;
    margin: 0;
    padding: 0.375rem 0.5rem;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_focus);
    border-radius: 4px;
  }
  .edit:focus-visible {
    outline: none;
    box-shadow: 0 0 0 2px color-mix(in srgb, var(--_focus) 35%, transparent);
  }
  .editing .toggle {
    visibility: hidden;
  }
`;
