// The page a site hosting the widget would serve: the full <todo-app> and the bundle's exports
// on window, so tests can check the database beside the UI.

/**
 * The HTML of a host page that imports `bundle`, puts its exports on `window.todoWidget`, sets
 * `window.todoWidgetLoaded` once they are there, and shows `<todo-app list=… show-status>`.
 * `beforeImport`, a function, runs in the page first (its source is inlined, so it sees no
 * closure), for listeners that must not miss what the import sets off.
 * `configure` (options for `todoWidget.configure()`): the page calls it right after the import
 * and only then adds `<todo-app>` (configure() must run before the first element connects).
 * `attributes`: more attributes for `<todo-app>`, space-separated (e.g. `searchable storage=memory`).
 */
export function hostPage({ title, list, bundle = '/dist/todo-widget.js', beforeImport, configure, attributes = '' }) {
  const script = [
    beforeImport && `(${beforeImport})();`,
    `window.todoWidget = await import('${bundle}');`,
    configure && `window.todoWidget.configure(${JSON.stringify(configure)});`,
    configure && "const app = document.createElement('todo-app');",
    configure && `app.setAttribute('list', ${JSON.stringify(list)});`,
    configure && "app.setAttribute('show-status', '');",
    ...(configure ? attributeSetters(attributes) : []),
    configure && 'document.body.append(app);',
    'window.todoWidgetLoaded = true;',
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <script type="module">
      ${script.join('\n      ')}
    </script>
  </head>
  <body>
    ${configure ? '' : `<todo-app list="${list}" show-status${attributes ? ` ${attributes}` : ''}></todo-app>`}
  </body>
</html>
`;
}

/** `a b=c` as statements that set those attributes on `app`. */
function attributeSetters(attributes) {
  return attributes
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [name, value = ''] = pair.split('=');
      return `app.setAttribute(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
    });
}
