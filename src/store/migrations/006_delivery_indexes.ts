import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  // "also reported by" and digest ranking look up duplicates of a delivery
  await db.schema.createIndex('deliveries_duplicate_of').on('deliveries').column('duplicate_of').execute();
  // the next message of one chat after a send
  await db.schema
    .createIndex('outbox_channel_due')
    .on('outbox')
    .columns(['channel_id', 'status', 'next_attempt_at', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_channel_due').execute();
  await db.schema.dropIndex('deliveries_duplicate_of').execute();
}
