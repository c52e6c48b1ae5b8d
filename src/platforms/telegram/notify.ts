/**
 * Telling a channel's admins that posting there was paused (the engine's notifyAdmins). The only people the
 * bot can reach are those who linked the channel from their private chat (telegram_channel_links): each gets
 * the notice there, HTML-escaped, with the channel's title. A group or private chat that blocked or removed
 * the bot has nobody else to tell. Never throws: failures are logged at debug and swallowed.
 */
import type { Api } from 'grammy';
import type { ChannelRef, ChatDirectory } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import { cleanText, escapeHtml } from './html.js';

/** At most this many linking users are told (a channel rarely has more admins who linked it). */
export const MAX_NOTIFIED = 10;

export interface ChannelLinker {
  userId: string;
  title: string;
}

/** The private-chat notice: the escaped text, then the channel it is about. */
export function noticeHtml(text: string, title: string): string {
  return `${escapeHtml(cleanText(text))}\n\n<b>${escapeHtml(cleanText(title))}</b>`;
}

async function tell(api: Api, log: Logger, user: ChannelLinker, chatId: string, text: string): Promise<void> {
  try {
    await api.sendMessage(user.userId, noticeHtml(text, user.title), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    log.info({ chat: chatId, user: user.userId }, 'telegram: channel admin told of the pause');
  } catch (e) {
    const status =
      typeof e === 'object' && e !== null ? (e as { error_code?: unknown }).error_code : undefined;
    log.debug({ chat: chatId, user: user.userId, status }, 'telegram: could not tell a channel admin');
  }
}

/** notifyAdmins for Telegram: the linking admins of a channel, in private; nobody otherwise. */
export async function notifyLinkingAdmins(
  api: Api,
  chats: Pick<ChatDirectory, 'linkers'> | undefined,
  log: Logger,
  channel: ChannelRef,
  text: string,
): Promise<void> {
  try {
    const linkers = chats ? await chats.linkers(channel.chatId, MAX_NOTIFIED) : [];
    if (linkers.length === 0) {
      log.debug({ chat: channel.chatId }, 'telegram: nobody reachable to tell of the pause');
      return;
    }
    for (const user of linkers) await tell(api, log, user, channel.chatId, text);
  } catch (e) {
    log.debug({ chat: channel.chatId, err: String(e) }, 'telegram: could not look up channel admins');
  }
}
