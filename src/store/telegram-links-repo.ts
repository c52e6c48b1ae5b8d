/**
 * Telegram channel links (telegram_channel_links): the channels a user linked from a private chat, and the one
 * selected, which the user's private-chat commands configure. Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { LinkedChannel } from '../domain/types.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Store the link and make it the user's selected channel (only one selected at a time). */
export async function linkChannel(
  db: Db,
  userId: string,
  ch: LinkedChannel,
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('telegram_channel_links')
      .set({ selected: 0 })
      .where('user_id', '=', userId)
      .execute();
    await trx
      .insertInto('telegram_channel_links')
      .values({
        user_id: userId,
        channel_chat_id: ch.chatId,
        title: ch.title,
        username: ch.username,
        selected: 1,
        linked_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'channel_chat_id'])
          .doUpdateSet({ title: ch.title, username: ch.username, selected: 1 }),
      )
      .execute();
  });
}

export async function selectedChannel(db: Db, userId: string): Promise<LinkedChannel | undefined> {
  const row = await db
    .selectFrom('telegram_channel_links')
    .select(['channel_chat_id', 'title', 'username'])
    .where('user_id', '=', userId)
    .where('selected', '=', 1)
    .executeTakeFirst();
  return row ? { chatId: row.channel_chat_id, title: row.title, username: row.username } : undefined;
}

export async function unselectChannel(db: Db, userId: string): Promise<void> {
  await db.updateTable('telegram_channel_links').set({ selected: 0 }).where('user_id', '=', userId).execute();
}

/** Users who linked this channel from a private chat, most recent link first, at most `limit`. */
export async function channelLinkers(
  db: Db,
  chatId: string,
  limit: number,
): Promise<{ userId: string; title: string }[]> {
  const rows = await db
    .selectFrom('telegram_channel_links')
    .select(['user_id', 'title'])
    .where('channel_chat_id', '=', chatId)
    .orderBy('linked_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, title: r.title }));
}
