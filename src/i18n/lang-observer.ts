/**
 * The nearest `lang` of an element, and one MutationObserver for the whole page that tells when
 * any `lang` may have changed. One observer, not one per element: a list shows hundreds of rows.
 */

/** `element`'s own `lang`, else its nearest ancestor's, across shadow roots up to `<html>`; `''` when none has one. */
export function nearestLang(element: Element): string {
  let node: Element | undefined = element;
  while (node) {
    const owner = node.closest('[lang]');
    if (owner) return owner.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : undefined;
  }
  return '';
}

const watchers = new Set<() => void>();
// Roots already observed: a shadow root on the way up (ours, or a host framework's) is a tree of
// its own, which an observer on the document does not see into.
const observed = new WeakSet<Node>();
let observer: MutationObserver | undefined;

function observe(root: Node): void {
  if (observed.has(root)) return;
  observed.add(root);
  observer ??= new MutationObserver(() => {
    for (const watcher of [...watchers]) watcher();
  });
  observer.observe(root, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * Calls `onChange` (until the returned function is called) whenever a `lang` attribute changes on
 * `element`, an ancestor, or anywhere else in the trees on its way up to the document.
 */
export function watchLang(element: Element, onChange: () => void): () => void {
  for (let root = element.getRootNode(); ; root = root.host.getRootNode()) {
    observe(root);
    if (!(root instanceof ShadowRoot)) break;
  }
  watchers.add(onChange);
  return () => watchers.delete(onChange);
}
