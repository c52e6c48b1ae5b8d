/**
 * The CPU-heavy half of a feed refresh (its "candidates" step) as one pure function, so the candidate pool
 * (./candidate-pool/) can run it off the main thread: parse the body, give every item its stable id, leave out
 * the ids the caller already knows, and for the rest (typically 5 of 50) convert the text and, when the
 * configured summarizer is the pure extractive one, compute the digest. Only those items cross back; the caller checks them against the store and decides what is
 * announced (a digest computed here for an item that is then not announced is simply dropped).
 */
import type { Digest, Lang } from '../../domain/types.js';
import { assignIds, type IdentifiedItem, withUrls } from '../identify/index.js';
import { type FeedInput, feedFromData, parseFeedData } from '../parse/index.js';
import type { ParsedItem } from '../parse/types.js';
import { summarize } from '../summarize/extractive.js';
import { articleTitle, digestText, feedTextOf, isTooOld, wantsPage } from './rules.js';

/** Limits of the extractive digest (see Summarizer.extractiveLimits). */
export interface ExtractiveLimits {
  maxSentences: number;
  maxChars: number;
  maxFigures: number;
}

/** Digests to compute next to the parser: for items young enough to be announced, whose text is final. */
export interface DigestPlan {
  limits: ExtractiveLimits;
  lang: Lang;
  /** The feed's name (the digest's source). */
  sourceName: string;
  /** Teasers get the page's full text later (a digest of the teaser would be wasted). */
  fullText: boolean;
  now: number;
  maxAgeMs: number;
}

export interface CandidateRequest extends FeedInput {
  /** The feed's URL as stored (ids and canonical URLs are computed against it). */
  feedUrl: string;
  /** Ids known to be stored already: these items are not returned. */
  known: string[];
  /** Leave the known items out before parsing where that is safe (default true). */
  skipKnown?: boolean;
  /** Items read per feed, in document order (PARSE_MAX_ITEMS; default 1,000). */
  maxItems?: number;
  /** Absent: no digests here (first poll, or a summarizer that is not the pure extractive one). */
  digest?: DigestPlan;
}

/** What the refresh needs of an item (no HTML: the text is converted already). */
export interface CandidateItem {
  guid?: string;
  link?: string;
  title: string;
  publishedAt?: number;
  text: string;
  summaryText?: string;
  author?: string;
  imageUrl?: string;
}

export interface Candidate extends IdentifiedItem<CandidateItem> {
  /** The extractive digest of the item's feed text, when the plan asked for it and it could be made. */
  digest?: Digest;
}

export interface FeedCandidates {
  ttlMinutes?: number;
  /** Every item's id, those cut out before parsing first (the refresh remembers them as the feed's seen-set). */
  ids: string[];
  /** The items whose id is not in `known`. */
  candidates: Candidate[];
}

function plainItem(p: ParsedItem): CandidateItem {
  return {
    guid: p.guid,
    link: p.link,
    title: p.title,
    publishedAt: p.publishedAt,
    text: p.text,
    summaryText: p.summaryText,
    author: p.author,
    imageUrl: p.imageUrl,
  };
}

function digestOf(c: IdentifiedItem<CandidateItem>, plan: DigestPlan): Digest | undefined {
  const at = c.item.publishedAt;
  if (isTooOld(at, plan.now, plan.maxAgeMs)) return undefined;
  const text = feedTextOf(c.item);
  if (wantsPage(plan.fullText, c.url, text)) return undefined;
  const url = c.url || c.canonicalUrl;
  const title = articleTitle(c.item.title, text);
  try {
    return summarize({
      text: digestText({ text, title }),
      title,
      url,
      lang: plan.lang,
      articleId: c.id,
      source: { name: plan.sourceName, url, publishedAt: at },
      ...plan.limits,
    });
  } catch {
    // the refresh asks its summarizer again and logs the reason
    return undefined;
  }
}

export async function feedCandidates(req: CandidateRequest): Promise<FeedCandidates> {
  const known = new Set(req.known);
  // known items with a unique plain guid are not even parsed; their id is that guid
  const data = await parseFeedData(req, {
    skipIds: req.skipKnown === false ? undefined : known,
    maxItems: req.maxItems,
  });
  const feed = feedFromData(data);
  const all = assignIds(feed.items, req.feedUrl);
  const candidates: Candidate[] = [];
  for (const x of all) {
    if (known.has(x.id)) continue;
    const c: Candidate = withUrls({ ...x, item: plainItem(x.item) }, req.feedUrl);
    if (req.digest) c.digest = digestOf(c, req.digest);
    candidates.push(c);
  }
  return { ttlMinutes: feed.ttlMinutes, ids: [...(data.skipped ?? []), ...all.map((x) => x.id)], candidates };
}
