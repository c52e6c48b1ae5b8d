/**
 * The Telegram Publisher: renders an OutgoingMessage to HTML chunks and sends them with sendMessage, in the
 * channel's forum topic when it has one. Errors come back as PublishResult values (never thrown).
 */
import type { Api } from 'grammy';
import type { OutgoingMessage, PublishResult, Publisher } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import { classifyError, isEntityParseError } from './errors.js';
import { type RenderedMessage, renderMessage } from './render.js';

export function createTelegramPublisher(api: Api, log: Logger): Publisher {
  return {
    platform: 'telegram',
    idempotent: false,
    async publish(message: OutgoingMessage): Promise<PublishResult> {
      const ids: string[] = [];
      try {
        for (const chunk of renderMessage(message)) ids.push(await sendChunk(api, message, chunk, log));
        return { ok: true, messageIds: ids };
      } catch (e) {
        const failure = classifyError(e);
        log.warn(
          { chat: message.channel.chatId, code: failure.code, detail: failure.detail },
          'telegram publish failed',
        );
        return ids.length > 0
          ? { ...failure, detail: `${failure.detail ?? ''} after ${ids.length} sent` }
          : failure;
      }
    },
  };
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
