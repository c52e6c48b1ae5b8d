/**
 * The shared feed corpus (../shared/corpus/feeds, 149 files with MANIFEST.json): every well-formed feed parses
 * with its item count and a correctly decoded first title; malformed ones end in items or a typed error.
 * Files are served from a loopback server with their recorded Content-Type and go through the real fetcher.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from '../../src/domain/errors.js';
import { createFetcher, type Fetcher } from '../../src/pipeline/fetch/index.js';
import { decodeBody, type ParsedFeed, parseFeed } from '../../src/pipeline/parse/index.js';
import { startServer, type TestServer } from './fetch/server.js';

const DIR = new URL('../../../shared/corpus/feeds/', import.meta.url);
const MANIFEST = new URL('MANIFEST.json', DIR);
const present = existsSync(MANIFEST);
if (!present) console.warn(`corpus tests skipped: ${MANIFEST.pathname} not found`);

interface Expected {
  item_count?: number;
  first_item_title?: string;
  feed_title?: string;
  decoded_contains?: string;
  item_index?: number;
  item_title?: string;
  http_content_type?: string;
  header?: string | string[];
}
interface Rec {
  file: string;
  format: string;
  well_formed: boolean;
  counted_item_count?: number | null;
  counted_first_item_title?: string | null;
  expected_from_source: Expected;
}

const records: Rec[] = present ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { files: Rec[] }).files : [];
/** Titles the sanitizer suite expects raw; we turn them into plain text on purpose (checked separately). */
const SANITIZED_TITLES = new Set([
  'feedparser/sanitize/entry_title_script.xml',
  'feedparser/sanitize/entry_title_crazy.xml',
]);

function contentType(r: Rec): string | undefined {
  const e = r.expected_from_source;
  if (e.http_content_type) return e.http_content_type;
  const lines = Array.isArray(e.header) ? e.header : e.header ? [e.header] : [];
  for (const line of lines) {
    const m = /^content-type:\s*(.*)$/i.exec(line);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

let srv: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  if (!present) return;
  srv = await startServer();
  for (const r of records) {
    srv.route(`/${r.file}`, (_req, res) => {
      const type = contentType(r);
      if (type) res.setHeader('content-type', type);
      res.end(readFileSync(new URL(r.file, DIR)));
    });
  }
  fetcher = createFetcher({
    allowPrivateHosts: ['127.0.0.1/32'],
    allowPorts: [srv.port],
    userAgent: 'corpus-test',
    timeoutMs: 5000,
    connectTimeoutMs: 1000,
    maxFeedBytes: 5 * 1024 * 1024,
    maxPageBytes: 5 * 1024 * 1024,
    maxRedirects: 5,
  });
});
afterAll(async () => {
  await fetcher?.close();
  await srv?.close();
});

async function fetchAndParse(r: Rec): Promise<{ feed?: ParsedFeed; error?: unknown; text: string }> {
  const res = await fetcher.fetch(srv.url(`/${r.file}`), { kind: 'feed' });
  const text = decodeBody(res.body, res.contentType);
  try {
    return {
      feed: await parseFeed({ body: res.body, contentType: res.contentType, url: res.finalUrl }),
      text,
    };
  } catch (error) {
    return { error, text };
  }
}

describe.skipIf(!present)('feed corpus: well-formed files', () => {
  for (const r of records.filter((x) => x.well_formed)) {
    const e = r.expected_from_source;
    const notAFeed = /not a feed/i.test(r.format);
    it(`${r.file}`, async () => {
      const { feed, error, text } = await fetchAndParse(r);
      if (e.decoded_contains) expect(text).toContain(e.decoded_contains);
      if (notAFeed && error) {
        expect((error as AppError).code).toBe('parse.not_a_feed');
        return;
      }
      if (error) throw error;
      if (!feed) throw new Error('no feed');
      const count = e.item_count ?? r.counted_item_count ?? 0;
      expect(feed.items.length).toBe(count);
      const firstTitle = e.first_item_title ?? (e.decoded_contains ? undefined : r.counted_first_item_title);
      const gotFirst = feed.items[0]?.title ?? '';
      if (SANITIZED_TITLES.has(r.file)) expect(gotFirst).not.toMatch(/[<>]/);
      else if (firstTitle != null) expect(squash(gotFirst)).toBe(squash(firstTitle));
      if (e.item_index !== undefined && e.item_title)
        expect(feed.items[e.item_index]?.title).toBe(squash(e.item_title));
      if (e.feed_title) expect(feed.title).toBe(squash(e.feed_title));
      for (const item of feed.items) if (item.link) expect(item.link).toMatch(/^https?:\/\//);
    });
  }
});

describe.skipIf(!present)('feed corpus: malformed files end in items or a typed error', () => {
  for (const r of records.filter((x) => !x.well_formed)) {
    it(`${r.file}`, async () => {
      const { feed, error } = await fetchAndParse(r);
      if (error) {
        expect(error).toBeInstanceOf(AppError);
        expect(ERROR_CODES).toContain((error as AppError).code);
        expect((error as AppError).code).toMatch(/^parse\./);
      } else {
        expect(Array.isArray(feed?.items)).toBe(true);
        for (const item of feed?.items ?? []) expect(typeof item.title).toBe('string');
      }
    });
  }
});
