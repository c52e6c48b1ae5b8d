/**
 * One feed refresh, read top to bottom: fetch → known ids → candidates (parse, identify, pre-digest) → decide (new,
 * announced) → enrich (full text, title, digest) → write. What it needs from outside comes in as ports
 * (./ports.ts); what an item becomes is decided by ./rules.ts; when the feed is checked next by ./timing.ts.
 */
import { AppError, type ErrorCode, toErrorInfo } from '../../domain/errors.js';
import type { Digest } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import type { ArticleInput, StoredArticle } from '../../store/articles-repo.js';
import type { FeedStatePatch, StoredFeed } from '../../store/feeds-repo.js';
import type { FetchResult } from '../fetch/index.js';
import { articleOf, type Decided, pageUrlOf, summaryInput, usablePage } from './article.js';
import type { CandidateRequest, FeedCandidates } from './candidates.js';
import { selectNew } from './decide.js';
import type { RefreshPorts } from './ports.js';
import { HOUR_MS, type RefreshRules } from './rules.js';
import { failureState, nextCheckAfterSuccess } from './timing.js';

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
  ports: RefreshPorts;
  rules: RefreshRules;
  log: Logger;
  now: number;
}

function contextOf(feed: StoredFeed, ports: RefreshPorts, rules: RefreshRules): Ctx {
  return { feed, ports, rules, now: ports.now(), log: ports.log.child({ feedId: feed.id }) };
}

export async function refreshFeed(
  feed: StoredFeed,
  ports: RefreshPorts,
  rules: RefreshRules,
): Promise<RefreshResult> {
  const ctx = contextOf(feed, ports, rules);
  let res: FetchResult;
  try {
    res = await ports.fetcher.fetch(feed.url, {
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
export function refreshFromResponse(
  feed: StoredFeed,
  res: FetchResult,
  ports: RefreshPorts,
  rules: RefreshRules,
): Promise<RefreshResult> {
  return ingest(contextOf(feed, ports, rules), res);
}

/**
 * A changed feed. The write holds only what it writes: the response body and the parsed document are garbage
 * before it (a group commit may wait for other feeds).
 */
async function ingest(ctx: Ctx, res: FetchResult): Promise<RefreshResult> {
  const known = await ctx.ports.known.before(ctx.feed);
  let parsed: FeedCandidates;
  try {
    parsed = await ctx.ports.candidates(candidateRequest(ctx, res, known.ids));
  } catch (e) {
    // fetch and parse errors are the feed's; a store error propagates to the caller
    return failed(ctx, e);
  }
  const decided = await decide(ctx, parsed, known.complete);
  const articles = await enrich(ctx, decided);
  return write(ctx, { articles, state: changedState(ctx, res, parsed, decided), ids: parsed.ids });
}

function candidateRequest(ctx: Ctx, res: FetchResult, known: string[]): CandidateRequest {
  const { feed, rules } = ctx;
  return {
    body: res.body,
    contentType: res.contentType,
    url: res.finalUrl,
    feedUrl: feed.url,
    known,
    skipKnown: rules.skipKnown,
    maxItems: rules.maxItems,
    digest: digestPlan(ctx),
  };
}

/** Digests the parse step may compute: announced items of an initialized feed, pure extractive summarizer. */
function digestPlan(ctx: Ctx): CandidateRequest['digest'] {
  const { feed, ports, rules, now } = ctx;
  const limits = ports.summarizer.extractiveLimits;
  if (!limits || !feed.initialized) return undefined;
  return {
    limits,
    lang: feed.language,
    sourceName: feed.name,
    fullText: feed.fullText,
    now,
    maxAgeMs: rules.maxItemAgeHours * HOUR_MS,
  };
}

/**
 * The candidates not stored yet, each announced or not. Their ids are looked up in the store unless the known
 * list was complete; canonical URLs are looked up as re-publications for the unseen ones.
 */
async function decide(ctx: Ctx, parsed: FeedCandidates, knownComplete: boolean): Promise<Decided[]> {
  const { feed, ports, rules, now } = ctx;
  const candidates = parsed.candidates;
  const ids =
    candidates.length === 0 || knownComplete
      ? new Set<string>()
      : await ports.known.stored(
          feed.id,
          candidates.map((i) => i.id),
        );
  const unseen = candidates.filter((i) => !ids.has(i.id));
  // the first poll stores everything silently, so it needs no re-publication check
  const canonicalUrls =
    unseen.length === 0 || !feed.initialized
      ? new Set<string>()
      : await ports.known.canonicalUrls(
          feed.id,
          unseen.map((i) => i.canonicalUrl),
        );
  return selectNew(
    unseen,
    { ids, canonicalUrls },
    { firstPoll: !feed.initialized, now, maxAgeMs: rules.maxItemAgeHours * HOUR_MS },
  );
}

/** Full text for the announced teasers (pages read meanwhile), then each article with its digest. */
async function enrich(ctx: Ctx, decided: Decided[]): Promise<ArticleInput[]> {
  const urls = decided.flatMap((it) => pageUrlOf(ctx.feed, it) ?? []);
  const pages = urls.length > 0 ? ctx.ports.pages.read(urls) : undefined;
  return Promise.all(
    decided.map(async (it) => {
      const url = pageUrlOf(ctx.feed, it);
      const page = url && pages ? usablePage(ctx.log, url, (await pages).get(url)) : undefined;
      const { article, fromPage } = articleOf(ctx.feed, it, page);
      if (!it.announce) return article;
      // the parse step's digest is of the feed text; a page's full text is summarized here
      const digest = (!fromPage && it.digest) || (await summarizeOne(ctx, article));
      if (digest) {
        article.digests = [digest];
        if (digest.language !== 'und') article.language = digest.language;
      }
      return article;
    }),
  );
}

async function summarizeOne(ctx: Ctx, a: ArticleInput): Promise<Digest | undefined> {
  try {
    return await ctx.ports.summarizer.summarize(summaryInput(ctx.feed, a, { keyed: true }));
  } catch (e) {
    ctx.log.warn({ url: a.url, code: toErrorInfo(e).code }, 'summary failed; article stored without digest');
    return undefined;
  }
}

function changedState(ctx: Ctx, res: FetchResult, parsed: FeedCandidates, fresh: Decided[]): FeedStatePatch {
  const { feed, now } = ctx;
  let lastItemAt = feed.lastItemAt ?? 0;
  for (const f of fresh) lastItemAt = Math.max(lastItemAt, f.item.publishedAt ?? 0);
  return {
    nextCheckAt: nextCheckAfterSuccess(feed.url, feed.intervalMinutes, now, {
      freshUntil: res.freshUntil,
      ttlMinutes: parsed.ttlMinutes,
    }),
    health: 'ok',
    errorCount: 0,
    lastCheckedAt: now,
    etag: res.etag ?? null,
    lastModified: res.lastModified ?? null,
    bodyHash: res.bodyHash || null,
    initialized: true,
    lastItemAt: lastItemAt || undefined,
  };
}

/** The feed's new articles and state as one unit; then its ids are the known ones of its next refresh. */
async function write(
  ctx: Ctx,
  out: { articles: ArticleInput[]; state: FeedStatePatch; ids: string[] },
): Promise<RefreshResult> {
  const { feed, ports, now } = ctx;
  const { articles, state } = out;
  const stored = await ports.sink.save({ feedId: feed.id, articles, state, now });
  ports.known.remember(feed.id, out.ids);
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
    nextCheckAt: state.nextCheckAt,
  };
}

async function notModified(ctx: Ctx, res: FetchResult): Promise<RefreshResult> {
  const { feed, now } = ctx;
  const nextCheckAt = nextCheckAfterSuccess(feed.url, feed.intervalMinutes, now, {
    freshUntil: res.freshUntil,
  });
  await ctx.ports.sink.state(
    feed.id,
    {
      nextCheckAt,
      health: 'ok',
      errorCount: 0,
      lastCheckedAt: now,
      etag: res.etag ?? feed.etag ?? null,
      lastModified: res.lastModified ?? feed.lastModified ?? null,
    },
    now,
  );
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

async function failed(ctx: Ctx, e: unknown): Promise<RefreshResult> {
  const { feed, now } = ctx;
  const info = toErrorInfo(e);
  const retryAfter = e instanceof AppError ? Number(e.params.retryAfterMs ?? 0) : 0;
  const state = failureState(feed.errorCount, now, retryAfter || undefined);
  ctx.log.warn(
    { url: feed.url, code: info.code, detail: info.detail, errors: state.errorCount },
    'feed refresh failed',
  );
  await ctx.ports.sink.state(
    feed.id,
    {
      ...state,
      lastCheckedAt: now,
      lastErrorCode: info.code,
      lastErrorParams: info.params ?? null,
      lastErrorAt: now,
    },
    now,
  );
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
