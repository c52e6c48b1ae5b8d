/**
 * rss-parser 3.13.0, `parseString` only. Two library traps are closed here:
 * - `contentSnippet` uses quadratic regexes (100 KB of `&lt;` blocks for 16 s): its helper is replaced by a
 *   no-op, we never read contentSnippet (plain text comes from ./html.ts).
 * - Atom `<published>gestern</published>` makes it throw for the whole feed: dates V8 cannot read are
 *   rewritten (or blanked) by an xml2js value processor before rss-parser sees them.
 */
import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { parseDate } from './dates.js';

const require = createRequire(import.meta.url);
const utils = require('rss-parser/lib/utils.js') as { getSnippet: (s: string) => string };
utils.getSnippet = () => '';

const ATOM_DATES = new Set(['published', 'updated', 'issued', 'modified', 'created']);

function fixAtomDate(value: unknown, name: string): unknown {
  if (typeof value !== 'string' || !ATOM_DATES.has(name)) return value;
  if (!Number.isNaN(new Date(value).getTime())) return value;
  const ms = parseDate(value);
  return ms === undefined ? '' : new Date(ms).toISOString();
}

export type RawValue = string | { _?: string; $?: Record<string, string> } | undefined;

export interface RawItem {
  [key: string]: unknown;
  title?: RawValue;
  link?: string;
  guid?: RawValue;
  id?: RawValue;
  pubDate?: string;
  isoDate?: string;
  /** Atom 0.3 dates. */
  issued?: RawValue;
  modified?: RawValue;
  content?: string;
  'content:encoded'?: string;
  summary?: RawValue;
  creator?: RawValue;
  author?: RawValue;
  categories?: unknown[];
  categoryRaw?: unknown[];
  enclosure?: { url?: string; type?: string };
  mediaContent?: Array<{ $?: Record<string, string> }>;
  mediaThumbnail?: Array<{ $?: Record<string, string> }>;
  'rdf:about'?: string;
  itunes?: { image?: string };
}

export interface RawFeed {
  title?: RawValue;
  link?: string;
  language?: string;
  ttl?: string;
  items: RawItem[];
}

export async function runRssParser(xml: string): Promise<RawFeed> {
  // a new parser per call: the constructor mutates its options object
  const parser = new Parser({
    defaultRSS: 2,
    xml2js: { valueProcessors: [fixAtomDate] },
    customFields: {
      feed: ['language', 'ttl'],
      item: [
        ['media:content', 'mediaContent', { keepArray: true }],
        ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
        ['category', 'categoryRaw', { keepArray: true }],
        ['id', 'id'],
        ['issued', 'issued'],
        ['modified', 'modified'],
      ],
    },
  } as ConstructorParameters<typeof Parser>[0]);
  return (await parser.parseString(xml)) as unknown as RawFeed;
}
