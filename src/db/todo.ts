/**
 * The todo row types, written out rather than inferred from the Drizzle table (schema.ts), so the
 * published declarations never import drizzle-orm, an optional peer an app may not install: with
 * `skipLibCheck: false` the import would not resolve, and with it every `Todo` would be `any`.
 * Type aliases, not interfaces: rows are handed where `Record<string, unknown>` is expected.
 * schema.ts checks at compile time that they are exactly the table's `$inferSelect`/`$inferInsert`.
 */

/** A todo as read from the database. */
export type Todo = {
  id: string;
  list: string;
  title: string;
  completed: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** When the todo is due; null = no date. */
  dueAt: Date | null;
  /** Its place in the manual order (exact decimal text); null until a migration or trigger sets it. */
  position: string | null;
};

/** A todo as written to the database. */
export type NewTodo = {
  id: string;
  list?: string | undefined;
  title: string;
  completed?: boolean | undefined;
  createdAt?: Date | undefined;
  updatedAt?: Date | undefined;
  dueAt?: Date | null | undefined;
  position?: string | null | undefined;
};
