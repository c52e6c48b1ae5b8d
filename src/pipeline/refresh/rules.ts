/**
 * The rules of what an item becomes, written once: how old an item may be to be announced (the refresh, the parse
 * worker's digests and the delivery fan-out), its text (the feed's, or the page's full text when the feed gives
 * only a teaser: the poll and `feeds test`), its title, the text a digest is made from, and which stored digest
 * of an article is its digest in a language (delivery and `summary latest`). Pure functions, no I/O.
 */
import type { Digest } from '../../domain/types.js';
import { isTeaser } from '../extract/teaser.js';

export const HOUR_MS = 3_600_000;

/** What the refresh is told: how old an announced item may be, and how much of a feed is read. */
export interface RefreshRules {
  /** Items older than this are stored but not announced (MAX_ITEM_AGE_HOURS). */
  maxItemAgeHours: number;
  /** Leave stored items out before parsing (PARSE_SKIP_KNOWN; see parse/skip-known.ts). */
  skipKnown: boolean;
  /** Items read per feed, in document order (PARSE_MAX_ITEMS; see parse/item-cap.ts). */
  maxItems: number | undefined;
}

/** The rules from the settings table's values (defaults where a caller has none: skip known, 1,000 items). */
export function refreshRules(c: {
  MAX_ITEM_AGE_HOURS: number;
  PARSE_SKIP_KNOWN?: boolean;
  PARSE_MAX_ITEMS?: number;
}): RefreshRules {
  return {
    maxItemAgeHours: c.MAX_ITEM_AGE_HOURS,
    skipKnown: c.PARSE_SKIP_KNOWN ?? true,
    maxItems: c.PARSE_MAX_ITEMS,
  };
}

/** The age rule: an item with a publication date older than `maxAgeMs` is too old to announce or deliver. */
export function isTooOld(publishedAt: number | undefined, now: number, maxAgeMs: number): boolean {
  return publishedAt !== undefined && now - publishedAt > maxAgeMs;
}

/** The text an item starts from: its content, else its summary. */
export function feedTextOf(item: { text: string; summaryText?: string }): string {
  return item.text || item.summaryText || '';
}

/** Whether the article page is read for an item: the feed asks for full text and gives only a teaser. */
export function wantsPage(fullText: boolean, url: string | undefined, feedText: string): boolean {
  return fullText && !!url && isTeaser(feedText);
}

export interface PageArticle {
  text: string;
  title?: string;
  imageUrl?: string;
}

export interface ArticleText {
  text: string;
  imageUrl?: string;
  /** The page's title, when its text is used. */
  title?: string;
  /** The text is the page's (a digest of the feed text does not fit it). */
  fromPage: boolean;
}

/** The page's text replaces the feed's only when it is longer; the page's image is kept either way. */
export function articleText(feedText: string, page: PageArticle | undefined): ArticleText {
  if (!page) return { text: feedText, fromPage: false };
  if (page.text.length > feedText.length) return { ...page, fromPage: true };
  return { text: feedText, imageUrl: page.imageUrl, fromPage: false };
}

/** The title rule: the item's, else the page's, else the start of the text. */
export function articleTitle(itemTitle: string, text: string, pageTitle?: string): string {
  return itemTitle || pageTitle || text.slice(0, 80);
}

/** The text a digest is made from: the article's, else its title (a title-only item still gets a digest). */
export function digestText(a: { text: string; title: string }): string {
  return a.text.trim() === '' ? a.title : a.text;
}

/**
 * The stored digest that is an article's digest in `lang`: one written in that language (a digest with a
 * no-translation note is not: the summarizer is asked again), the `preferred` summarizer's first.
 */
export function storedDigestIn(stored: Digest[], lang: string, preferred?: string): Digest | undefined {
  const inLang = stored.filter((d) => d.language === lang && !d.note);
  return inLang.find((d) => d.summarizer === preferred) ?? inLang[0];
}
