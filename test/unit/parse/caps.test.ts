/**
 * Feed caps (issue 12): items per read in document order (PARSE_MAX_ITEMS), the per-item text cap, and the
 * decompressed-size cap of a gzip body that came without Content-Encoding. Inputs are generated small.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { parseFeed } from '../../../src/pipeline/parse/index.js';
import { capItems } from '../../../src/pipeline/parse/item-cap.js';
import { MAX_ITEM_HTML_CHARS, MAX_LINE_HTML_CHARS } from '../../../src/pipeline/parse/items.js';
import { cutLongRuns } from '../../../src/pipeline/parse/long-text.js';
import { feedCandidates } from '../../../src/pipeline/refresh/candidates.js';
import { escapedTags, gzipBomb, guidItems, selfClosingItems, tinyItems } from '../../helpers/hostile.js';

const atom = (n: number) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>${Array.from(
    { length: n },
    (_, i) => `<entry><id>urn:e:${i}</id><title>E${i}</title><updated>2026-11-01T08:00:00Z</updated></entry>`,
  ).join('')}</feed>`;

describe('item cap', () => {
  it('reads the first N items in document order and reports how many the document had', async () => {
    const feed = await parseFeed({ body: guidItems(2_500) }, { maxItems: 1_000 });
    expect(feed.items).toHaveLength(1_000);
    expect(feed.items[0]?.guid).toBe('g0');
    expect(feed.items[999]?.guid).toBe('g999');
    expect(feed.itemsInDocument).toBe(2_500);
    // the channel's own elements survive the cut
    expect(feed.title).toBe('Hostile');
    expect(feed.link).toBe('https://hostile.example/');
  });

  it('defaults to 1,000 items; a feed within the cap is read whole and reports nothing', async () => {
    expect((await parseFeed({ body: tinyItems(1_500) })).items).toHaveLength(1_000);
    const small = await parseFeed({ body: guidItems(20) });
    expect(small.items).toHaveLength(20);
    expect(small.itemsInDocument).toBeUndefined();
  });

  it('cuts self-closing items, Atom entries and JSON Feed items too', async () => {
    const self = await parseFeed({ body: selfClosingItems(5_000) }, { maxItems: 10 });
    expect(self.items).toHaveLength(10);
    expect(self.itemsInDocument).toBe(5_000);
    const a = await parseFeed({ body: atom(50) }, { maxItems: 7 });
    expect(a.items.map((i) => i.guid)).toEqual(Array.from({ length: 7 }, (_, i) => `urn:e:${i}`));
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: Array.from({ length: 30 }, (_, i) => ({ id: `j${i}`, content_text: 'x' })),
    });
    const j = await parseFeed({ body: json }, { maxItems: 5 });
    expect(j.items.map((i) => i.guid)).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
    expect(j.itemsInDocument).toBe(30);
  });

  it('is not fooled by item tags inside CDATA or comments, or by longer names like <items>', () => {
    const xml =
      '<rss><channel><items>x</items><!-- <item>no</item> --><item><description><![CDATA[<item>inner</item>]]></description></item><item/><item>3</item></channel></rss>';
    const r = capItems(xml, 'rss', 1);
    expect(r.total).toBe(3);
    expect(r.xml).toBe(
      '<rss><channel><items>x</items><!-- <item>no</item> --><item><description><![CDATA[<item>inner</item>]]></description></item></channel></rss>',
    );
  });

  it('the poll path (feedCandidates) returns at most the cap', async () => {
    const c = await feedCandidates({
      body: guidItems(3_000),
      feedUrl: 'https://h.example/f',
      known: [],
      maxItems: 100,
    });
    expect(c.candidates).toHaveLength(100);
    expect(c.ids).toHaveLength(100);
  });
});

describe('per-item text cap', () => {
  it('reads an item description up to the cap (4 MB of escaped tags become a bounded text)', async () => {
    const feed = await parseFeed({ body: escapedTags(1_000_000) });
    const text = feed.items[0]?.text ?? '';
    expect(text).toContain('Rat beschließt 12 Mio. Euro');
    expect(text.length).toBeLessThanOrEqual(MAX_ITEM_HTML_CHARS);
    expect(text.length).toBeGreaterThan(MAX_ITEM_HTML_CHARS / 10);
  });

  it('cuts a long text run or CDATA section before the XML parser, never inside an entity', () => {
    const run = '&lt;p&gt;'.repeat(100);
    const xml = `<rss><channel><item><description>${run}</description><title>kurz &amp; gut</title><content:encoded><![CDATA[${'x'.repeat(50)}]]></content:encoded></item></channel></rss>`;
    const cut = cutLongRuns(xml, 20);
    // 20 characters of the run end inside the fifth entity: the cut backs off to before it
    expect(cut).toContain('<description>&lt;p&gt;&lt;p&gt;</description>');
    expect(cut).toContain('<title>kurz &amp; gut</title>');
    expect(cut).toContain(`<![CDATA[${'x'.repeat(20)}]]></content:encoded>`);
    // nothing to cut: the same document
    expect(cutLongRuns(xml, 10_000)).toBe(xml);
  });

  it('caps titles as lines', async () => {
    const body = `<rss><channel><title>t</title><item><title>${'Sehr langer Titel '.repeat(50_000)}</title><guid>x</guid></item></channel></rss>`;
    const feed = await parseFeed({ body });
    expect(feed.items[0]?.title.length).toBeLessThanOrEqual(MAX_LINE_HTML_CHARS);
  });
});

describe('gzip without Content-Encoding', () => {
  it('is unpacked only up to the feed cap (fetch.too_large past it)', async () => {
    const e = await parseFeed({ body: gzipBomb(100_000) }, { maxBytes: 1_000_000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('fetch.too_large');
    // within the cap it is read
    const ok = await parseFeed({ body: gzipSync(tinyItems(5)) }, { maxBytes: 1_000_000 });
    expect(ok.items).toHaveLength(5);
  });

  it('defaults to the default feed cap (5 MiB), not 50 MB', async () => {
    // ~6.9 MB unpacked
    const e = await parseFeed({ body: gzipBomb(240_000) }).catch((x: unknown) => x);
    expect((e as AppError).code).toBe('fetch.too_large');
  });
});
