import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate` turns edits to schema.ts into a new SQL migration. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
