/**
 * The Telegram Publisher: renders an OutgoingMessage to HTML chunks and sends them with sendMessage, in the
 * channel's forum topic when it has one. Errors come back as PublishResult values (never thrown).
 * Telegram has no idempotency key, so a retry of the same nonce after a partial send resumes at the first chunk
 * that did not go out (remembered in memory for recent nonces) instead of repeating the ones already posted.
 * notifyAdmins tells the admins who linked a paused channel, in their private chat (notify.ts).
 */
import type { Api } from 'grammy';
import type { ChatDirectory, OutgoingMessage, PublishResult, Publisher } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import { classifyError, isEntityParseError } from './errors.js';
import { notifyLinkingAdmins } from './notify.js';
import { type RenderedMessage, renderMessage } from './render.js';

/** Nonces with a partial send remembered at most (oldest dropped first). */
const MAX_PARTIAL = 1000;

/** `chats` lets notifyAdmins find who linked a channel; without it nobody is told. */
export function createTelegramPublisher(
  api: Api,
  log: Logger,
  chats?: Pick<ChatDirectory, 'linkers'>,
): Publisher {
  const partial = new Map<string, string[]>();
  return {
    platform: 'telegram',
    idempotent: false,
    async publish(message: OutgoingMessage): Promise<PublishResult> {
      if (message.digests.length === 0) return { ok: true, messageIds: [] };
      const key = `${message.channel.chatId}|${message.nonce}`;
      const ids = partial.get(key) ?? [];
      partial.delete(key);
      const chunks = renderMessage(message);
      try {
        for (const chunk of chunks.slice(ids.length)) ids.push(await sendChunk(api, message, chunk, log));
        return { ok: true, messageIds: ids };
      } catch (e) {
        const failure = classifyError(e);
        log.warn(
          { chat: message.channel.chatId, code: failure.code, detail: failure.detail },
          'telegram publish failed',
        );
        if (ids.length === 0) return failure;
        remember(partial, key, ids);
        return { ...failure, detail: `${failure.detail ?? ''} after ${ids.length} of ${chunks.length} sent` };
      }
    },
    notifyAdmins: (channel, text) => notifyLinkingAdmins(api, chats, log, channel, text),
  };
}

function remember(partial: Map<string, string[]>, key: string, ids: string[]): void {
  partial.set(key, ids);
  while (partial.size > MAX_PARTIAL) {
    const oldest = partial.keys().next().value;
    if (oldest === undefined) break;
    partial.delete(oldest);
  }
}

async function sendChunk(
  api: Api,
  message: OutgoingMessage,
  chunk: RenderedMessage,
  log: Logger,
): Promise<string> {
  const chatId = message.channel.chatId;
  const thread = message.channel.threadId ? { message_thread_id: Number(message.channel.threadId) } : {};
  try {
    const sent = await api.sendMessage(chatId, chunk.html, {
      parse_mode: 'HTML',
      link_preview_options: chunk.linkPreview,
      ...thread,
    });
    return String(sent.message_id);
  } catch (e) {
    if (!isEntityParseError(e)) throw e;
    log.warn({ chat: chatId }, 'telegram rejected HTML; retrying once as plain text');
    const sent = await api.sendMessage(chatId, chunk.plain, {
      link_preview_options: { is_disabled: true },
      ...thread,
    });
    return String(sent.message_id);
  }
}
