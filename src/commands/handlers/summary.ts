/**
 * summary <url>: fetch the page through the guarded fetcher, extract its text, summarize it in the chat's language.
 * summary latest [count]: the newest digests of this channel's subscriptions.
 */
import type { CommandResponse, Digest } from '../../domain/types.js';
import { extractArticle } from '../../pipeline/extract/index.js';
import { articleInput } from '../../pipeline/summarize/article-input.js';
import { latestArticles, listDigests, type StoredArticle } from '../../store/articles-repo.js';
import { listFeeds } from '../../store/feeds-repo.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import { type Ctx, fail, reply, usageHint } from '../context.js';
import { optInt, optString } from '../options.js';
import { isHttpUrl } from '../resolve.js';

export const DEFAULT_LATEST = 5;

export async function summaryHandler(ctx: Ctx): Promise<CommandResponse> {
  const target = optString(ctx.opts, 'target') ?? '';
  if (/^(latest|neueste)$/i.test(target)) return latest(ctx, optInt(ctx.opts, 'count') ?? DEFAULT_LATEST);
  if (!isHttpUrl(target)) return fail(ctx.privateLang, 'input.invalid_url');
  const page = await ctx.deps.fetcher.fetch(target, { kind: 'page' });
  const article = await extractArticle({
    body: page.body,
    contentType: page.contentType,
    url: page.finalUrl,
  });
  const host = new URL(page.finalUrl).hostname;
  const digest = await ctx.deps.summarizer.summarize({
    text: article.text,
    title: article.title,
    url: page.finalUrl,
    targetLang: ctx.lang,
    source: { name: host, url: page.finalUrl },
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
  const names = new Map((await listFeeds(ctx.db)).map((f) => [f.id, f.name]));
  const digests: Digest[] = [];
  for (const a of articles) {
    const d = await digestFor(ctx, a, names.get(a.feedId));
    if (d) digests.push(d);
  }
  if (digests.length === 0) return reply(ctx, 'cmd.summary.latest_empty');
  return reply(ctx, 'cmd.summary.latest', { count: digests.length }, { digests });
}

/** The stored digest in the wanted language, else a fresh one (not stored: the pipeline owns stored digests). */
async function digestFor(
  ctx: Ctx,
  a: StoredArticle,
  feedName: string | undefined,
): Promise<Digest | undefined> {
  const lang = ctx.lang;
  const stored = await listDigests(ctx.db, a.pk);
  const match = stored.find((d) => d.language === lang) ?? stored.find((d) => d.requestedLanguage === lang);
  if (match) return match;
  if (a.text.trim() === '') return stored[0];
  return ctx.deps.summarizer.summarize(articleInput(a, lang, feedName));
}
