import { existsSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

// A clear sentence instead of a launcher stack trace when no browser is installed.
const path = chromiumPath();
if (!existsSync(path)) {
  const optional = process.argv.includes('--optional');
  const message = `No Chromium found at ${path}. Install it with "apt-get install -y chromium" (Debian) or point CHROME_PATH at your Chrome/Chromium binary.`;
  console.error(optional ? `note: ${message}` : `error: ${message}`);
  process.exit(optional ? 0 : 1);
}
