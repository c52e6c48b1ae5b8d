import { type Kysely, sql } from 'kysely';
import { keyTokens } from '../story-index.js';
import { idColumn, TIMESTAMP } from './util.js';

/**
 * The duplicate check's story index (issue 15): one row per token of a chat's primary story (title tokens
 * flagged), so "stories of this chat that share a headline word" and "in how many of the chat's recent stories
 * does this word occur" are index probes instead of a read of the chat's whole window. Plus a covering index
 * for the window's size. Rows of the last 14 days (the longest duplicate window) are filled from `deliveries`.
 */
const BACKFILL_DAYS = 14;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('story_tokens'))
    .addColumn('channel_id', 'integer', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'integer', (c) => c.notNull())
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('story_tokens_lookup')
    .on('story_tokens')
    .columns(['channel_id', 'token', 'created_at', 'delivery_id', 'title'])
    .execute();
  await db.schema.createIndex('story_tokens_created').on('story_tokens').column('created_at').execute();
  // the duplicate window: a chat's primary decisions of the last hours, newest first (covering, partial)
  await sql`create index deliveries_window on deliveries (channel_id, created_at, id, status) where duplicate_of is null`.execute(
    db,
  );
  const since = Date.now() - BACKFILL_DAYS * 86_400_000;
  let after = 0;
  for (;;) {
    const rows: { id: number; channel_id: number; story_key: string; created_at: number }[] = await db
      .selectFrom('deliveries')
      .select(['id', 'channel_id', 'story_key', 'created_at'])
      .where('created_at', '>=', since)
      .where('duplicate_of', 'is', null)
      .where('status', 'in', ['pending', 'sending', 'delivered'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    const last = rows.at(-1);
    if (!last) break;
    after = Number(last.id);
    const tokens = rows.flatMap((r) => {
      const { title, lead } = keyTokens(r.story_key);
      const row = (token: string, inTitle: number) => ({
        channel_id: Number(r.channel_id),
        token,
        delivery_id: Number(r.id),
        title: inTitle,
        created_at: Number(r.created_at),
      });
      return [...title.map((t) => row(t, 1)), ...lead.map((t) => row(t, 0))];
    });
    for (let i = 0; i < tokens.length; i += 500)
      await db
        .insertInto('story_tokens')
        .values(tokens.slice(i, i + 500))
        .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_window').execute();
  await db.schema.dropTable('story_tokens').execute();
}
