// Takes a screenshot of a page in headless Chromium: node scripts/screenshot.mjs URL OUT.png [colorScheme] [search]
// With `search`, types it into the first <todo-app searchable>'s field first (the README's picture
// shows search results, and the Move handles of the demo's reorderable app).
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from './chromium.mjs';

const [url, out = 'screenshot.png', colorScheme = 'light', search = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumFlags });
const page = await browser.newPage({ viewport: { width: 1280, height: 1800 }, colorScheme });
page.on('console', (message) => {
  if (message.type() === 'error' || message.type() === 'warning')
    console.log(`console.${message.type()}: ${message.text()}`);
});
page.on('pageerror', (error) => console.log(`pageerror: ${error.message}`));
await page.goto(url);
await page.waitForFunction(
  () =>
    document
      .querySelector('todo-app')
      ?.shadowRoot?.querySelector('[data-role="leader"],[data-role="follower"],[data-role="failed"]'),
  null,
  { timeout: 60_000 },
);
for (const [list, titles] of Object.entries({
  default: ['Buy oat milk', 'Try the demo in two tabs', 'Milk for the café', 'Write the README', 'Ship it'],
  work: ['Review PR #42'],
  home: ['Water the plants', 'Call mum'],
  groceries: ['Milk', 'Bread'],
})) {
  await page.evaluate(
    async ({ list, titles }) => {
      const { getTodoRepository } = await import('/src/registry.ts');
      const repository = getTodoRepository();
      if ((await repository.getAll(list)).length === 0) {
        const added = await repository.addMany(titles, list);
        if (list === 'default') await repository.setCompleted(added[4].id, true);
      }
    },
    { list, titles },
  );
}
if (search) {
  const field = page.locator('todo-app').first().getByRole('searchbox', { name: 'Search todos' });
  await field.fill(search);
  await page.locator('todo-app').first().getByTestId('todo-search-count').filter({ hasText: 'match' }).waitFor();
}
await page.waitForTimeout(2500);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
