/**
 * Elements most pages never show (`<todo-search>`, `<todo-transfer>`) stay out of the main-thread
 * bundle: their module, which defines the tag, loads the first time one appears in the document
 * (or when an element that renders one, such as `<todo-app searchable>`, asks for it).
 */

/** A lazily loaded element's module: it defines its tag when `define()` is called. */
export interface ElementModule {
  define(): void;
}
/**
 * Calls the module's `define()`. Loaders call it rather than rely on the import's side effect,
 * which a bundler trusting package.json's `sideEffects` may drop (issue 28: Vite emptied the chunks).
 */
export const defineModule = (module: ElementModule): void => module.define();

const loaders = new Map<string, () => Promise<ElementModule>>();
let observer: MutationObserver | undefined;

/** Loads `tag`'s definition once; later calls share the first load. */
export function loadElement(tag: string): Promise<unknown> {
  const load = loaders.get(tag);
  if (!load) return Promise.resolve();
  loaders.delete(tag);
  if (loaders.size === 0) observer?.disconnect();
  // A chunk that fails (offline after a deploy) leaves the tag undefined: it shows nothing, and
  // the console says why.
  return load()
    .then(defineModule)
    .catch((error: unknown) => console.error(`todo-widget: <${tag}> could not load`, error));
}

/** Registers how to load `tag`, and loads it now if the page already holds one, or once it does. */
export function defineLazily(tag: string, load: () => Promise<ElementModule>): void {
  if (typeof document === 'undefined' || customElements.get(tag)) return;
  loaders.set(tag, load);
  discover(document);
}

/** The document, and the shadow roots `discover` was given: where a waiting tag may appear. */
const roots = new Set<ParentNode & Node>();
const scan = () => {
  for (const waiting of [...loaders.keys()])
    if ([...roots].some((root) => root.querySelector(waiting))) void loadElement(waiting);
};

/**
 * Loads the lazily defined tags that are, or later appear, in `root`: a shadow root of the host's
 * own element, which the document's observer cannot see into (issue 28). Tags already defined
 * or loading are skipped; the watch ends when every tag has loaded.
 * @example discover(this.shadowRoot) // after rendering <todo-search> into it
 */
export function discover(root: ParentNode & Node): void {
  if (loaders.size === 0) return;
  roots.add(root);
  (observer ??= new MutationObserver(scan)).observe(root, { childList: true, subtree: true });
  scan();
}
