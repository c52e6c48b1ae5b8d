/**
 * CommandResponse → Telegram replies: plain text escaped into HTML, digests rendered and split, files as documents.
 * Replies land in the invoking chat and topic (grammY's ctx.reply keeps message_thread_id).
 */
import { type Context, InputFile } from 'grammy';
import type { CommandResponse, Lang } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { escapeHtml } from './html.js';
import { isEntityParseError } from './errors.js';
import { renderMessage, renderPlainText } from './render.js';

const NO_PREVIEW = { is_disabled: true } as const;

/** In groups, answers quote the command so everyone sees which request they belong to. */
function replyTo(ctx: Context): {
  reply_parameters?: { message_id: number; allow_sending_without_reply: true };
} {
  const msg = ctx.msg;
  if (!msg || ctx.chat?.type === 'private' || ctx.chat?.type === 'channel') return {};
  return { reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true } };
}

/** Send an HTML reply; on "can't parse entities" send the plain twin once. */
async function replyHtml(
  ctx: Context,
  html: string,
  plain: string,
  preview: object = NO_PREVIEW,
): Promise<void> {
  try {
    await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: preview, ...replyTo(ctx) });
  } catch (e) {
    if (!isEntityParseError(e)) throw e;
    await ctx.reply(plain, { link_preview_options: NO_PREVIEW, ...replyTo(ctx) });
  }
}

export async function replyText(ctx: Context, text: string): Promise<void> {
  for (const chunk of renderPlainText(text)) await replyHtml(ctx, chunk.html, chunk.plain);
}

export interface ReplyOptions {
  locale: Lang;
  /** Shown first when the command configured a linked channel, not the chat itself. */
  channelTitle?: string;
}

export async function sendResponse(ctx: Context, res: CommandResponse, opts: ReplyOptions): Promise<void> {
  const prefix = opts.channelTitle
    ? `${t(opts.locale, 'telegram.channel.context', { title: opts.channelTitle })}\n`
    : '';
  const text = res.text ?? (res.error ? t(opts.locale, res.error.code, res.error.params) : undefined);
  if (text) await replyText(ctx, prefix + text);
  if (res.digests && res.digests.length > 0) {
    for (const chunk of renderMessage({ digests: res.digests, locale: opts.locale })) {
      await replyHtml(ctx, chunk.html, chunk.plain, chunk.linkPreview);
    }
  }
  if (res.file) {
    const file = new InputFile(Buffer.from(res.file.content, 'utf8'), res.file.name);
    await ctx.replyWithDocument(file, {
      caption: escapeHtml(prefix + res.file.name).slice(0, 1000),
      parse_mode: 'HTML',
    });
  }
  if (!text && !res.digests?.length && !res.file) await replyText(ctx, prefix + t(opts.locale, 'internal'));
}
