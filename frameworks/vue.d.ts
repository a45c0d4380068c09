// `todo-widget/vue`: the elements in Vue 3 templates, typed (vue-tsc, Volar). Vue sets properties
// on custom elements (`:list`, `.showStatus`) and listens with `@todo-add`, which Volar checks
// against an `onTodoAdd` prop; both are typed with the element's own types. Use it once, e.g. in
// env.d.ts: `import type {} from 'todo-widget/vue';` (and keep `isCustomElement` for the compiler).
// Copied to dist/types/ by scripts/framework-types.mjs; ./frameworks is generated from the manifest.
import type { DefineComponent } from 'vue';
import type { TodoElementEvents, TodoElementProperties, TodoTagName } from './frameworks';

type Camel<Name extends string> = Name extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : Name;

/** `@todo-add="(event) => event.detail.todo"`: Vue's `onTodoAdd` prop for each event. */
export type VueEventHandlers<Events> = {
  [Name in keyof Events as `on${Capitalize<Camel<Name & string>>}`]?: (event: Events[Name]) => void;
};

/** What `<todo-app …>` (or any of the tags) accepts in a template. */
export type TodoElementVueProps<Tag extends TodoTagName> = TodoElementProperties[Tag] & VueEventHandlers<TodoElementEvents[Tag]>;

/**
 * Every tag of the package (TodoTagName, generated from custom-elements.json), so a tag added to the
 * package is typed here with the next build: no list of tags to keep by hand.
 */
export type TodoVueComponents = { [Tag in TodoTagName]: DefineComponent<TodoElementVueProps<Tag>> };

declare module 'vue' {
  interface GlobalComponents extends TodoVueComponents {}
}
