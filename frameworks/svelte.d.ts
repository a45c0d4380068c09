// `todo-widget/svelte`: the elements in Svelte 5 markup, typed (svelte-check). Svelte 5 sets a
// property when the element has it (`showStatus={true}`, `list={list}`) and listens for any
// `on<event-name>` attribute (`ontodo-add={…}`); both are typed with the element's own types.
// Use it once, e.g. in src/app.d.ts: `import type {} from 'todo-widget/svelte';`
// Copied to dist/types/ by scripts/framework-types.mjs; ./frameworks is generated from the manifest.
import type { HTMLAttributes } from 'svelte/elements';
import type { TodoElementEvents, TodoElementProperties, TodoTagName } from './frameworks';

/** `ontodo-add={(event) => event.detail.todo}`: one handler attribute per event, as Svelte 5 names them. */
export type SvelteEventHandlers<Events> = {
  [Name in keyof Events as `on${Name & string}`]?: (event: Events[Name]) => void;
};

/** What `<todo-app …>` (or any of the tags) accepts in Svelte markup. */
export type TodoElementSvelteProps<Tag extends TodoTagName> = TodoElementProperties[Tag] &
  SvelteEventHandlers<TodoElementEvents[Tag]> &
  Omit<HTMLAttributes<HTMLElementTagNameMap[Tag]>, keyof TodoElementProperties[Tag]>;

/**
 * Every tag of the package (TodoTagName, generated from custom-elements.json), so a tag added to the
 * package is typed here with the next build: no list of tags to keep by hand.
 */
export type TodoSvelteElements = { [Tag in TodoTagName]: TodoElementSvelteProps<Tag> };

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends TodoSvelteElements {}
}
