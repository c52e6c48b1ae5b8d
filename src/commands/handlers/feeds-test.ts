/**
 * feeds test <feed> (admins): what the next post would look like — the feed fetched now through the guarded
 * fetcher, its newest item (full text from the page when the feed gives only a teaser) summarized in the chat's language.
 */
import type { CommandResponse } from '../../domain/types.js';
import { extractArticle, isTeaser } from '../../pipeline/extract/index.js';
import { type ParsedItem, parseFeed } from '../../pipeline/parse/index.js';
import type { StoredFeed } from '../../store/feeds-repo.js';
import { chatOf, type Ctx, fail, reply } from '../context.js';
import { optString } from '../options.js';
import { findFeed, visibleFeeds } from '../resolve.js';

function newest(items: ParsedItem[]): ParsedItem | undefined {
  let best: ParsedItem | undefined;
  for (const it of items) {
    if (!best || (it.publishedAt ?? 0) > (best.publishedAt ?? 0)) best = it;
  }
  return best;
}

/** The item's text, or the page's full text when the feed carries only a teaser (page errors keep the teaser). */
async function itemText(ctx: Ctx, feed: StoredFeed, item: ParsedItem): Promise<string> {
  if (!feed.fullText || !item.link || !isTeaser(item.text)) return item.text;
  try {
    const page = await ctx.deps.fetcher.fetch(item.link, { kind: 'page' });
    const article = await extractArticle({
      body: page.body,
      contentType: page.contentType,
      url: page.finalUrl,
    });
    return article.text;
  } catch (e) {
    ctx.deps.log.debug({ err: e, url: item.link }, 'feeds test: page not usable, using the feed text');
    return item.text;
  }
}

export async function feedsTestHandler(ctx: Ctx): Promise<CommandResponse> {
  const { platform, chatId } = chatOf(ctx);
  const text = optString(ctx.opts, 'feed') ?? '';
  const feed = findFeed(await visibleFeeds(ctx.db, platform, chatId), text);
  if (!feed) return fail(ctx.privateLang, 'command.not_found', { what: text.slice(0, 100) });
  const res = await ctx.deps.fetcher.fetch(feed.url, { kind: 'feed' });
  const parsed = await parseFeed({ body: res.body, contentType: res.contentType, url: res.finalUrl });
  const item = newest(parsed.items);
  if (!item) return fail(ctx.privateLang, 'parse.empty');
  const body = await itemText(ctx, feed, item);
  const digest = await ctx.deps.summarizer.summarize({
    text: body.trim() === '' ? item.title : body,
    title: item.title,
    url: item.link,
    lang: feed.language,
    targetLang: ctx.lang,
    source: { name: feed.name, url: item.link, publishedAt: item.publishedAt },
  });
  return reply(ctx, 'cmd.feeds_test.ok', { name: feed.name, title: item.title }, { digests: [digest] });
}
