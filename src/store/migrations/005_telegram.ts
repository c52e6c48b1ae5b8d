import type { Kysely } from 'kysely';
import { TIMESTAMP } from './util.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('telegram_channel_links')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_chat_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('selected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('linked_at', TIMESTAMP, (c) => c.notNull())
    .addPrimaryKeyConstraint('telegram_channel_links_pk', ['user_id', 'channel_chat_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('telegram_channel_links').execute();
}
