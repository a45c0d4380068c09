/**
 * Upgrade tests need a build of this code that behaves as the previous release: one that
 * knows only the first N migrations and reads and writes only the columns they create.
 * `VITE_TODO_WIDGET_MIGRATIONS=N vite build` makes one. Unset in every release, and under
 * drizzle-kit (Node, no `import.meta.env`), which must always see the whole schema.
 */
const emulated: unknown = (import.meta as unknown as { readonly env?: Readonly<Record<string, unknown>> }).env?.[
  'VITE_TODO_WIDGET_MIGRATIONS'
];
export const EMULATED_MIGRATION_COUNT: string | undefined = typeof emulated === 'string' ? emulated : undefined;

/**
 * Marks columns a later migration added: included unless this build emulates a release
 * from before migration `index` (0-based, as in the migrations folder).
 * @example ...addedIn(1, { dueAt: timestamp('due_at') })
 */
export function addedIn<T extends object>(index: number, columns: T): T {
  const count = EMULATED_MIGRATION_COUNT ? Number(EMULATED_MIGRATION_COUNT) : Infinity;
  return index < count ? columns : ({} as T);
}
