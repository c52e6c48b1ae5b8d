/** `/channel @name|id|off` and forwarded channel posts: link and select a channel from a private chat. */
import type { Context } from 'grammy';
import type { Lang } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import type { HandlerEnv } from './handlers.js';
import { localeOf } from './handlers.js';
import { verifyChannel } from './channels.js';
import { replyText } from './respond.js';

export async function handleChannelCommand(ctx: Context, env: HandlerEnv, args: string): Promise<void> {
  const locale = localeOf(ctx, env.deps.config.DEFAULT_LANGUAGE);
  if (ctx.chat?.type !== 'private' || !ctx.from)
    return replyText(ctx, t(locale, 'telegram.channel.private_only'));
  const userId = String(ctx.from.id);
  const arg = args.trim().split(/\s+/)[0] ?? '';
  if (arg === '') {
    const current = await env.deps.chats.selected(userId);
    return replyText(
      ctx,
      current
        ? t(locale, 'telegram.channel.current', { title: current.title })
        : t(locale, 'telegram.channel.none'),
    );
  }
  if (['off', 'aus', 'none'].includes(arg.toLowerCase())) {
    await env.deps.chats.unselect(userId);
    return replyText(ctx, t(locale, 'telegram.channel.off'));
  }
  const ref = /^-?\d+$/.test(arg) ? Number(arg) : arg.startsWith('@') ? arg : `@${arg}`;
  return link(ctx, env, ref, locale);
}

/** A post forwarded from a channel into the private chat links that channel. */
export async function handleForwardedPost(ctx: Context, env: HandlerEnv): Promise<void> {
  const origin = ctx.msg?.forward_origin;
  if (ctx.chat?.type !== 'private' || origin?.type !== 'channel') return;
  await link(ctx, env, origin.chat.id, localeOf(ctx, env.deps.config.DEFAULT_LANGUAGE));
}

async function link(ctx: Context, env: HandlerEnv, ref: string | number, locale: Lang): Promise<void> {
  if (!ctx.from) return;
  const verified = await verifyChannel(ctx.api, ref, ctx.from.id, ctx.me.id);
  if (!verified.ok) return replyText(ctx, t(locale, verified.key, verified.params));
  await env.deps.chats.link(String(ctx.from.id), verified.channel);
  await replyText(ctx, t(locale, 'telegram.channel.linked', { title: verified.channel.title }));
}
