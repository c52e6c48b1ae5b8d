/**
 * Who may configure a chat: in private chats the user owns their chat; in groups and supergroups only the
 * creator and administrators (getChatMember), including anonymous admins who post as the group itself;
 * posts inside a channel come from its admins by definition.
 */
import type { Api } from 'grammy';
import type { Chat, User } from 'grammy/types';

export interface Sender {
  chat: Pick<Chat, 'id' | 'type'>;
  from?: Pick<User, 'id'>;
  senderChat?: Pick<Chat, 'id'>;
}

const ADMIN_STATUSES = new Set(['creator', 'administrator']);

export async function isChatAdmin(api: Api, s: Sender): Promise<boolean> {
  if (s.chat.type === 'private') return true;
  if (s.chat.type === 'channel') return true;
  if (s.senderChat && s.senderChat.id === s.chat.id) return true;
  if (!s.from) return false;
  return isMemberAdmin(api, s.chat.id, s.from.id);
}

/** getChatMember: creator or administrator. Errors (user unknown, chat gone) count as "not an admin". */
export async function isMemberAdmin(api: Api, chatId: number | string, userId: number): Promise<boolean> {
  try {
    const m = await api.getChatMember(chatId, userId);
    return ADMIN_STATUSES.has(m.status);
  } catch {
    return false;
  }
}

/** The bot itself may post in the channel: an administrator with can_post_messages (or the creator). */
export async function botCanPost(api: Api, chatId: number | string, botId: number): Promise<boolean> {
  try {
    const m = await api.getChatMember(chatId, botId);
    if (m.status === 'creator') return true;
    return m.status === 'administrator' && m.can_post_messages === true;
  } catch {
    return false;
  }
}
