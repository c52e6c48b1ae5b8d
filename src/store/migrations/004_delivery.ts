import type { Kysely } from 'kysely';
import { idColumn, TIMESTAMP } from './util.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
async function createDeliveries(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('deliveries'))
    .addColumn('subscription_id', 'integer', (c) => c.notNull())
    .addColumn('channel_id', 'integer', (c) => c.notNull())
    .addColumn('article_pk', 'integer', (c) => c.notNull())
    .addColumn('canonical_url', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('duplicate_of', 'integer')
    .addColumn('story_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('outbox_id', 'integer')
    .addColumn('last_error_code', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
    .addUniqueConstraint('deliveries_sub_article_unique', ['subscription_id', 'article_pk'])
    .execute();
  await db.schema
    .createIndex('deliveries_channel_created')
    .on('deliveries')
    .columns(['channel_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('deliveries_channel_url')
    .on('deliveries')
    .columns(['channel_id', 'canonical_url'])
    .execute();
  await db.schema.createIndex('deliveries_outbox').on('deliveries').column('outbox_id').execute();
  await db.schema
    .createIndex('deliveries_queued')
    .on('deliveries')
    .columns(['subscription_id', 'status'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
async function createOutbox(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('outbox'))
    .addColumn('channel_id', 'integer', (c) => c.notNull())
    .addColumn('subscription_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('claimed_until', TIMESTAMP, (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('platform_message_ids', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_channel').on('outbox').columns(['channel_id', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await createDeliveries(db);
  await createOutbox(db);
  await db.schema
    .createTable('digest_runs')
    .addColumn('subscription_id', 'integer', (c) => c.primaryKey())
    .addColumn('last_run_at', TIMESTAMP, (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_runs').execute();
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('deliveries').execute();
}
