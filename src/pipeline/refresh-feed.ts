/**
 * The feed orchestrator — the only module that imports several pipeline stages:
 * fetch → decode/parse → identify/dedup → full text (extract) → summarize → store (one transaction).
 */
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import { AppError, type ErrorCode, toErrorInfo } from '../domain/errors.js';
import type { Digest, Summarizer } from '../domain/types.js';
import { type Logger, silentLogger } from '../log/index.js';
import {
  type ArticleInput,
  type FeedStatePatch,
  knownCanonicalUrls,
  knownIds,
  type StoredArticle,
  type StoredFeed,
  saveRefresh,
  updateFeedState,
} from '../store/feeds-repo.js';
import type { RefreshWriter } from '../store/refresh-writer.js';
import type { Database } from '../store/schema.js';
import { isTeaser } from './extract/teaser.js';
import type { Fetcher, FetchResult } from './fetch/index.js';
import { assignIds, type NewItem, selectNew, withUrls } from './identify/index.js';
import { decodeBody, type FeedInput, type ParsedFeed, type ParsedItem, parseFeed } from './parse/index.js';
import { failureState, nextCheckAfterSuccess } from './refresh/timing.js';

export interface RefreshDeps {
  db: Kysely<Database>;
  fetcher: Fetcher;
  summarizer: Summarizer;
  /** Items older than this are stored but not announced. */
  maxItemAgeHours: number;
  log?: Logger;
  now?: () => number;
  /** Compute everything, write nothing. */
  dryRun?: boolean;
  /** Article pages fetched at the same time for one feed (default 2). */
  pageConcurrency?: number;
  /** Group commit of results (the poller passes one); default: one transaction per call. */
  writer?: RefreshWriter;
  /**
   * Ids each feed carried at its last refresh in this process (the poller passes one map). Ids found here are
   * known without a query; only the rest are looked up in the store.
   */
  seen?: Map<number, Set<string>>;
  /** Feed parser (the poller passes its worker pool's); default: parseFeed on this thread. */
  parse?: (input: FeedInput) => Promise<ParsedFeed>;
}

export interface AnnouncedArticle extends StoredArticle {
  digest?: Digest;
}

export interface RefreshResult {
  feedId: number;
  url: string;
  status: 'ok' | 'not_modified' | 'failed';
  /** Items stored for the first time (announced or not). */
  newItems: number;
  announced: AnnouncedArticle[];
  errorCode?: ErrorCode;
  health: 'ok' | 'failing' | 'disabled';
  nextCheckAt: number;
}

interface Ctx {
  feed: StoredFeed;
  deps: RefreshDeps;
  log: Logger;
  now: number;
  /** The feed's ids to remember once the refresh is stored. */
  seenAfter?: Set<string>;
}

export async function refreshFeed(feed: StoredFeed, deps: RefreshDeps): Promise<RefreshResult> {
  const ctx: Ctx = {
    feed,
    deps,
    now: (deps.now ?? Date.now)(),
    log: (deps.log ?? silentLogger).child({ feedId: feed.id }),
  };
  let res: FetchResult;
  let parsed: ParsedFeed;
  try {
    res = await deps.fetcher.fetch(feed.url, {
      kind: 'feed',
      etag: feed.etag,
      lastModified: feed.lastModified,
      previousBodyHash: feed.bodyHash,
    });
    if (res.notModified) return notModified(ctx, res);
    parsed = await (deps.parse ?? parseFeed)({
      body: res.body,
      contentType: res.contentType,
      url: res.finalUrl,
    });
  } catch (e) {
    // fetch and parse errors are the feed's; a store error while writing propagates to the caller
    return failed(ctx, e);
  }
  return changed(ctx, res, parsed);
}

async function notModified(ctx: Ctx, res: FetchResult): Promise<RefreshResult> {
  const { feed, now } = ctx;
  const nextCheckAt = nextCheckAfterSuccess(feed.url, feed.intervalMinutes, now, {
    freshUntil: res.freshUntil,
  });
  await writeState(ctx, {
    nextCheckAt,
    health: 'ok',
    errorCount: 0,
    lastCheckedAt: now,
    etag: res.etag ?? feed.etag ?? null,
    lastModified: res.lastModified ?? feed.lastModified ?? null,
  });
  return {
    feedId: feed.id,
    url: feed.url,
    status: 'not_modified',
    newItems: 0,
    announced: [],
    health: 'ok',
    nextCheckAt,
  };
}

async function writeState(ctx: Ctx, state: FeedStatePatch): Promise<void> {
  const { deps, feed, now } = ctx;
  if (deps.dryRun) return;
  if (deps.writer) await deps.writer.save({ feedId: feed.id, articles: [], state, now });
  else await updateFeedState(deps.db, feed.id, state);
}

async function failed(ctx: Ctx, e: unknown): Promise<RefreshResult> {
  const { feed, now } = ctx;
  const info = toErrorInfo(e);
  const retryAfter = e instanceof AppError ? Number(e.params.retryAfterMs ?? 0) : 0;
  const state = failureState(feed.errorCount, now, retryAfter || undefined);
  ctx.log.warn(
    { url: feed.url, code: info.code, detail: info.detail, errors: state.errorCount },
    'feed refresh failed',
  );
  await writeState(ctx, { ...state, lastCheckedAt: now, lastErrorCode: info.code, lastErrorAt: now });
  return {
    feedId: feed.id,
    url: feed.url,
    status: 'failed',
    newItems: 0,
    announced: [],
    errorCode: info.code,
    health: state.health,
    nextCheckAt: state.nextCheckAt,
  };
}

interface Prepared {
  articles: ArticleInput[];
  state: FeedStatePatch;
  nextCheckAt: number;
}

/**
 * A changed feed: its new articles are built here and stored by `store`, which holds only what it writes: the
 * response body and the parsed document are garbage before the write (a group commit may wait for other feeds).
 */
async function changed(ctx: Ctx, res: FetchResult, parsed: ParsedFeed): Promise<RefreshResult> {
  return store(ctx, await prepare(ctx, res, parsed));
}

async function prepare(ctx: Ctx, res: FetchResult, parsed: ParsedFeed): Promise<Prepared> {
  const { feed, now } = ctx;
  const nextCheckAt = nextCheckAfterSuccess(feed.url, feed.intervalMinutes, now, {
    freshUntil: res.freshUntil,
    ttlMinutes: parsed.ttlMinutes,
  });
  const fresh = await newItems(ctx, parsed);
  const articles = await Promise.all(fresh.map((it) => buildArticle(ctx, it)));
  let lastItemAt = feed.lastItemAt ?? 0;
  for (const f of fresh) lastItemAt = Math.max(lastItemAt, f.item.publishedAt ?? 0);
  const state: FeedStatePatch = {
    nextCheckAt,
    health: 'ok',
    errorCount: 0,
    lastCheckedAt: now,
    etag: res.etag ?? null,
    lastModified: res.lastModified ?? null,
    bodyHash: res.bodyHash || null,
    initialized: true,
    lastItemAt: lastItemAt || undefined,
  };
  return { articles, state, nextCheckAt };
}

async function store(ctx: Ctx, { articles, state, nextCheckAt }: Prepared): Promise<RefreshResult> {
  const { feed, deps, now } = ctx;
  const input = { feedId: feed.id, articles, state, now };
  const stored = deps.dryRun
    ? articles.map(({ digests: _d, ...a }) => ({ ...a, pk: 0, fanoutDone: false, createdAt: now }))
    : await (deps.writer ? deps.writer.save(input) : saveRefresh(deps.db, input));
  if (ctx.seenAfter) deps.seen?.set(feed.id, ctx.seenAfter);
  const digestOf = new Map(articles.map((a) => [a.id, a.digests?.[0]]));
  const announced = stored.filter((a) => a.announce).map((a) => ({ ...a, digest: digestOf.get(a.id) }));
  ctx.log.debug({ url: feed.url, newItems: stored.length, announced: announced.length }, 'feed refreshed');
  return {
    feedId: feed.id,
    url: feed.url,
    status: 'ok',
    newItems: stored.length,
    announced,
    health: 'ok',
    nextCheckAt,
  };
}

/**
 * The items not stored yet. Ids first (one query, only for ids not in this process's seen-set); URLs are
 * normalized, and looked up as re-publications, only for the items whose id is new (typically 5 of 50).
 */
async function newItems(ctx: Ctx, parsed: ParsedFeed): Promise<NewItem<ParsedItem>[]> {
  const { feed, deps, now } = ctx;
  const all = assignIds(parsed.items, feed.url);
  const cached = deps.seen?.get(feed.id);
  const candidates = cached ? all.filter((i) => !cached.has(i.id)) : all;
  const ids =
    candidates.length === 0
      ? new Set<string>()
      : await knownIds(
          deps.db,
          feed.id,
          candidates.map((i) => i.id),
        );
  const unseen = candidates.filter((i) => !ids.has(i.id)).map((i) => withUrls(i, feed.url));
  // the first poll stores everything silently, so it needs no re-publication check
  const canonicalUrls =
    unseen.length === 0 || !feed.initialized
      ? new Set<string>()
      : await knownCanonicalUrls(
          deps.db,
          feed.id,
          unseen.map((i) => i.canonicalUrl),
        );
  if (deps.seen && !deps.dryRun) ctx.seenAfter = new Set(all.map((i) => i.id));
  return selectNew(
    unseen,
    { ids, canonicalUrls },
    { firstPoll: !feed.initialized, now, maxAgeMs: deps.maxItemAgeHours * 3_600_000 },
  );
}

const pageLimits = new WeakMap<RefreshDeps, ReturnType<typeof pLimit>>();

function pageLimit(deps: RefreshDeps): ReturnType<typeof pLimit> {
  let l = pageLimits.get(deps);
  if (!l) {
    l = pLimit(deps.pageConcurrency ?? 2);
    pageLimits.set(deps, l);
  }
  return l;
}

/** The article's text: the feed's, or the page's full text where the feed gives only a teaser. */
async function fullText(
  ctx: Ctx,
  it: NewItem<ParsedItem>,
): Promise<{ text: string; imageUrl?: string; title?: string }> {
  const feedText = it.item.text || it.item.summaryText || '';
  if (!it.announce || !ctx.feed.fullText || !it.url || !isTeaser(feedText)) return { text: feedText };
  try {
    const page = await pageLimit(ctx.deps)(() => ctx.deps.fetcher.fetch(it.url, { kind: 'page' }));
    const html = decodeBody(page.body, page.contentType);
    // loaded on first use: readability and linkedom cost ~20 MB that a bot without teaser feeds never needs
    const { extractArticle } = await import('./extract/index.js');
    const x = extractArticle(html, page.finalUrl);
    return x.text.length > feedText.length ? x : { text: feedText, imageUrl: x.imageUrl };
  } catch (e) {
    ctx.log.debug({ url: it.url, code: toErrorInfo(e).code }, 'full text unavailable, using the feed text');
    return { text: feedText };
  }
}

async function buildArticle(ctx: Ctx, it: NewItem<ParsedItem>): Promise<ArticleInput> {
  const { feed } = ctx;
  const body = await fullText(ctx, it);
  const title = it.item.title || body.title || body.text.slice(0, 80);
  const article: ArticleInput = {
    id: it.id,
    feedId: feed.id,
    url: it.url || it.canonicalUrl,
    canonicalUrl: it.canonicalUrl,
    title,
    publishedAt: it.item.publishedAt,
    text: body.text,
    language: feed.language,
    imageUrl: it.item.imageUrl ?? body.imageUrl,
    author: it.item.author,
    announce: it.announce,
  };
  if (!it.announce) return article;
  const digest = await summarizeOne(ctx, article);
  if (digest) {
    article.digests = [digest];
    if (digest.language !== 'und') article.language = digest.language;
  }
  return article;
}

async function summarizeOne(ctx: Ctx, a: ArticleInput): Promise<Digest | undefined> {
  try {
    return await ctx.deps.summarizer.summarize({
      text: a.text || a.title,
      title: a.title,
      url: a.url,
      lang: ctx.feed.language,
      articleId: a.id,
      source: { name: ctx.feed.name, url: a.url, publishedAt: a.publishedAt },
    });
  } catch (e) {
    ctx.log.warn({ url: a.url, code: toErrorInfo(e).code }, 'summary failed; article stored without digest');
    return undefined;
  }
}
