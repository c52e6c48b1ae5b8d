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
  knownCanonicalUrls,
  knownIds,
  recentIds,
  type StoredArticle,
} from '../store/articles-repo.js';
import { type FeedStatePatch, type StoredFeed, updateFeedState } from '../store/feeds-repo.js';
import { type RefreshWriter, saveRefresh } from '../store/refresh-write.js';
import type { Database } from '../store/schema.js';
import { extractArticle } from './extract/index.js';
import { isTeaser } from './extract/teaser.js';
import type { Fetcher, FetchResult } from './fetch/index.js';
import { type NewItem, selectNew } from './identify/index.js';
import {
  type Candidate,
  type CandidateItem,
  type CandidateRequest,
  type FeedCandidates,
  feedCandidates,
  feedTextOf,
} from './refresh/candidates.js';
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
  /** Parse and pre-digest (the poller passes its worker pool's); default: feedCandidates on this thread. */
  candidates?: (req: CandidateRequest) => Promise<FeedCandidates>;
  /** Leave stored items out before parsing (default true; see parse/skip-known.ts). */
  skipKnown?: boolean;
  /** Items read per feed, in document order (default 1,000; see parse/item-cap.ts). */
  maxItems?: number;
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

function contextOf(feed: StoredFeed, deps: RefreshDeps): Ctx {
  return {
    feed,
    deps,
    now: (deps.now ?? Date.now)(),
    log: (deps.log ?? silentLogger).child({ feedId: feed.id }),
  };
}

export async function refreshFeed(feed: StoredFeed, deps: RefreshDeps): Promise<RefreshResult> {
  const ctx = contextOf(feed, deps);
  let res: FetchResult;
  try {
    res = await deps.fetcher.fetch(feed.url, {
      kind: 'feed',
      etag: feed.etag,
      lastModified: feed.lastModified,
      previousBodyHash: feed.bodyHash,
    });
    if (res.notModified) return notModified(ctx, res);
  } catch (e) {
    return failed(ctx, e);
  }
  return ingest(ctx, res);
}

/**
 * Store a response fetched elsewhere as the feed's refresh: `feeds add` and `opml import` fetched the feed to
 * validate it, and keep what they saw as the feed's first poll (stored silently, the feed initialized), so the
 * first scheduled poll announces whatever is newer.
 */
export async function refreshFromResponse(
  feed: StoredFeed,
  res: FetchResult,
  deps: RefreshDeps,
): Promise<RefreshResult> {
  return ingest(contextOf(feed, deps), res);
}

async function ingest(ctx: Ctx, res: FetchResult): Promise<RefreshResult> {
  const { deps, feed } = ctx;
  const known = await knownBefore(ctx);
  let parsed: FeedCandidates;
  try {
    parsed = await (deps.candidates ?? feedCandidates)({
      body: res.body,
      contentType: res.contentType,
      url: res.finalUrl,
      feedUrl: feed.url,
      known: known.ids,
      skipKnown: deps.skipKnown ?? true,
      maxItems: deps.maxItems,
      digest: digestPlan(ctx),
    });
  } catch (e) {
    // fetch and parse errors are the feed's; a store error propagates to the caller
    return failed(ctx, e);
  }
  return changed(ctx, res, parsed, known.complete);
}

/** How many stored ids of a feed a cold refresh reads to skip them before parsing (more are checked after). */
const KNOWN_LIMIT = 2_000;

/**
 * Ids this feed is known to have stored: the ids of its last refresh in this process, else (after a restart)
 * the store's, read before parsing so that the parser can leave those items out. `complete`: every stored id
 * is in the list, so an id outside it is new without asking the store again.
 */
async function knownBefore(ctx: Ctx): Promise<{ ids: string[]; complete: boolean }> {
  const { feed, deps } = ctx;
  const cached = deps.seen?.get(feed.id);
  if (cached) return { ids: [...cached], complete: false };
  if (!feed.initialized) return { ids: [], complete: false };
  const ids = await recentIds(deps.db, feed.id, KNOWN_LIMIT);
  return { ids, complete: ids.length < KNOWN_LIMIT };
}

/** Digests the parse worker may compute: announced items of an initialized feed, pure extractive summarizer. */
function digestPlan(ctx: Ctx): CandidateRequest['digest'] {
  const { feed, deps, now } = ctx;
  const limits = deps.summarizer.extractiveLimits;
  if (!limits || !feed.initialized) return undefined;
  return {
    limits,
    lang: feed.language,
    sourceName: feed.name,
    fullText: feed.fullText,
    now,
    maxAgeMs: deps.maxItemAgeHours * 3_600_000,
  };
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
  await writeState(ctx, {
    ...state,
    lastCheckedAt: now,
    lastErrorCode: info.code,
    lastErrorParams: info.params ?? null,
    lastErrorAt: now,
  });
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
async function changed(
  ctx: Ctx,
  res: FetchResult,
  parsed: FeedCandidates,
  knownComplete: boolean,
): Promise<RefreshResult> {
  return store(ctx, await prepare(ctx, res, parsed, knownComplete));
}

async function prepare(
  ctx: Ctx,
  res: FetchResult,
  parsed: FeedCandidates,
  knownComplete: boolean,
): Promise<Prepared> {
  const { feed, now } = ctx;
  const nextCheckAt = nextCheckAfterSuccess(feed.url, feed.intervalMinutes, now, {
    freshUntil: res.freshUntil,
    ttlMinutes: parsed.ttlMinutes,
  });
  const fresh = await newItems(ctx, parsed, knownComplete);
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
 * The items not stored yet, among the parser's candidates (the items whose id was not known before parsing).
 * Their ids are looked up in the store unless the known list was complete; canonical URLs are looked up as
 * re-publications for the unseen ones.
 */
async function newItems(
  ctx: Ctx,
  parsed: FeedCandidates,
  knownComplete: boolean,
): Promise<NewItem<CandidateItem>[]> {
  const { feed, deps, now } = ctx;
  const candidates = parsed.candidates;
  const ids =
    candidates.length === 0 || knownComplete
      ? new Set<string>()
      : await knownIds(
          deps.db,
          feed.id,
          candidates.map((i) => i.id),
        );
  const unseen = candidates.filter((i) => !ids.has(i.id));
  // the first poll stores everything silently, so it needs no re-publication check
  const canonicalUrls =
    unseen.length === 0 || !feed.initialized
      ? new Set<string>()
      : await knownCanonicalUrls(
          deps.db,
          feed.id,
          unseen.map((i) => i.canonicalUrl),
        );
  if (deps.seen && !deps.dryRun) ctx.seenAfter = new Set(parsed.ids);
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

type Fresh = NewItem<CandidateItem> & Pick<Candidate, 'digest'>;

/** The article's text: the feed's, or the page's full text where the feed gives only a teaser. */
async function fullText(
  ctx: Ctx,
  it: Fresh,
): Promise<{ text: string; imageUrl?: string; title?: string; fromPage?: boolean }> {
  const feedText = feedTextOf(it.item);
  if (!it.announce || !ctx.feed.fullText || !it.url || !isTeaser(feedText)) return { text: feedText };
  try {
    const page = await pageLimit(ctx.deps)(() => ctx.deps.fetcher.fetch(it.url, { kind: 'page' }));
    // in the extraction worker (started on first use: a bot without teaser feeds never loads readability)
    const x = await extractArticle({ body: page.body, contentType: page.contentType, url: page.finalUrl });
    return x.text.length > feedText.length
      ? { ...x, fromPage: true }
      : { text: feedText, imageUrl: x.imageUrl };
  } catch (e) {
    ctx.log.debug({ url: it.url, code: toErrorInfo(e).code }, 'full text unavailable, using the feed text');
    return { text: feedText };
  }
}

async function buildArticle(ctx: Ctx, it: Fresh): Promise<ArticleInput> {
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
  // the parse worker's digest is of the feed text; a page's full text is summarized here
  const digest = (!body.fromPage && it.digest) || (await summarizeOne(ctx, article));
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
