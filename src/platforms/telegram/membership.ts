/**
 * The bot's own membership (my_chat_member updates): removed from a chat or blocked by a user → pause that chat's
 * subscriptions (every forum topic too) before the next post fails; added back → resume them.
 */
import type { ChatMemberUpdated } from 'grammy/types';
import type { Logger } from '../../log/index.js';
import type { Store } from '../../store/db.js';
import { pauseChannel, resumeChannel } from '../../store/subscriptions-repo.js';

const GONE = new Set(['kicked', 'left']);
const PRESENT = new Set(['member', 'administrator', 'creator']);

async function threadsOf(store: Store, chatId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('channels')
    .select('thread_id')
    .where('platform', '=', 'telegram')
    .where('chat_id', '=', chatId)
    .execute();
  return rows.map((r) => r.thread_id);
}

export async function onMyChatMember(store: Store, log: Logger, u: ChatMemberUpdated): Promise<void> {
  const chatId = String(u.chat.id);
  const was = u.old_chat_member.status;
  const now = u.new_chat_member.status;
  const refs = (await threadsOf(store, chatId)).map((t) => ({
    platform: 'telegram' as const,
    chatId,
    ...(t ? { threadId: t } : {}),
  }));
  if (GONE.has(now) && !GONE.has(was)) {
    const reason = u.chat.type === 'private' ? 'delivery.blocked' : 'delivery.chat_not_found';
    for (const ref of refs) await pauseChannel(store.db, ref, reason);
    log.info(
      { chat: chatId, status: now, channels: refs.length },
      'telegram bot removed; subscriptions paused',
    );
  } else if (PRESENT.has(now) && GONE.has(was)) {
    for (const ref of refs) await resumeChannel(store.db, ref);
    log.info(
      { chat: chatId, status: now, channels: refs.length },
      'telegram bot re-added; subscriptions resumed',
    );
  }
}
