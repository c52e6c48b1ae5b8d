/** JSON Feed 1.0 / 1.1 (https://jsonfeed.org) → ParsedFeed. */
import { AppError } from '../../domain/errors.js';
import { parseDate } from './dates.js';
import { htmlToLine, htmlToText } from './html.js';
import { capText, MAX_ITEM_HTML_CHARS, MAX_LINE_HTML_CHARS } from './items.js';
import { baseFor, safeLink } from './links.js';
import type { ParsedFeed, ParsedItem } from './types.js';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
/** JSON Feed titles are plain text by the spec: keep them as they are, on one line. */
const plainLine = (v: string | undefined): string => (v ?? '').replace(/\s+/g, ' ').trim();
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

function authorOf(item: Json): string | undefined {
  const authors = Array.isArray(item.authors) ? item.authors : [];
  const first = obj(authors[0]) ?? obj(item.author);
  return str(first?.name);
}

function jsonItem(item: Json, base?: string): ParsedItem {
  const html = capText(str(item.content_html), MAX_ITEM_HTML_CHARS);
  const plain = capText(str(item.content_text), MAX_ITEM_HTML_CHARS);
  const summary = capText(str(item.summary), MAX_ITEM_HTML_CHARS);
  const tags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];
  const id = item.id;
  return {
    guid: typeof id === 'number' ? String(id) : str(id)?.trim(),
    link: safeLink(item.url, base) ?? safeLink(item.external_url, base),
    title: plainLine(capText(str(item.title), MAX_LINE_HTML_CHARS)),
    publishedAt: parseDate(str(item.date_published)) ?? parseDate(str(item.date_modified)),
    contentHtml: html,
    text: html ? htmlToText(html) : (plain ?? summary ?? '').trim(),
    summaryText: summary?.trim(),
    author: authorOf(item),
    imageUrl: safeLink(item.image, base) ?? safeLink(item.banner_image, base),
    categories: tags.map((t) => htmlToLine(t)).filter((t) => t !== ''),
  };
}

export function parseJsonFeed(text: string, url?: string, maxItems = Number.POSITIVE_INFINITY): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new AppError('parse.invalid_xml', `invalid JSON: ${(e as Error).message}`.slice(0, 200));
  }
  const feed = obj(data);
  const version = str(feed?.version) ?? '';
  if (!feed || !version.includes('jsonfeed.org') || !Array.isArray(feed.items)) {
    throw new AppError('parse.not_a_feed', 'JSON document is not a JSON Feed');
  }
  const base = baseFor(url, feed.home_page_url);
  const items: ParsedItem[] = [];
  // the item cap: the first maxItems in document order
  for (const raw of feed.items.slice(0, maxItems)) {
    const item = obj(raw);
    if (item) items.push(jsonItem(item, base));
  }
  return {
    format: 'json',
    title: plainLine(str(feed.title)),
    link: safeLink(feed.home_page_url, base),
    language: str(feed.language),
    items,
    itemsInDocument: feed.items.length > maxItems ? feed.items.length : undefined,
  };
}
