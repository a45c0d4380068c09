import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate:server` turns edits to server/schema.ts into a new SQL migration of the sync server. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/schema.ts',
  out: './server/migrations',
  schemaFilter: ['todo_sync'],
});
