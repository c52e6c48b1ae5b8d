/**
 * Channels configured from a private chat. A user links a channel (by @username, id, or a forwarded post); we
 * verify that the user is an admin there and that the bot may post, remember the link, and select it so the
 * user's private-chat commands configure the channel (ChatDirectory.link). Every later command re-checks the
 * user's admin status.
 */
import type { Api } from 'grammy';
import type { LinkedChannel } from '../../domain/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { botCanPost, isMemberAdmin } from './admin.js';

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
