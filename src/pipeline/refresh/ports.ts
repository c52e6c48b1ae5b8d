/**
 * What a refresh needs from outside, as small ports with their implementations: the ids a feed has stored
 * (`known`), the parse step (`candidates`: in-process, or the poller's worker pool), article pages (`pages`), and
 * where the result goes (`sink`: one transaction, the poller's group commit, or nowhere in a dry run). The poller
 * (scheduler/index.ts) passes the fast ones (seen-set, worker pool, group commit); feed intake and tests pass
 * `simplePorts`.
 */
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import type { Summarizer } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import { knownCanonicalUrls, knownIdList, knownIds, type StoredArticle } from '../../store/articles-repo.js';
import { type FeedStatePatch, type StoredFeed, updateFeedState } from '../../store/feeds-repo.js';
import { type RefreshWriter, type SaveRefreshInput, saveRefresh } from '../../store/refresh-write.js';
import type { Database } from '../../store/schema.js';
import { type ExtractedArticle, extractArticle } from '../extract/index.js';
import type { Fetcher } from '../fetch/index.js';
import { type CandidateRequest, type FeedCandidates, feedCandidates } from './candidates.js';

type Db = Kysely<Database>;

/** The ids a feed has stored, asked before parsing (to skip those items) and after (for the rest). */
export interface KnownIds {
  /** Ids known before parsing; `complete`: every stored id is listed, so an id outside it is new. */
  before(feed: StoredFeed): Promise<{ ids: string[]; complete: boolean }>;
  /** Which of these ids the feed has stored. */
  stored(feedId: number, ids: string[]): Promise<Set<string>>;
  /** Which of these canonical URLs the feed has stored (a new id with one is a re-publication). */
  canonicalUrls(feedId: number, urls: string[]): Promise<Set<string>>;
  /** After the refresh is written: every id of the feed's document, where the next refresh may start from. */
  remember(feedId: number, ids: string[]): void;
}

/** Parse, identify and pre-digest a feed body (feedCandidates, on this thread or in a worker). */
export type Candidates = (req: CandidateRequest) => Promise<FeedCandidates>;

/** An article page read: its extracted text and its final URL. */
export interface PageRead extends ExtractedArticle {
  url: string;
}

export type PageResult = { ok: true; page: PageRead } | { ok: false; error: unknown };

/** Article pages for one feed's items, a few at a time (the port owns the limit). */
export interface PageText {
  read(urls: string[]): Promise<Map<string, PageResult>>;
}

/** Where a refresh goes: a feed's new state alone, or its new articles with its state as one unit. */
export interface RefreshSink {
  state(feedId: number, state: FeedStatePatch, now: number): Promise<void>;
  save(input: SaveRefreshInput): Promise<StoredArticle[]>;
}

export interface RefreshPorts {
  /** Fetches the feed itself (pages go through `pages`). */
  fetcher: Pick<Fetcher, 'fetch'>;
  known: KnownIds;
  candidates: Candidates;
  pages: PageText;
  summarizer: Summarizer;
  sink: RefreshSink;
  log: Logger;
  now: () => number;
}

/**
 * Known ids from the store: an initialized feed's most recent ids before parsing. With `seen` (the poller's map,
 * kept for the process), the ids of a feed's last refresh are known without a query and remembered after each.
 */
export function storeKnownIds(db: Db, seen?: Map<number, Set<string>>): KnownIds {
  return {
    async before(feed) {
      const cached = seen?.get(feed.id);
      if (cached) return { ids: [...cached], complete: false };
      if (!feed.initialized) return { ids: [], complete: false };
      // the feed's stored ids by recency, sized from its own item count (store/articles-repo.ts)
      return knownIdList(db, feed.id);
    },
    stored: (feedId, ids) => knownIds(db, feedId, ids),
    canonicalUrls: (feedId, urls) => knownCanonicalUrls(db, feedId, urls),
    remember(feedId, ids) {
      seen?.set(feedId, new Set(ids));
    },
  };
}

/**
 * Read one article page through the guarded fetcher and extract its text (in the extraction worker, started on
 * first use: a bot without teaser feeds never loads readability).
 */
export async function readPage(fetcher: Pick<Fetcher, 'fetch'>, url: string): Promise<PageRead> {
  const page = await fetcher.fetch(url, { kind: 'page' });
  const x = await extractArticle({ body: page.body, contentType: page.contentType, url: page.finalUrl });
  return { ...x, url: page.finalUrl };
}

/** Pages through the guarded fetcher, at most `concurrency` fetched at a time per call (per feed). */
export function pageText(fetcher: Pick<Fetcher, 'fetch'>, concurrency = 2): PageText {
  return {
    async read(urls) {
      const limit = pLimit(concurrency);
      const limited: Pick<Fetcher, 'fetch'> = { fetch: (url, req) => limit(() => fetcher.fetch(url, req)) };
      const results = await Promise.all(
        urls.map(async (url): Promise<[string, PageResult]> => {
          try {
            return [url, { ok: true, page: await readPage(limited, url) }];
          } catch (error) {
            return [url, { ok: false, error }];
          }
        }),
      );
      return new Map(results);
    },
  };
}

/** One transaction per refresh. */
export function storeSink(db: Db): RefreshSink {
  return {
    state: (feedId, state) => updateFeedState(db, feedId, state),
    save: (input) => saveRefresh(db, input),
  };
}

/** The poller's group commit: refreshes that finish close together share a transaction. */
export function groupCommitSink(writer: RefreshWriter): RefreshSink {
  return {
    state: async (feedId, state, now) => {
      await writer.save({ feedId, articles: [], state, now });
    },
    save: (input) => writer.save(input),
  };
}

/** A dry run: everything computed, nothing written (the articles come back as if stored). */
export const dryRunSink: RefreshSink = {
  state: async () => undefined,
  save: async ({ articles, now }) =>
    articles.map(({ digests: _d, ...a }) => ({ ...a, pk: 0, fanoutDone: false, createdAt: now })),
};

/**
 * The simple implementations: the store's known ids (no seen-set), parsing on this thread, two pages at a time,
 * one transaction per refresh.
 */
export function simplePorts(p: {
  db: Db;
  fetcher: Pick<Fetcher, 'fetch'>;
  summarizer: Summarizer;
  log: Logger;
  now: () => number;
}): RefreshPorts {
  return {
    fetcher: p.fetcher,
    known: storeKnownIds(p.db),
    candidates: feedCandidates,
    pages: pageText(p.fetcher),
    summarizer: p.summarizer,
    sink: storeSink(p.db),
    log: p.log,
    now: p.now,
  };
}
