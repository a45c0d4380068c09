// Custom elements manifest (custom-elements.json), read by IDEs, Storybook and framework
// wrappers. Built from the JSDoc on each element class; see STYLE.md "JSDoc the manifest reads".
// The analyzer brings its own TypeScript 5 (this repo's TypeScript 7 has no JS compiler API).
export default {
  // The base classes too: their properties (database, storage, theme, list) are every element's.
  globs: ['src/elements/**/*.element.ts', 'src/elements/todo-element.ts', 'src/elements/database-element.ts'],
  outdir: 'dist',
  litelement: true,
  // Private members (`#field`, `_error` state) and Lit's static plumbing are not API.
  plugins: [
    {
      name: 'todo-widget:hide-private',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            declaration.members = declaration.members?.filter(
              (member) => member.privacy !== 'private' && !member.static && !/^[#_]/.test(member.name),
            );
            declaration.attributes = declaration.attributes?.filter((attribute) => !attribute.name.startsWith('_'));
          }
        }
      },
    },
  ],
};
