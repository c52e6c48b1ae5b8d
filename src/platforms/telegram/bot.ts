/**
 * grammY wiring: the Bot with a configurable apiRoot, bounded auto-retry, per-chat ordering, the handlers,
 * and one error boundary (bot.catch) so a bad update never stops the bot.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { PlatformDeps } from '../types.js';
import { dedupeUpdates } from './cluster.js';
import { commandWord, type HandlerEnv, handleCommand } from './handlers.js';
import { handleChannelCommand, handleForwardedPost } from './link.js';
import { onMyChatMember } from './membership.js';
import { telegramCommandNames } from './parse.js';

export interface BotOptions {
  /** Skip getMe (tests with a known bot user). */
  botInfo?: UserFromGetMe;
  /** Per-call client timeout in seconds (must exceed the long-poll hold). */
  timeoutSeconds?: number;
}

/** Bounds for @grammyjs/auto-retry: short 429 waits only; longer ones go back to the delivery engine. */
export const AUTO_RETRY = {
  maxRetryAttempts: 2,
  maxDelaySeconds: 5,
  rethrowHttpErrors: true,
  rethrowInternalServerErrors: true,
} as const;

export function createBot(deps: PlatformDeps, opts: BotOptions = {}): Bot {
  const token = deps.config.TELEGRAM_BOT_TOKEN ?? '';
  const apiRoot = deps.config.TELEGRAM_API_ROOT;
  const log = deps.log.child({ platform: 'telegram' });
  const bot = new Bot(token, {
    client: { apiRoot, timeoutSeconds: opts.timeoutSeconds ?? 60 },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });
  bot.api.config.use(autoRetry(AUTO_RETRY));
  const env: HandlerEnv = { deps, apiRoot, token };

  // cluster mode: an update runs on one instance only, however often and wherever Telegram delivers it
  if (deps.coordination) bot.use(dedupeUpdates(deps.coordination, log));
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  // a channel's posts are what its subscribers read: commands posted there are not run and nothing is
  // answered there; channels are configured from a private chat (/channel @name)
  bot.on(['channel_post', 'edited_channel_post'], (ctx) => {
    if (commandWord(ctx.channelPost?.text ?? ctx.editedChannelPost?.text ?? ''))
      log.debug({ chat: ctx.chat.id }, 'telegram: command in a channel post ignored');
  });
  bot.on('message:migrate_to_chat_id', async (ctx) => {
    const ref = { platform: 'telegram' as const, chatId: String(ctx.chat.id) };
    await deps.chats.migrate(ref, String(ctx.msg.migrate_to_chat_id));
    log.info({ from: ref.chatId, to: ctx.msg.migrate_to_chat_id }, 'telegram group migrated to supergroup');
  });
  bot.on('my_chat_member', (ctx) =>
    onMyChatMember(deps.chats, log, ctx.myChatMember, {
      maxAgeMs: deps.config.MAX_ITEM_AGE_HOURS * 3_600_000,
    }),
  );
  bot.command('channel', (ctx) => handleChannelCommand(ctx, env, ctx.match));
  bot.command(['start', ...telegramCommandNames()], (ctx) =>
    handleCommand(ctx, env, ctx.msg.text ?? '', ctx.match),
  );
  bot.on('message:document', async (ctx) => {
    const caption = ctx.msg.caption ?? '';
    if (commandWord(caption) !== 'opml') return;
    await handleCommand(ctx, env, caption, caption.replace(/^\/\S+\s*/, ''));
  });
  bot.on('message:forward_origin', (ctx) => handleForwardedPost(ctx, env));

  bot.catch((e) => {
    log.error({ err: e.error, update: e.ctx.update.update_id }, 'telegram update failed');
  });
  return bot;
}
