// Fails when src/db/schema.ts and the committed migrations disagree: drizzle-kit generates
// into a scratch copy of the migrations folder, and any new SQL means a missing migration.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';

// `node scripts/check-migrations.mjs` checks the widget's; `--server` the sync server's (server/schema.ts).
const server = process.argv.includes('--server');
const committed = server ? 'server/migrations' : 'src/db/migrations';
const schema = server ? 'server/schema.ts' : 'src/db/schema.ts';
// drizzle-kit prefixes "./" to --out, so the scratch folder must be relative to the project.
mkdirSync('node_modules/.cache', { recursive: true });
const scratch = relative(process.cwd(), mkdtempSync('node_modules/.cache/migrations-check-'));
try {
  cpSync(committed, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  let output;
  try {
    output = execFileSync(
      process.execPath,
      ['node_modules/drizzle-kit/bin.cjs', 'generate', '--dialect', 'postgresql', '--schema', schema, '--out', scratch],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  const added = readdirSync(scratch).filter((name) => name.endsWith('.sql') && !before.has(name));
  if (added.length > 0) {
    console.error(
      `error: ${schema} has changes that no committed migration holds. Run "npm run db:generate${server ? ':server' : ''}" and commit the result.\n`,
    );
    for (const name of added)
      console.error(`--- would generate ${name}:\n${readFileSync(join(scratch, name), 'utf8')}`);
    process.exit(1);
  }
  // drizzle-kit exits 0 even when it fails, so insist on its "nothing to do" answer.
  if (!/No schema changes/i.test(output)) {
    console.error(`error: could not compare schema.ts with the migrations; drizzle-kit said:\n${output}`);
    process.exit(1);
  }
  console.log(
    `migrations match schema.ts (${[...before].filter((name) => name.endsWith('.sql')).length} migration file(s))`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
