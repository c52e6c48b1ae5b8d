/**
 * The refresh's steps for one-off callers, so they read a feed or a page the way the poll does: `feeds test`
 * (the next post of a feed), feed intake (fetch, parse, the feed's language), `check-feed` (each item with the
 * id the store keys it by). The poll itself is ./refresh-feed.ts.
 */
import type { Digest, Lang, Summarizer } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import type { StoredFeed } from '../../store/feeds-repo.js';
import type { Fetcher, FetchResult } from '../fetch/index.js';
import { assignIds } from '../identify/index.js';
import { type FeedInput, type ParsedFeed, type ParsedItem, parseFeed } from '../parse/index.js';
import { detectLanguage } from '../summarize/language.js';
import { articleOf, type Decided, pageUrlOf, summaryInput, usablePage } from './article.js';
import { type Candidate, feedCandidates } from './candidates.js';
import type { PageText } from './ports.js';

export type { FetchResult } from '../fetch/index.js';
export type { ParsedFeed, ParsedItem } from '../parse/index.js';

/** The newest item by date (the first of equals; undated items count as oldest). */
function newest(items: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const it of items) {
    if (!best || (it.item.publishedAt ?? 0) > (best.item.publishedAt ?? 0)) best = it;
  }
  return best;
}

/**
 * What the next post of a feed would look like: its newest item, read and announced as the poll would (the
 * same text, full-text and title rules), summarized in `lang`; undefined for a feed without items.
 */
export async function previewNextPost(
  feed: StoredFeed,
  p: { fetcher: Pick<Fetcher, 'fetch'>; pages: PageText; summarizer: Summarizer; log: Logger },
  lang: Lang,
): Promise<{ title: string; digest: Digest } | undefined> {
  const res = await p.fetcher.fetch(feed.url, { kind: 'feed' });
  const { candidates } = await feedCandidates({
    body: res.body,
    contentType: res.contentType,
    url: res.finalUrl,
    feedUrl: feed.url,
    known: [],
    skipKnown: false,
  });
  const top = newest(candidates);
  if (!top) return undefined;
  const it: Decided = { ...top, announce: true, decision: 'announce' };
  const url = pageUrlOf(feed, it);
  const page = url ? usablePage(p.log, url, (await p.pages.read([url])).get(url)) : undefined;
  const { article } = articleOf(feed, it, page);
  const digest = await p.summarizer.summarize(
    summaryInput(feed, article, { targetLang: lang, keyed: false }),
  );
  return { title: article.title, digest };
}

/** Fetch and parse a feed once (feed intake validates a URL with it; the response can become its first poll). */
export async function fetchFeed(
  fetcher: Pick<Fetcher, 'fetch'>,
  url: string,
): Promise<{ res: FetchResult; parsed: ParsedFeed }> {
  const res = await fetcher.fetch(url, { kind: 'feed' });
  return {
    res,
    parsed: await parseFeed({ body: res.body, contentType: res.contentType, url: res.finalUrl }),
  };
}

/** The feed's declared language, else the language of its first items' text, else `fallback`. */
export function feedLanguage(parsed: ParsedFeed, fallback: Lang): Lang {
  const l = parsed.language?.trim().toLowerCase() ?? '';
  if (l.startsWith('de')) return 'de';
  if (l.startsWith('en')) return 'en';
  const sample = parsed.items
    .slice(0, 5)
    .map((i) => `${i.title}. ${i.text}`)
    .join(' ');
  const detected = detectLanguage(sample);
  return detected === 'und' ? fallback : detected;
}

export interface InspectedItem {
  item: ParsedItem;
  /** The id the store keys it by; null for an item whose id repeats an earlier one (not stored). */
  id: string | null;
  language: string;
}

/**
 * A feed document as `check-feed` shows it: parsed with the poll's caps, each item with the id the store keys it
 * by (assignIds: guid → normalized link → hash of title and date; relative links resolved against `feedUrl`)
 * and the language of its text.
 */
export async function inspectFeed(
  input: FeedInput,
  opts: { maxItems?: number; maxBytes?: number; feedUrl?: string },
): Promise<{ feed: ParsedFeed; items: InspectedItem[] }> {
  const feed = await parseFeed(input, { maxItems: opts.maxItems, maxBytes: opts.maxBytes });
  const ids = new Map(assignIds(feed.items, opts.feedUrl).map((x) => [x.item, x.id]));
  const items = feed.items.map((item) => ({
    item,
    id: ids.get(item) ?? null,
    language: detectLanguage(`${item.title}\n${item.text}`),
  }));
  return { feed, items };
}
