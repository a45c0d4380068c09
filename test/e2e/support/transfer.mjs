// Helpers for driving <todo-app exportable>'s export and import like a user: the download a user
// gets, the file chooser a user picks from, and what the transfer says.
import { readFileSync } from 'node:fs';

/** A host page with an exportable `<todo-app list=…>` and the bundle's exports on window. */
export const transferPage = (list) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>export/import host</title>
    <link rel="icon" href="data:," />
    <script type="module">
      window.todoWidget = await import('/dist/todo-widget.js');
      window.todoWidgetLoaded = true;
    </script>
  </head>
  <body><todo-app list="${list}" exportable show-status></todo-app></body>
</html>
`;

/** What the transfer last said (its message line), trimmed; '' when there is none. */
export const transferMessage = (tab) =>
  tab
    .getByTestId('transfer-message')
    .textContent()
    .then((text) => text.trim())
    .catch(() => '');

/** Clicks the button named `name` and returns the file it downloads: `{ name, text }`. */
export async function download(tab, name) {
  const [file] = await Promise.all([
    tab.waitForEvent('download'),
    tab.getByRole('button', { name, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** Clicks "Import" and picks the file at `path` in the chooser. */
export async function importFile(tab, path) {
  const [chooser] = await Promise.all([
    tab.waitForEvent('filechooser'),
    tab.getByRole('button', { name: 'Import', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
}
