/** Bumped with package.json; lets two bundle copies on one page tell each other apart. */
export const WIDGET_VERSION = '0.1.0';

const definedVersions = ((globalThis as typeof globalThis & { [key: symbol]: Map<string, string> | undefined })[
  Symbol.for('todo-widget.defined-versions')
] ??= new Map<string, string>());

/**
 * Defines `tag` unless it is already taken, so a second copy of the bundle (two
 * micro-frontends, the script tag twice) never throws. The first definition wins;
 * another version only earns a warning, since its elements still work.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (customElements.get(tag)) {
    const existing = definedVersions.get(tag);
    if (existing && existing !== WIDGET_VERSION) {
      console.warn(
        `todo-widget: <${tag}> is already defined by version ${existing}; version ${WIDGET_VERSION} uses that one.`,
      );
    }
    return;
  }
  customElements.define(tag, constructor);
  definedVersions.set(tag, WIDGET_VERSION);
}
