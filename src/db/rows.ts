import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * Maps rows as Postgres names them (`created_at`) to the schema's property names
 * (`createdAt`). Raw and live queries return the former; Drizzle's types promise the latter.
 */
export function rowMapper<TTable extends Table>(table: TTable): (row: Record<string, unknown>) => TTable['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table)).map(([property, column]) => [property, column.name] as const);
  return (row) => {
    const mapped: Record<string, unknown> = {};
    for (const [property, name] of columns) mapped[property] = row[name];
    return mapped as TTable['$inferSelect'];
  };
}
