/** JSON Feed 1.0 / 1.1 (https://jsonfeed.org) → ParsedFeed. */
import { AppError } from '../../domain/errors.js';
import { parseDate } from './dates.js';
import { htmlToLine, htmlToText } from './html.js';
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
  const html = str(item.content_html);
  const plain = str(item.content_text);
  const summary = str(item.summary);
  const tags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];
  const id = item.id;
  return {
    guid: typeof id === 'number' ? String(id) : str(id)?.trim(),
    link: safeLink(item.url, base) ?? safeLink(item.external_url, base),
    title: plainLine(str(item.title)),
    publishedAt: parseDate(str(item.date_published)) ?? parseDate(str(item.date_modified)),
    contentHtml: html,
    text: html ? htmlToText(html) : (plain ?? summary ?? '').trim(),
    summaryText: summary?.trim(),
    author: authorOf(item),
    imageUrl: safeLink(item.image, base) ?? safeLink(item.banner_image, base),
    categories: tags.map((t) => htmlToLine(t)).filter((t) => t !== ''),
  };
}

export function parseJsonFeed(text: string, url?: string): ParsedFeed {
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
  for (const raw of feed.items) {
    const item = obj(raw);
    if (item) items.push(jsonItem(item, base));
  }
  return {
    format: 'json',
    title: plainLine(str(feed.title)),
    link: safeLink(feed.home_page_url, base),
    language: str(feed.language),
    items,
  };
}
