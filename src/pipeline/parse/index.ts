/** Feed parsing: decode bytes, guard the XML, run rss-parser (or read JSON Feed), map to ParsedFeed. */
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../domain/errors.js';
import { decodeBody, stripIllegalChars } from './decode.js';
import { htmlToLine } from './html.js';
import { hydrateItem, type PlainItem, toPlainItem } from './items.js';
import { parseJsonFeed } from './json-feed.js';
import { baseFor, safeLink } from './links.js';
import { capItems } from './item-cap.js';
import { cutLongRuns } from './long-text.js';
import { skipKnownItems } from './skip-known.js';
import { type RawFeed, runRssParser } from './rss-parser.js';
import type { ParsedFeed } from './types.js';
import {
  dropEmptyAtomLinks,
  ensureChannel,
  isEntityError,
  prepareXml,
  type RootKind,
  repairAmpersands,
  unprefixAtom,
} from './xml.js';

export { parseDate } from './dates.js';
export { charsetFromContentType, decodeBody, stripIllegalChars } from './decode.js';
export { htmlToLine, htmlToText } from './html.js';
export { safeLink } from './links.js';
export type { PlainItem } from './items.js';
export type { ParsedFeed, ParsedItem } from './types.js';

/** Default of FETCH_MAX_FEED_BYTES: the decompressed size a feed may have, however its gzip was detected. */
export const DEFAULT_MAX_FEED_BYTES = 5 * 1024 * 1024;
/** Default of PARSE_MAX_ITEMS: items read per feed, in document order. */
export const DEFAULT_MAX_ITEMS = 1_000;

/**
 * A gzip file served without Content-Encoding (the fetcher unpacks those already; this is for bodies from
 * elsewhere, e.g. `check-feed <file>`), unpacked up to the feed cap: past it, `fetch.too_large`.
 */
function maybeGunzip(bytes: Buffer, maxBytes: number): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('fetch.too_large', `gzip body unpacks to more than ${maxBytes} bytes`, {
        limit: maxBytes,
      });
    }
    throw new AppError('parse.invalid_xml', `gzip body cannot be read: ${(e as Error).message}`);
  }
}

function toText(body: Buffer | string, contentType: string | undefined, maxBytes: number): string {
  if (typeof body === 'string') return stripIllegalChars(body.replace(/^\uFEFF/, ''));
  return decodeBody(maybeGunzip(body, maxBytes), contentType);
}

export function toParseError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200) ?? '';
  if (/not recognized/i.test(message)) return new AppError('parse.not_a_feed', message);
  if (/Unable to parse XML/i.test(message)) return new AppError('parse.empty', message);
  if (e instanceof TypeError)
    return new AppError('parse.not_a_feed', `incomplete feed structure: ${message}`);
  return new AppError('parse.invalid_xml', message);
}

async function parseXml(xml: string): Promise<RawFeed> {
  try {
    return await runRssParser(xml);
  } catch (e) {
    if (!isEntityError(e)) throw toParseError(e);
    const repaired = repairAmpersands(xml);
    if (repaired === xml) throw toParseError(e);
    try {
      return await runRssParser(repaired);
    } catch (again) {
      throw toParseError(again);
    }
  }
}

function formatOf(kind: RootKind): ParsedFeed['format'] {
  return kind === 'atom' ? 'atom' : kind === 'rdf' ? 'rdf' : 'rss';
}

function mapItems(raw: RawFeed, atom: boolean, base?: string): PlainItem[] {
  const items: PlainItem[] = [];
  for (const item of raw.items ?? []) {
    try {
      items.push(toPlainItem(item, atom, base));
    } catch {
      // one bad item must not lose the feed
    }
  }
  return items;
}

function ttlOf(raw: unknown): number | undefined {
  const n = typeof raw === 'string' ? Number.parseInt(raw.trim(), 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 && n <= 7 * 24 * 60 ? n : undefined;
}

export interface FeedInput {
  body: Buffer | string;
  contentType?: string;
  url?: string;
}

/**
 * A parsed feed as plain data (structured-cloneable): a JSON Feed as it is, an XML feed with plain items whose
 * text getters `feedFromData` adds. `parseFeed` = `feedFromData(await parseFeedData(input))`.
 */
export type FeedData =
  | { kind: 'json'; feed: ParsedFeed; skipped?: undefined }
  | {
      kind: 'xml';
      feed: Omit<ParsedFeed, 'items'> & { items: PlainItem[] };
      /** Ids of known items left out before parsing (see skip-known.ts); their items are not in `feed`. */
      skipped?: string[];
    };

export interface ParseOptions {
  /** Ids known to be stored: items with one of these as their unique plain guid may be left out unparsed. */
  skipIds?: ReadonlySet<string>;
  /** Items read, the first in document order (default DEFAULT_MAX_ITEMS); the rest are never parsed. */
  maxItems?: number;
  /** Decompressed size of a gzip body without Content-Encoding (default DEFAULT_MAX_FEED_BYTES). */
  maxBytes?: number;
}

export function feedFromData(data: FeedData): ParsedFeed {
  if (data.kind === 'json') return data.feed;
  return { ...data.feed, items: data.feed.items.map(hydrateItem) };
}

/** rss-parser on the document without the known items; on any failure, on the whole document (its own verdict). */
async function parseSkipping(
  xml: string,
  kind: RootKind,
  skipIds: ReadonlySet<string> | undefined,
): Promise<{ raw: RawFeed; skipped?: string[] }> {
  const cut = skipIds ? skipKnownItems(xml, kind, skipIds) : undefined;
  if (cut && cut.skipped.length > 0) {
    try {
      return { raw: await parseXml(cut.xml), skipped: cut.skipped };
    } catch {
      // the whole document decides
    }
  }
  return { raw: await parseXml(xml) };
}

export async function parseFeedData(input: FeedInput, opts: ParseOptions = {}): Promise<FeedData> {
  const maxItems = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  const text = toText(input.body, input.contentType, opts.maxBytes ?? DEFAULT_MAX_FEED_BYTES).trimStart();
  if (text.trim() === '') throw new AppError('parse.empty', 'empty document');
  if (text.startsWith('{')) return { kind: 'json', feed: parseJsonFeed(text, input.url, maxItems) };
  const { xml, kind, root } = prepareXml(text);
  if (kind === 'html') throw new AppError('parse.not_a_feed', 'an HTML page, not a feed');
  const atom = kind === 'atom';
  const capped = capItems(
    atom ? dropEmptyAtomLinks(unprefixAtom(xml, root)) : ensureChannel(xml, kind, root),
    kind,
    maxItems,
  );
  const { raw, skipped } = await parseSkipping(cutLongRuns(capped.xml), kind, opts.skipIds);
  const base = baseFor(input.url, raw.link);
  const title = typeof raw.title === 'string' ? raw.title : (raw.title?._ ?? '');
  const language = typeof raw.language === 'string' ? raw.language.trim().slice(0, 35) : undefined;
  const feed = {
    format: formatOf(kind),
    title: htmlToLine(title),
    link: safeLink(raw.link, base),
    language: language || undefined,
    ttlMinutes: ttlOf(raw.ttl),
    items: mapItems(raw, atom, base),
    itemsInDocument: capped.total > maxItems ? capped.total : undefined,
  };
  return { kind: 'xml', feed, skipped };
}

export async function parseFeed(
  input: FeedInput,
  opts: Omit<ParseOptions, 'skipIds'> = {},
): Promise<ParsedFeed> {
  return feedFromData(await parseFeedData(input, opts));
}
