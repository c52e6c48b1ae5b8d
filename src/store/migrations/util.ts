/** Helpers so one migration runs on SQLite and PostgreSQL alike. */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, type CreateTableBuilder } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Adds an auto-incrementing integer primary key column `name` (serial in PostgreSQL). */
export function idColumn<T extends string, C extends string>(
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
  db: Kysely<any>,
  table: CreateTableBuilder<T, C>,
  name = 'id',
): CreateTableBuilder<T, C> {
  if (isPostgres(db)) return table.addColumn(name, 'serial', (c) => c.primaryKey());
  return table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Epoch-millisecond timestamps: bigint in both dialects (read back with Number()). */
export const TIMESTAMP = 'bigint' as const;

/** Convenience for `.addColumn(name, TIMESTAMP, notNull)`. */
export const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
