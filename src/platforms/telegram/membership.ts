/**
 * The bot's own membership (my_chat_member updates): removed from a chat or blocked by a user → pause that chat's
 * subscriptions (every forum topic too) and hold what is queued before the next post fails; still in the chat but
 * no longer allowed to post (a channel admin without "post messages", restricted) → pause as missing permissions;
 * allowed to post again (member or administrator that may post) → resume the paused subscriptions and release
 * what they held (see src/delivery/pause.ts).
 */
import type { ChatMember, ChatMemberUpdated } from 'grammy/types';
import type { ChatDirectory } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';

const GONE = new Set(['kicked', 'left']);

/** May the bot post in this chat with this membership? Channels need an admin with can_post_messages. */
export function botMayPost(chatType: string, m: ChatMember): boolean {
  if (m.status === 'creator') return true;
  if (m.status === 'administrator') return chatType !== 'channel' || m.can_post_messages === true;
  if (m.status === 'member') return chatType !== 'channel';
  if (m.status === 'restricted') return m.is_member && m.can_send_messages;
  return false;
}

export interface MembershipOptions {
  /** MAX_ITEM_AGE_HOURS in ms: held items older than this are recorded too old on resume. */
  maxAgeMs: number;
  now?: () => number;
}

export async function onMyChatMember(
  chats: ChatDirectory,
  log: Logger,
  u: ChatMemberUpdated,
  opts: MembershipOptions,
): Promise<void> {
  const chatId = String(u.chat.id);
  const was = u.old_chat_member;
  const is = u.new_chat_member;
  const now = opts.now?.() ?? Date.now();
  const refs = (await chats.threads('telegram', chatId)).map((t) => ({
    platform: 'telegram' as const,
    chatId,
    ...(t ? { threadId: t } : {}),
  }));
  if (refs.length === 0) return;
  if (GONE.has(is.status) && !GONE.has(was.status)) {
    const reason = u.chat.type === 'private' ? 'delivery.blocked' : 'delivery.chat_not_found';
    for (const ref of refs) await chats.pause(ref, reason, now);
    log.info(
      { chat: chatId, status: is.status, channels: refs.length },
      'telegram bot removed; subscriptions paused',
    );
  } else if (botMayPost(u.chat.type, is)) {
    let resumed = 0;
    for (const ref of refs) {
      const r = await chats.resume(ref, { now, maxAgeMs: opts.maxAgeMs });
      resumed += r?.resumed.length ?? 0;
    }
    if (resumed > 0)
      log.info(
        { chat: chatId, status: is.status, subscriptions: resumed },
        'telegram bot may post again; subscriptions resumed',
      );
  } else if (!GONE.has(is.status) && botMayPost(u.chat.type, was)) {
    for (const ref of refs) await chats.pause(ref, 'delivery.missing_permissions', now);
    log.info(
      { chat: chatId, status: is.status, channels: refs.length },
      'telegram bot may no longer post; subscriptions paused',
    );
  }
}
