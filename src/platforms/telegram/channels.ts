/**
 * Channels configured from a private chat. A user links a channel (by @username, id, or a forwarded post); we
 * verify that the user is an admin there and that the bot may post, remember the link, and select it so the
 * user's private-chat commands configure the channel. Every later command re-checks the user's admin status.
 */
import type { Api } from 'grammy';
import type { MessageKey } from '../../i18n/index.js';
import type { Store } from '../../store/db.js';
import { botCanPost, isMemberAdmin } from './admin.js';

export interface LinkedChannel {
  chatId: string;
  title: string;
  username: string;
}

export type VerifyResult =
  | { ok: true; channel: LinkedChannel }
  | { ok: false; key: MessageKey; params?: Record<string, string> };

/** Check both sides of a channel link: the user administers it, and the bot can post there. */
export async function verifyChannel(
  api: Api,
  ref: string | number,
  userId: number,
  botId: number,
): Promise<VerifyResult> {
  let chat: { id: number; type: string; title?: string; username?: string };
  try {
    chat = await api.getChat(ref);
  } catch {
    return { ok: false, key: 'telegram.channel.not_found' };
  }
  if (chat.type !== 'channel') return { ok: false, key: 'telegram.channel.not_channel' };
  const channel = {
    chatId: String(chat.id),
    title: chat.title ?? String(chat.id),
    username: chat.username ?? '',
  };
  const params = { title: channel.title };
  if (!(await isMemberAdmin(api, chat.id, userId)))
    return { ok: false, key: 'telegram.channel.not_admin', params };
  if (!(await botCanPost(api, chat.id, botId)))
    return { ok: false, key: 'telegram.channel.bot_cannot_post', params };
  return { ok: true, channel };
}

/** Store the link and make it the user's selected channel (only one selected at a time). */
export async function linkChannel(
  store: Store,
  userId: string,
  ch: LinkedChannel,
  now = Date.now(),
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
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

export async function selectedChannel(store: Store, userId: string): Promise<LinkedChannel | undefined> {
  const row = await store.db
    .selectFrom('telegram_channel_links')
    .select(['channel_chat_id', 'title', 'username'])
    .where('user_id', '=', userId)
    .where('selected', '=', 1)
    .executeTakeFirst();
  return row ? { chatId: row.channel_chat_id, title: row.title, username: row.username } : undefined;
}

export async function unselectChannel(store: Store, userId: string): Promise<void> {
  await store.db
    .updateTable('telegram_channel_links')
    .set({ selected: 0 })
    .where('user_id', '=', userId)
    .execute();
}
