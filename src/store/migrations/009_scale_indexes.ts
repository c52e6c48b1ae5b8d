import { type Kysely, sql } from 'kysely';

/**
 * Indexes that keep the hot queries independent of the store's size (issue 15), and the feed–topic table that
 * lets a command find a topic's feeds without reading every feed. Same DDL on SQLite and PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  // the fan-out's work list: only announced articles not fanned out yet are in it (queries use literal 1 and 0)
  await sql`create index articles_fanout_todo on articles (pk) where announce = 1 and fanout_done = 0`.execute(
    db,
  );
  // the daily cleanup finds old articles by publication date
  await db.schema.createIndex('articles_published').on('articles').column('published_at').execute();
  // newest articles first, of one feed and of all feeds (summary latest, backfill)
  await sql`create index articles_feed_newest on articles (feed_id, (coalesce(published_at, created_at)), pk)`.execute(
    db,
  );
  await sql`create index articles_newest on articles ((coalesce(published_at, created_at)), pk)`.execute(db);
  // subscriptions of a topic (the article's feed tags)
  await db.schema
    .createIndex('subscriptions_tag')
    .on('subscriptions')
    .columns(['tag', 'target_kind'])
    .execute();
  // retention: the decisions of an article, and finished decisions by when they last changed
  await db.schema.createIndex('deliveries_article').on('deliveries').column('article_pk').execute();
  await db.schema.createIndex('deliveries_updated').on('deliveries').column('updated_at').execute();
  // the sender's queue: does a chat have an older due message than this one
  await db.schema
    .createIndex('outbox_queue')
    .on('outbox')
    .columns(['status', 'channel_id', 'id', 'next_attempt_at'])
    .execute();
  // feed → topics, one row per (tag, feed): "feeds of a topic" without reading every feed's JSON
  await db.schema
    .createTable('feed_tags')
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('feed_tags_pk', ['tag', 'feed_id'])
    .execute();
  await db.schema.createIndex('feed_tags_feed').on('feed_tags').column('feed_id').execute();
  const feeds = await db.selectFrom('feeds').select(['id', 'tags']).execute();
  const rows = feeds.flatMap((f: { id: number; tags: string }) => tagRows(Number(f.id), f.tags));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('feed_tags')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

function tagRows(feedId: number, json: string): { tag: string; feed_id: number }[] {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    const tags = new Set(v.filter((t): t is string => typeof t === 'string' && t !== ''));
    return [...tags].map((tag) => ({ tag, feed_id: feedId }));
  } catch {
    return [];
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feed_tags').execute();
  for (const name of [
    'outbox_queue',
    'deliveries_updated',
    'deliveries_article',
    'subscriptions_tag',
    'articles_newest',
    'articles_feed_newest',
    'articles_published',
    'articles_fanout_todo',
  ])
    await db.schema.dropIndex(name).execute();
}
