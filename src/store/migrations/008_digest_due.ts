import type { Kysely } from 'kysely';
import { TIMESTAMP } from './util.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  // when the subscription's scheduled digest is next due: a start after that time (the bot was down) catches up
  await db.schema.alterTable('digest_runs').addColumn('next_due_at', TIMESTAMP).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('digest_runs').dropColumn('next_due_at').execute();
}
