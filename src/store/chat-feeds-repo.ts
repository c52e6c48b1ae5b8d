/**
 * Feeds an admin added for a chat (chat_feeds; the feed itself is stored once in `feeds`).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

// ---------- feeds an admin added for a chat ----------

/** Link a feed to a chat. Returns false when it was linked already. */
export async function linkChatFeed(
  db: Db,
  platform: string,
  chatId: string,
  feedId: number,
  addedBy: string,
  now: number = Date.now(),
): Promise<boolean> {
  const r = await db
    .insertInto('chat_feeds')
    .values({ platform, chat_id: chatId, feed_id: feedId, added_by: addedBy, added_at: now })
    .onConflict((oc) => oc.columns(['platform', 'chat_id', 'feed_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unlinkChatFeed(
  db: Db,
  platform: string,
  chatId: string,
  feedId: number,
): Promise<boolean> {
  const r = await db
    .deleteFrom('chat_feeds')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId)
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ids of the feeds linked to a chat, in the order they were added. */
export async function listChatFeedIds(db: Db, platform: string, chatId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('chat_feeds')
    .select('feed_id')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId)
    .orderBy('added_at')
    .orderBy('feed_id')
    .execute();
  return rows.map((r) => Number(r.feed_id));
}

/** How many chats link this feed (an admin feed with none left may be removed). */
export async function countFeedLinks(db: Db, feedId: number): Promise<number> {
  const r = await db
    .selectFrom('chat_feeds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Remove every subscription of the chat (all threads) to `feedId`. Returns how many were removed. */
export async function removeChatFeedSubscriptions(
  db: Db,
  platform: string,
  chatId: string,
  feedId: number,
): Promise<number> {
  const channelIds = db
    .selectFrom('channels')
    .select('id')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId);
  const r = await db
    .deleteFrom('subscriptions')
    .where('channel_id', 'in', channelIds)
    .where('target_kind', '=', 'feed')
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
