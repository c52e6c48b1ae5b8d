/** subscribe <feed|tag> [mode] [language]: subscribe this channel, within the per-chat cap. */
import type { Lang } from '../../domain/types.js';
import { ensureChannel } from '../../store/channels-repo.js';
import { countChatSubscriptions, subscribe } from '../../store/subscriptions-repo.js';
import { chatOf, type Ctx, fail, reply } from '../context.js';
import type { CommandResponse } from '../../domain/types.js';
import { feedMap, langLabel, modeLabel, reasonLabel, targetLabel } from '../format.js';
import { resumeCommand } from './resume.js';
import { optString } from '../options.js';
import { findTarget, isHttpUrl, tagsOf, visibleFeeds } from '../resolve.js';
import { callLine } from '../names.js';
import type { StoredFeed } from '../../store/feeds-repo.js';
import { t } from '../../i18n/index.js';

/** Tags listed at most in the not-found hint. */
export const MAX_HINT_TAGS = 30;

/**
 * Not found, with the topics and a few feed names this chat can subscribe to; a feed URL this chat has not added
 * yet (feeds are added per chat) also gets the command that adds it.
 */
function notFound(ctx: Ctx, text: string, feeds: StoredFeed[]): CommandResponse {
  const res = fail(ctx.privateLang, 'command.not_found', { what: text.slice(0, 100) });
  if (isHttpUrl(text)) {
    const lang = ctx.privateLang;
    const command = callLine(lang, 'feeds add', ctx.req.syntax, [['url', text.trim()]]);
    return { ...res, text: `${res.text}\n${t(lang, 'cmd.subscribe.add_hint', { command })}` };
  }
  const tags = tagsOf(feeds).slice(0, MAX_HINT_TAGS);
  const names = feeds.slice(0, 10).map((f) => f.name);
  if (tags.length === 0 && names.length === 0) return res;
  const hint = t(ctx.privateLang, 'cmd.subscribe.hint', {
    tags: tags.length > 0 ? tags.join(', ') : '–',
    feeds: names.length > 0 ? names.join(', ') : '–',
  });
  return { ...res, text: `${res.text}\n${hint}` };
}

export async function subscribeHandler(ctx: Ctx): Promise<CommandResponse> {
  const { db, req, deps } = ctx;
  const { platform, chatId } = chatOf(ctx);
  const text = optString(ctx.opts, 'target') ?? '';
  const feeds = await visibleFeeds(db, platform, chatId);
  const target = findTarget(feeds, text);
  if (!target) return notFound(ctx, text, feeds);
  const count = await countChatSubscriptions(db, platform, chatId);
  const cap = deps.config.MAX_SUBSCRIPTIONS_PER_CHAT;
  if (count >= cap) return fail(ctx.privateLang, 'command.limit_reached', { limit: cap });
  // a chat first seen here keeps the caller's language for its answers, whatever language this subscription has
  const channel = await ensureChannel(db, req.channel, ctx.lang, ctx.now);
  const language = (optString(ctx.opts, 'language') as Lang | undefined) ?? channel.language;
  const mode = optString(ctx.opts, 'mode') === 'digest' ? 'digest' : 'instant';
  const { subscription, created } = await subscribe(
    db,
    req.channel,
    {
      target,
      language,
      mode,
      cron: deps.config.DIGEST_SCHEDULE,
      timezone: deps.config.DIGEST_TIMEZONE,
      createdBy: `${req.actor.platform}:${req.actor.userId}`,
    },
    ctx.now,
  );
  const label = targetLabel(ctx.lang, subscription.target, feedMap(feeds));
  if (!created) {
    const res = fail(ctx.privateLang, 'command.already_exists', { what: label });
    if (!subscription.pausedReason) return res;
    const hint = t(ctx.privateLang, 'cmd.subscribe.paused_hint', {
      reason: reasonLabel(ctx.privateLang, subscription.pausedReason),
      command: resumeCommand(ctx.privateLang, req.channel.platform),
      id: subscription.id,
    });
    return { ...res, text: `${res.text}\n${hint}` };
  }
  return reply(ctx, 'cmd.subscribe.ok', {
    target: label,
    id: subscription.id,
    mode: modeLabel(ctx.lang, subscription),
    language: langLabel(ctx.lang, subscription.language),
  });
}
