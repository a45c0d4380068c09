// `todo-widget/react`: the elements in React 19's JSX, typed. React 19 sets properties on custom
// elements and adds a listener for every `on<event-name>` prop (`ontodo-add`), so both are typed
// with the element's own types. Use it once in the app, e.g. in a .d.ts or the entry file:
//   import type {} from 'todo-widget/react';
// Copied to dist/types/ by scripts/framework-types.mjs; ./frameworks is generated from the manifest.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { TodoElementEvents, TodoElementProperties, TodoTagName } from './frameworks';

/** `ontodo-add={(event) => event.detail.todo}`: one handler prop per event, as React 19 names them. */
export type ReactEventHandlers<Events> = {
  [Name in keyof Events as `on${Name & string}`]?: (event: Events[Name]) => void;
};

/** What `<todo-app …>` (or any of the tags) accepts in JSX. */
export type TodoElementJsxProps<Tag extends TodoTagName> = TodoElementProperties[Tag] &
  ReactEventHandlers<TodoElementEvents[Tag]> &
  DetailedHTMLProps<HTMLAttributes<HTMLElementTagNameMap[Tag]>, HTMLElementTagNameMap[Tag]> & { class?: string };

/**
 * Every tag of the package (TodoTagName, generated from custom-elements.json), so a tag added to the
 * package is typed here with the next build: no list of tags to keep by hand.
 */
export type TodoJsxElements = { [Tag in TodoTagName]: TodoElementJsxProps<Tag> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends TodoJsxElements {}
  }
}
