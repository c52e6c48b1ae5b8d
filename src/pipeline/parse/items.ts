/** rss-parser's raw items → ParsedItem (plain-text titles, safe links, best content, dates). */
import { parseDate } from './dates.js';
import { htmlToLine, htmlToText } from './html.js';
import { safeLink } from './links.js';
import type { RawItem, RawValue } from './rss-parser.js';
import type { ParsedItem } from './types.js';

/** Text of an xml2js value: a string, or an element object with `_` text. */
export function textOf(v: RawValue | unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '_' in v && typeof (v as { _: unknown })._ === 'string') {
    return (v as { _: string })._;
  }
  if (v && typeof v === 'object' && 'name' in v) return textOf((v as { name: unknown[] }).name?.[0]);
  return undefined;
}

function clean(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

/**
 * The per-item text cap: an item's content or summary HTML is read up to this many characters (a long read is
 * ~60,000 characters of HTML; 4 MB of escaped tags in one description cost 26 s of conversion and digest).
 */
export const MAX_ITEM_HTML_CHARS = 200_000;
/** Titles, authors and categories are lines: their HTML is read up to this many characters. */
export const MAX_LINE_HTML_CHARS = 4_000;

/** `s` cut to `max` characters (the HTML converter copes with a tag or entity cut in half). */
export function capText<T extends string | undefined>(s: T, max: number): T {
  return (s !== undefined && s.length > max ? s.slice(0, max) : s) as T;
}

function bestContent(item: RawItem, atom: boolean): { html?: string; summary?: string } {
  const encoded = clean(capText(item['content:encoded'], MAX_ITEM_HTML_CHARS));
  const content = clean(capText(item.content, MAX_ITEM_HTML_CHARS));
  const summary = clean(capText(textOf(item.summary), MAX_ITEM_HTML_CHARS));
  if (encoded) return { html: encoded, summary: content ?? summary };
  if (atom) return { html: content ?? summary, summary: content ? summary : undefined };
  return { html: content ?? summary };
}

function imageOf(item: RawItem, base?: string): string | undefined {
  const enclosure = item.enclosure;
  if (enclosure?.url && (enclosure.type ?? '').startsWith('image/')) return safeLink(enclosure.url, base);
  for (const m of item.mediaContent ?? []) {
    const a = m.$ ?? {};
    if (a.url && (a.medium === 'image' || (a.type ?? '').startsWith('image/'))) return safeLink(a.url, base);
  }
  const thumb = item.mediaThumbnail?.[0]?.$?.url;
  return safeLink(thumb, base) ?? safeLink(item.itunes?.image, base);
}

function categoriesOf(item: RawItem): string[] {
  const raw = [...(item.categories ?? []), ...(item.categoryRaw ?? [])];
  const out = new Set<string>();
  for (const c of raw) {
    const text = textOf(c) ?? (c as { $?: { term?: string } })?.$?.term;
    const line = text ? htmlToLine(capText(text, MAX_LINE_HTML_CHARS)).slice(0, 200) : '';
    if (line) out.add(line);
  }
  return [...out];
}

function guidOf(item: RawItem): string | undefined {
  return clean(textOf(item.guid)) ?? clean(textOf(item.id)) ?? clean(item['rdf:about']);
}

function dateOf(item: RawItem): number | undefined {
  const candidates = [
    item.pubDate,
    textOf(item.date),
    textOf(item.issued),
    textOf(item.modified),
    item.isoDate,
  ];
  for (const c of candidates) {
    const ms = parseDate(c);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/**
 * Plain text of an HTML fragment, computed on first use and kept: a poll converts only the items it has not
 * seen (5 of 50, typically), not every item of every changed feed. A fragment the converter cannot handle gives
 * '' instead of failing the feed later (the item keeps its title and link).
 */
function lazyText(html: string | undefined): () => string | undefined {
  let text: string | undefined;
  let done = html === undefined;
  return () => {
    if (!done) {
      done = true;
      try {
        text = htmlToText(html ?? '');
      } catch {
        text = '';
      }
    }
    return text;
  };
}

/** A mapped item before its text getters exist: plain data (a worker thread can send it). */
export interface PlainItem extends Omit<ParsedItem, 'text' | 'summaryText'> {
  /** HTML of the summary; its plain text is `summaryText`, computed on first read. */
  summaryHtml?: string;
}

export function toPlainItem(item: RawItem, atom: boolean, base?: string): PlainItem {
  const guid = guidOf(item);
  const { html, summary } = bestContent(item, atom);
  const link = safeLink(item.link, base) ?? (guid && /^https?:\/\//i.test(guid) ? safeLink(guid) : undefined);
  const author = clean(capText(textOf(item.creator) ?? textOf(item.author), MAX_LINE_HTML_CHARS));
  return {
    guid,
    link,
    title: htmlToLine(capText(textOf(item.title) ?? '', MAX_LINE_HTML_CHARS)),
    publishedAt: dateOf(item),
    contentHtml: html,
    summaryHtml: summary,
    author: author ? htmlToLine(author).slice(0, 200) : undefined,
    imageUrl: imageOf(item, base),
    categories: categoriesOf(item),
  };
}

/** The ParsedItem of a plain item: `text` and `summaryText` convert their HTML on first read. */
export function hydrateItem(p: PlainItem): ParsedItem {
  const text = lazyText(p.contentHtml ?? '');
  const summaryText = lazyText(p.summaryHtml);
  return {
    guid: p.guid,
    link: p.link,
    title: p.title,
    publishedAt: p.publishedAt,
    contentHtml: p.contentHtml,
    get text() {
      return text() ?? '';
    },
    get summaryText() {
      return summaryText();
    },
    author: p.author,
    imageUrl: p.imageUrl,
    categories: p.categories,
  };
}
