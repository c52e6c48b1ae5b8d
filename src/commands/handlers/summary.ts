/**
 * summary <url>: fetch the page through the guarded fetcher, extract its text, summarize it in the chat's language.
 * summary latest [count]: the newest digests of this channel's subscriptions, each the article's digest in the
 * chat's language by the same rule as a delivered message (pipeline/refresh/digest.ts).
 */
import type { CommandResponse, Digest } from '../../domain/types.js';
import { digestIn, readPage } from '../../pipeline/refresh/index.js';
import { latestArticles } from '../../store/articles-repo.js';
import { getFeedsByIds } from '../../store/feeds-repo.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import { type Ctx, fail, reply, usageHint, usageText } from '../context.js';
import { optInt, optString } from '../options.js';
import { isHttpUrl } from '../resolve.js';

export const DEFAULT_LATEST = 5;

export async function summaryHandler(ctx: Ctx): Promise<CommandResponse> {
  const target = optString(ctx.opts, 'target') ?? '';
  if (/^(latest|neueste)$/i.test(target)) return latest(ctx, optInt(ctx.opts, 'count') ?? DEFAULT_LATEST);
  if (!isHttpUrl(target)) {
    // neither a URL nor "latest": say what the target can be
    const res = fail(ctx.privateLang, 'input.invalid_url');
    return { ...res, text: `${res.text}\n${usageText(ctx, ctx.privateLang, 'summary')}` };
  }
  const page = await readPage(ctx.deps.fetcher, target);
  const host = new URL(page.url).hostname;
  const digest = await ctx.deps.summarizer.summarize({
    text: page.text,
    title: page.title,
    url: page.url,
    targetLang: ctx.lang,
    source: { name: host, url: page.url },
  });
  return reply(ctx, 'cmd.summary.ok', { title: digest.headline || host }, { digests: [digest] });
}

async function latest(ctx: Ctx, count: number): Promise<CommandResponse> {
  const subs = await listSubscriptions(ctx.db, ctx.req.channel);
  if (subs.length === 0)
    return reply(ctx, 'cmd.list.empty', { usage: usageHint(ctx, ctx.lang, 'subscribe') });
  const feedIds = subs.flatMap((s) => (s.target.kind === 'feed' ? [s.target.feedId] : []));
  const tags = subs.flatMap((s) => (s.target.kind === 'tag' ? [s.target.tag] : []));
  const articles = await latestArticles(ctx.db, { feedIds, tags, limit: count });
  // the names of the articles' feeds only, not every feed of the store
  const feeds = await getFeedsByIds(
    ctx.db,
    articles.map((a) => a.feedId),
  );
  const names = new Map(feeds.map((f) => [f.id, f.name]));
  const digests: Digest[] = [];
  for (const a of articles) {
    digests.push(await digestIn(ctx.db, ctx.deps.summarizer, a, ctx.lang, names.get(a.feedId) ?? ''));
  }
  if (digests.length === 0) return reply(ctx, 'cmd.summary.latest_empty');
  return reply(ctx, 'cmd.summary.latest', { count: digests.length }, { digests });
}
