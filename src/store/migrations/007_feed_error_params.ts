import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  // the parameters of the last error (e.g. {"status":503}), so admins see "HTTP 503", not just the code
  await db.schema.alterTable('feeds').addColumn('last_error_params', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feeds').dropColumn('last_error_params').execute();
}
