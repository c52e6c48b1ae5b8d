/**
 * feeds test <feed> (admins): what the next post would look like — the feed fetched now through the guarded
 * fetcher, its newest item read as the poll reads it (full text from the page when the feed gives only a teaser,
 * by the poll's rules: pipeline/refresh/preview.ts), summarized in the chat's language.
 */
import type { CommandResponse } from '../../domain/types.js';
import { pageText, previewNextPost } from '../../pipeline/refresh/index.js';
import { chatOf, type Ctx, fail, reply } from '../context.js';
import { optString } from '../options.js';
import { findFeed, visibleFeeds } from '../resolve.js';

export async function feedsTestHandler(ctx: Ctx): Promise<CommandResponse> {
  const { platform, chatId } = chatOf(ctx);
  const text = optString(ctx.opts, 'feed') ?? '';
  const feed = findFeed(await visibleFeeds(ctx.db, platform, chatId), text);
  if (!feed) return fail(ctx.privateLang, 'command.not_found', { what: text.slice(0, 100) });
  const { fetcher, summarizer, log } = ctx.deps;
  const post = await previewNextPost(feed, { fetcher, pages: pageText(fetcher), summarizer, log }, ctx.lang);
  if (!post) return fail(ctx.privateLang, 'parse.empty');
  return reply(ctx, 'cmd.feeds_test.ok', { name: feed.name, title: post.title }, { digests: [post.digest] });
}
