/**
 * Known items left out before parsing (src/pipeline/parse/skip-known.ts): what is cut, every case where the scan
 * must give up, and — over our fixtures and the shared corpus — that leaving items out never changes the ids or
 * the content of the items that remain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignIds } from '../../../src/pipeline/identify/index.js';
import { parseFeed, parseFeedData } from '../../../src/pipeline/parse/index.js';
import { skipKnownItems } from '../../../src/pipeline/parse/skip-known.js';
import { feedCandidates } from '../../../src/pipeline/refresh/candidates.js';

const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;
const item = (guid: string, extra = '') =>
  `<item><title>Titel ${guid}</title><guid isPermaLink="false">${guid}</guid>${extra}</item>`;
const known = (...ids: string[]) => new Set(ids);

describe('skipKnownItems', () => {
  it('cuts the items whose unique plain guid is known, and only those', () => {
    const xml = rss(item('a') + item('b') + item('c'));
    const r = skipKnownItems(xml, 'rss', known('a', 'c', 'zzz'));
    expect(r.skipped).toEqual(['a', 'c']);
    expect(r.xml).toBe(rss(item('b')));
  });

  it('keeps items without a guid element and still cuts the known ones around them', () => {
    const noGuid = '<item><title>ohne guid</title><link>https://x/1</link></item>';
    const r = skipKnownItems(rss(item('a') + noGuid + item('b')), 'rss', known('a', 'b', 'https://x/1'));
    expect(r.skipped).toEqual(['a', 'b']);
    expect(r.xml).toBe(rss(noGuid));
  });

  it('cuts Atom entries by their <id>', () => {
    const entry = (id: string) =>
      `<entry><title>E ${id}</title><id> ${id} </id><updated>2026-11-25T10:00:00Z</updated></entry>`;
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>feed-id</id>${entry('urn:1')}${entry('urn:2')}</feed>`;
    const r = skipKnownItems(xml, 'atom', known('urn:1', 'feed-id'));
    expect(r.skipped).toEqual(['urn:1']);
    expect(r.xml).toContain('urn:2');
    expect(r.xml).not.toContain('E urn:1');
    // the feed's own <id> outside the entries is not an item
    expect(r.xml).toContain('feed-id');
  });

  it('ignores markup inside CDATA and comments and quoted ">" in the item tag', () => {
    const tricky = '<description><![CDATA[<p>not an </item> or <item> or <guid>x</guid></p>]]></description>';
    const xml = rss(
      `<!-- <item><guid>b</guid></item> -->${item('a', tricky)}<item data-x="1>2">${item('b').slice(6)}`,
    );
    const r = skipKnownItems(xml, 'rss', known('a', 'b'));
    expect(r.skipped).toEqual(['a', 'b']);
    expect(r.xml).toContain('<!-- <item><guid>b</guid></item> -->');
    expect(r.xml).not.toContain('Titel a');
  });

  const giveUp: [string, string, string][] = [
    ['a guid repeated in the document', rss(item('a') + item('a') + item('b')), 'a'],
    ['a guid with an entity', rss(item('a&amp;b') + item('c')), 'c'],
    ['a guid in CDATA', rss(`<item><guid><![CDATA[x]]></guid></item>${item('c')}`), 'c'],
    ['a guid with markup', rss(`<item><guid>x<b>y</b></guid></item>${item('c')}`), 'c'],
    ['an item with two guids', rss(`<item><guid>x</guid><guid>y</guid></item>${item('c')}`), 'c'],
    ['an item with an <id> too (rss-parser may read it)', rss(item('c', '<id>other</id>')), 'c'],
    ['an item with rdf:about', rss(`<item rdf:about="https://x/1"><guid>c</guid></item>`), 'c'],
    ['nested items', rss(`<item><guid>c</guid><item><guid>d</guid></item></item>`), 'c'],
    ['an unclosed item', rss(`${item('c')}<item><guid>d</guid>`), 'c'],
    [
      'an unterminated CDATA section',
      rss(`${item('c')}<item><description><![CDATA[x</description></item>`),
      'c',
    ],
    ['an unterminated comment', rss(`${item('c')}<!-- x`), 'c'],
    ['a self-closing item', rss(`${item('c')}<item/>`), 'c'],
    ['a guid with a CR (parsers normalize it)', rss(`<item><guid>c\r\nd</guid></item>${item('e')}`), 'e'],
  ];
  it.each(giveUp)('cuts nothing for %s', (_what, xml, id) => {
    const r = skipKnownItems(xml, 'rss', known(id, 'a', 'd'));
    expect(r.skipped).toEqual([]);
    expect(r.xml).toBe(xml);
  });

  it('cuts nothing for RDF, other roots, or without known ids', () => {
    const xml = rss(item('a'));
    expect(skipKnownItems(xml, 'rdf', known('a')).skipped).toEqual([]);
    expect(skipKnownItems(xml, 'other', known('a')).skipped).toEqual([]);
    expect(skipKnownItems(xml, 'rss', known()).skipped).toEqual([]);
  });
});

describe('PARSE_SKIP_KNOWN (skipKnown) switch', () => {
  // the known item "a" is not well-formed XML: cut out unparsed, it cannot fail the feed; parsed, it does
  const body = Buffer.from(
    rss('<item><guid>a</guid><title>x <b>y</title></item><item><guid>b</guid><title>neu</title></item>'),
  );
  const req = { body, url: 'https://x/feed', feedUrl: 'https://x/feed', known: ['a'] };

  it('skipping known items: the new one is read', async () => {
    const r = await feedCandidates(req);
    expect(r.candidates.map((c) => c.id)).toEqual(['b']);
    expect(new Set(r.ids)).toEqual(new Set(['a', 'b']));
  });

  it('skipKnown false: the whole document is parsed, and fails as rss-parser says', async () => {
    await expect(feedCandidates({ ...req, skipKnown: false })).rejects.toMatchObject({
      code: 'parse.invalid_xml',
    });
  });
});

/** The reference: every item parsed, ids assigned over the whole document, known ones filtered afterwards. */
async function reference(body: Buffer, feedUrl: string, knownIds: Set<string>) {
  const feed = await parseFeed({ body, url: feedUrl });
  const all = assignIds(feed.items, feedUrl);
  return {
    ids: new Set(all.map((x) => x.id)),
    candidates: all
      .filter((x) => !knownIds.has(x.id))
      .map((x) => ({ id: x.id, title: x.item.title, text: x.item.text, publishedAt: x.item.publishedAt })),
  };
}

/** Checks the equivalence; returns how many items were left out unparsed when every id is known. */
async function expectSameAsReference(body: Buffer, feedUrl: string): Promise<number> {
  const full = await reference(body, feedUrl, new Set());
  const ids = [...full.ids];
  // nothing known, every other id known, all known
  for (const knownIds of [new Set<string>(), new Set(ids.filter((_, i) => i % 2 === 0)), new Set(ids)]) {
    const expected = await reference(body, feedUrl, knownIds);
    const got = await feedCandidates({ body, url: feedUrl, feedUrl, known: [...knownIds] });
    expect(new Set(got.ids)).toEqual(expected.ids);
    expect(
      got.candidates.map((c) => ({
        id: c.id,
        title: c.item.title,
        text: c.item.text,
        publishedAt: c.item.publishedAt,
      })),
    ).toEqual(expected.candidates);
  }
  const data = await parseFeedData({ body, url: feedUrl }, { skipIds: new Set(ids) });
  return data.skipped?.length ?? 0;
}

describe('feedCandidates gives the same items with and without skipping', () => {
  const fixtures = new URL('../../fixtures/feeds/', import.meta.url);
  const files = readdirSync(fixtures).filter((f) => /\.(xml|json)$/.test(f));
  it.each(files)('fixture %s', async (file) => {
    const body = readFileSync(new URL(file, fixtures));
    try {
      await parseFeed({ body });
    } catch {
      return; // the refusal fixtures (entities, XXE) are covered by safety.test.ts
    }
    const skipped = await expectSameAsReference(body, 'https://news.example/feed.xml');
    if (file === 'rss2-de-utf8.xml' || file === 'atom10-bad-date-empty-link.xml')
      expect(skipped).toBeGreaterThan(0);
  });

  const corpus = new URL('../../../../shared/corpus/feeds/', import.meta.url);
  const manifest = new URL('MANIFEST.json', corpus);
  const present = existsSync(manifest);
  if (!present) console.warn(`corpus skip-known test skipped: ${manifest.pathname} not found`);
  it.skipIf(!present)('every parseable feed of the shared corpus', async () => {
    const records = (JSON.parse(readFileSync(manifest, 'utf8')) as { files: { file: string }[] }).files;
    let parsed = 0;
    let skipping = 0;
    for (const r of records) {
      const body = readFileSync(new URL(r.file, corpus));
      try {
        await parseFeed({ body });
      } catch {
        continue;
      }
      if ((await expectSameAsReference(body, `https://corpus.example/${r.file}`)) > 0) skipping++;
      parsed++;
    }
    expect(parsed).toBeGreaterThan(100);
    // the shortcut applies to a good part of real feeds (the rest are parsed whole)
    console.log(`skip-known: ${skipping} of ${parsed} corpus feeds had known items left out unparsed`);
    expect(skipping).toBeGreaterThan(parsed / 4);
  });
});
