/** why <url>: the delivery decisions about an article in this channel, from the delivery engine's records. */
import { decodeReason } from '../../domain/delivery-reason.js';
import type { CommandResponse } from '../../domain/types.js';
import { type MessageKey, t } from '../../i18n/index.js';
import { normalizeUrl } from '../../pipeline/identify/index.js';
import {
  findArticleByUrl,
  firstStoredAt,
  type StoredArticle,
  storedBefore,
} from '../../store/articles-repo.js';
import { getFeed, type StoredFeed } from '../../store/feeds-repo.js';
import { getChannel } from '../../store/channels-repo.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import type { WhyRecord } from '../deps.js';
import { type Ctx, fail, reply, replyLines, usageHint } from '../context.js';
import { dateLabel, reasonLabel } from '../format.js';
import type { Lang } from '../../domain/types.js';
import { optString } from '../options.js';

/** The engine's reason as a localized phrase ('' when the status says it all, the raw text when unknown). */
export function whyReason(lang: Lang, reason: string): string {
  const r = decodeReason(reason);
  switch (r.kind) {
    case 'delivered':
    case 'queued':
      return '';
    case 'unknown':
      return reasonLabel(lang, r.text);
    case 'failed':
    case 'paused':
    case 'held':
      return t(lang, `cmd.why.reason.${r.kind}`, { detail: reasonLabel(lang, r.code) });
    case 'too_old':
    case 'channel_gone':
    case 'article_gone':
    case 'expired':
    case 'no_include':
      return t(lang, `cmd.why.reason.${r.kind}`);
    case 'filtered':
      return t(lang, 'cmd.why.reason.filtered', { detail: r.term });
    case 'invalid_filter':
      return t(lang, 'cmd.why.reason.filtered', { detail: `invalid filter: ${r.code}` });
    case 'duplicate':
      return t(lang, 'cmd.why.reason.duplicate', { detail: r.of });
    case 'too_old_paused':
      return t(lang, 'cmd.why.reason.too_old_paused', { hours: r.hours });
    case 'not_selected':
      return t(lang, 'cmd.why.reason.not_selected', { detail: `max ${r.max}` });
  }
}

function line(ctx: Ctx, r: WhyRecord, timezone: string): string {
  const status = t(ctx.lang, `cmd.why.status.${r.status}`);
  const reason = r.reason ? whyReason(ctx.lang, r.reason) : r.errorCode ? t(ctx.lang, r.errorCode) : '';
  return t(ctx.lang, 'cmd.why.line', {
    id: r.subscriptionId,
    status,
    reason: reason ? ` — ${reason}` : '',
    at: r.at === undefined ? '' : ` (${dateLabel(ctx.lang, r.at, timezone)})`,
  });
}

export async function whyHandler(ctx: Ctx): Promise<CommandResponse> {
  const raw = optString(ctx.opts, 'url') ?? '';
  const url = normalizeUrl(raw);
  if (!url) return fail(ctx.privateLang, 'input.invalid_url');
  const delivery = ctx.deps.delivery;
  if (!delivery) return fail(ctx.privateLang, 'command.unavailable');
  const records = await delivery.why(ctx.req.channel, url);
  const tz = ctx.deps.config.DIGEST_TIMEZONE;
  if (records.length > 0) {
    const title = records.find((r) => r.title)?.title ?? url;
    return replyLines(
      ctx,
      'cmd.why.header',
      { title },
      records.map((r) => line(ctx, r, tz)),
    );
  }
  const article = await findArticleByUrl(ctx.db, url);
  if (!article) return reply(ctx, 'cmd.why.unknown_article');
  const channel = await getChannel(ctx.db, ctx.req.channel);
  if (!channel) return reply(ctx, 'cmd.list.empty', { usage: usageHint(ctx, ctx.lang, 'subscribe') });
  const feed = await getFeed(ctx.db, article.feedId);
  if (!feed) return reply(ctx, 'cmd.why.not_matched', { title: article.title });
  return reply(ctx, await unrecordedReason(ctx, article, feed), { title: article.title, feed: feed.name });
}

/**
 * Why an article the bot stored has no decision in this chat, from what really happened to it: not announced
 * (kept silently at the feed's first reading, too old on arrival, a re-publication), or announced but not for
 * this chat (no subscription covers its feed, it came before the subscription, or it is about to be handled).
 */
async function unrecordedReason(ctx: Ctx, a: StoredArticle, feed: StoredFeed): Promise<MessageKey> {
  if (!a.announce) {
    if ((await firstStoredAt(ctx.db, a.feedId)) === a.createdAt) return 'cmd.why.first_poll';
    const maxAgeMs = ctx.deps.config.MAX_ITEM_AGE_HOURS * 3_600_000;
    if (a.publishedAt !== undefined && a.createdAt - a.publishedAt > maxAgeMs)
      return 'cmd.why.too_old_on_arrival';
    if (await storedBefore(ctx.db, a.feedId, a.canonicalUrl, a.createdAt)) return 'cmd.why.republished';
    return 'cmd.why.first_poll';
  }
  const covering = (await listSubscriptions(ctx.db, ctx.req.channel)).filter((s) =>
    s.target.kind === 'feed' ? s.target.feedId === feed.id : feed.tags.includes(s.target.tag),
  );
  if (covering.length === 0) return 'cmd.why.not_covered';
  if (!a.fanoutDone) return 'cmd.why.waiting';
  return 'cmd.why.before_subscription';
}
