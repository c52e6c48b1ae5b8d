/**
 * Adding a feed to a chat (feeds add, opml import): the URL is fetched and parsed once through the guarded
 * fetcher; the feed row is stored once per URL and linked to the chat in chat_feeds, within MAX_FEEDS_PER_CHAT.
 * The items a new feed had when it was checked are kept as its first poll (stored silently).
 */
import type { Lang } from '../domain/types.js';
import { toErrorInfo } from '../domain/errors.js';
import {
  type FetchResult,
  feedLanguage,
  fetchFeed,
  type ParsedFeed,
  refreshFromResponse,
  refreshRules,
  simplePorts,
} from '../pipeline/refresh/index.js';
import { addFeed, adoptRetiredFeed, enableFeed, getFeedByUrl, type StoredFeed } from '../store/feeds-repo.js';
import { linkChatFeed, listChatFeedIds } from '../store/chat-feeds-repo.js';
import { chatOf, type Ctx, refuse } from './context.js';
import { isHttpUrl } from './resolve.js';

export interface FeedHints {
  name?: string;
  language?: Lang;
  tags?: string[];
}

export interface IntakeResult {
  feed: StoredFeed;
  /** The feed row was new (first time anyone added this URL). */
  created: boolean;
  /** Items the feed had when it was checked (0 when it was known already and not fetched). */
  items: number;
  /** A disabled feed was checked again and enabled. */
  reenabled?: boolean;
}

export const MAX_NAME_CHARS = 100;

/** The URL as stored: parsed and re-serialized (host lower-case, default port dropped), fragment removed. */
export function feedUrl(raw: string): string {
  const text = raw.trim();
  if (!isHttpUrl(text)) refuse('input.invalid_url');
  const u = new URL(text);
  u.hash = '';
  return u.toString();
}

function checkFeed(ctx: Ctx, url: string): Promise<{ res: FetchResult; parsed: ParsedFeed }> {
  return fetchFeed(ctx.deps.fetcher, url);
}

/**
 * Keep what the check saw as the feed's known items: stored silently as its first poll, so the first scheduled
 * poll announces everything newer (an item published between `feeds add` and that poll is not lost). A failure
 * here leaves the feed uninitialized: its first scheduled poll then stores silently, as before.
 */
async function keepAsFirstPoll(ctx: Ctx, feed: StoredFeed, res: FetchResult): Promise<void> {
  if (feed.initialized) return;
  try {
    const { db, deps } = ctx;
    const ports = simplePorts({ db, ...deps, now: () => ctx.now });
    await refreshFromResponse(feed, res, ports, refreshRules(deps.config));
  } catch (e) {
    ctx.deps.log.warn({ feedId: feed.id, code: toErrorInfo(e).code }, 'items seen by feeds add not kept');
  }
}

/** A feed name is untrusted text shown in lists: one line, no control or bidi-override characters, bounded. */
export function cleanName(raw: string): string {
  return raw
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_NAME_CHARS);
}

/** Fetch and parse a new URL once, then store it (name, language and tags from the hints or the feed). */
async function storeNewFeed(ctx: Ctx, url: string, hints: FeedHints): Promise<IntakeResult> {
  const { res, parsed } = await checkFeed(ctx, url);
  const name = cleanName(hints.name ?? '') || cleanName(parsed.title) || new URL(url).hostname;
  const r = await addFeed(
    ctx.db,
    {
      url,
      name,
      language: hints.language ?? feedLanguage(parsed, ctx.lang),
      tags: hints.tags ?? [],
      intervalMinutes: ctx.deps.config.POLL_INTERVAL_MINUTES,
      fullText: ctx.deps.config.FULL_TEXT,
    },
    ctx.now,
  );
  await keepAsFirstPoll(ctx, r.feed, res);
  return { feed: r.feed, created: r.created, items: parsed.items.length };
}

async function link(ctx: Ctx, feedId: number): Promise<void> {
  const { platform, chatId } = chatOf(ctx);
  const by = `${ctx.req.actor.platform}:${ctx.req.actor.userId}`;
  await linkChatFeed(ctx.db, platform, chatId, feedId, by, ctx.now);
  // a feed the operator removed from the catalog is polled again once a chat adds it
  await adoptRetiredFeed(ctx.db, feedId);
}

/** Validate (fetch + parse) and store a feed, then link it to the caller's chat. Throws AppError on refusal. */
export async function addFeedToChat(ctx: Ctx, rawUrl: string, hints: FeedHints = {}): Promise<IntakeResult> {
  const url = feedUrl(rawUrl);
  const { platform, chatId } = chatOf(ctx);
  const linked = await listChatFeedIds(ctx.db, platform, chatId);
  const known = await getFeedByUrl(ctx.db, url);
  if (known?.health === 'disabled') return reenable(ctx, known, linked);
  if (known && linked.includes(known.id)) refuse('command.already_exists', { what: known.name });
  const cap = ctx.deps.config.MAX_FEEDS_PER_CHAT;
  if (linked.length >= cap) refuse('command.limit_reached', { limit: cap });
  // a URL another chat added was validated then: linked without fetching again
  const result = known ? { feed: known, created: false, items: 0 } : await storeNewFeed(ctx, url, hints);
  await link(ctx, result.feed.id);
  return result;
}

/**
 * Adding a feed the poller disabled after repeated failures checks it again: when it fetches and parses now,
 * it is enabled (due at once) and linked; when not, the caller sees today's error.
 */
async function reenable(ctx: Ctx, feed: StoredFeed, linked: number[]): Promise<IntakeResult> {
  const cap = ctx.deps.config.MAX_FEEDS_PER_CHAT;
  if (!linked.includes(feed.id) && linked.length >= cap) refuse('command.limit_reached', { limit: cap });
  const { parsed } = await checkFeed(ctx, feed.url);
  await enableFeed(ctx.db, feed.id, ctx.now);
  await link(ctx, feed.id);
  return {
    feed: { ...feed, health: 'ok', errorCount: 0 },
    created: false,
    items: parsed.items.length,
    reenabled: true,
  };
}
