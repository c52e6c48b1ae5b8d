import type { Kysely } from 'kysely';
import { idColumn, TIMESTAMP } from './util.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('channels'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('paused_reason', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addUniqueConstraint('channels_ref_unique', ['platform', 'chat_id', 'thread_id'])
    .execute();

  await idColumn(db, db.schema.createTable('subscriptions'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tag', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('filters_json', 'text', (c) => c.notNull().defaultTo('{"include":[],"exclude":[]}'))
    .addColumn('max_items', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('summarizer', 'text')
    .addColumn('paused_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscriptions_target_unique')
    .on('subscriptions')
    .columns(['channel_id', 'target_kind', 'feed_id', 'tag'])
    .unique()
    .execute();
  await db.schema.createIndex('subscriptions_feed').on('subscriptions').column('feed_id').execute();

  await db.schema
    .createTable('chat_feeds')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', TIMESTAMP, (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_feeds_pk', ['platform', 'chat_id', 'feed_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chat_feeds').execute();
  await db.schema.dropTable('subscriptions').execute();
  await db.schema.dropTable('channels').execute();
}
