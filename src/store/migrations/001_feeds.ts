import type { Kysely } from 'kysely';
import { idColumn, TIMESTAMP } from './util.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('feeds'))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('full_text', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('body_hash', 'text')
    .addColumn('next_check_at', TIMESTAMP, (c) => c.notNull().defaultTo(0))
    .addColumn('health', 'text', (c) => c.notNull().defaultTo('ok'))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_at', TIMESTAMP)
    .addColumn('last_checked_at', TIMESTAMP)
    .addColumn('last_item_at', TIMESTAMP)
    .addColumn('initialized', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feeds_due').on('feeds').columns(['health', 'next_check_at']).execute();

  await idColumn(db, db.schema.createTable('articles'), 'pk')
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('canonical_url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('published_at', TIMESTAMP)
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('author', 'text')
    .addColumn('announce', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fanout_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addUniqueConstraint('articles_feed_id_unique', ['feed_id', 'id'])
    .execute();
  await db.schema.createIndex('articles_canonical_url').on('articles').column('canonical_url').execute();
  await db.schema
    .createIndex('articles_pending')
    .on('articles')
    .columns(['announce', 'fanout_done'])
    .execute();
  await db.schema
    .createIndex('articles_feed_created')
    .on('articles')
    .columns(['feed_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('digests')
    .addColumn('article_pk', 'integer', (c) => c.notNull().references('articles.pk').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('summarizer', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addPrimaryKeyConstraint('digests_pk', ['article_pk', 'language', 'summarizer'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digests').execute();
  await db.schema.dropTable('articles').execute();
  await db.schema.dropTable('feeds').execute();
}
