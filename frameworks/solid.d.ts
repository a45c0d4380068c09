// `todo-widget/solid`: the elements in Solid's JSX, typed. Solid sets properties on custom
// elements (`list={list()}`, `showStatus`) and listens with `on:todo-add={…}` (the `on:` form
// keeps the event name as written); both are typed with the element's own types. Use it once,
// e.g. in a .d.ts of the app: `import type {} from 'todo-widget/solid';`
// Copied to dist/types/ by scripts/framework-types.mjs; ./frameworks is generated from the manifest.
import type { JSX } from 'solid-js';
import type { TodoElementEvents, TodoElementProperties, TodoTagName } from './frameworks';

/** `on:todo-add={(event) => event.detail.todo}`: one handler per event, in Solid's `on:` form. */
export type SolidEventHandlers<Events> = {
  [Name in keyof Events as `on:${Name & string}`]?: (event: Events[Name]) => void;
};

/** What `<todo-app …>` (or any of the tags) accepts in Solid's JSX. */
export type TodoElementSolidProps<Tag extends TodoTagName> = TodoElementProperties[Tag] &
  SolidEventHandlers<TodoElementEvents[Tag]> &
  Omit<JSX.HTMLAttributes<HTMLElementTagNameMap[Tag]>, keyof TodoElementProperties[Tag]>;

/**
 * Every tag of the package (TodoTagName, generated from custom-elements.json), so a tag added to the
 * package is typed here with the next build: no list of tags to keep by hand.
 */
export type TodoSolidElements = { [Tag in TodoTagName]: TodoElementSolidProps<Tag> };

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements extends TodoSolidElements {}
  }
}
