import { describe, expect, it } from 'vitest';
import {
  decodeXmlEntities,
  escapeXml,
  MAX_OPML_OUTLINES,
  parseOpml,
  renderOpml,
} from '../../../src/commands/opml.js';

describe('parseOpml', () => {
  it('reads feed outlines with decoded URLs, titles, languages and folder tags, once per URL', () => {
    const r = parseOpml(`<?xml version="1.0"?>
<opml version="1.0"><head><title>x</title></head><body>
  <outline text="Wirtschaft &amp; Finanzen">
    <outline text="Börse" xmlUrl="https://boerse.example/rss?a=1&amp;b=2" language="de-AT"/>
    <outline title="Märkte &#x26; mehr" XMLURL="https://maerkte.example/feed"/>
  </outline>
  <outline text="Dup" xmlUrl="https://boerse.example/rss?a=1&amp;b=2"/>
  <outline text="Ordner ohne Feed"/>
</body></opml>`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([
      { url: 'https://boerse.example/rss?a=1&b=2', title: 'Börse', language: 'de', tags: [] },
      { url: 'https://maerkte.example/feed', title: 'Märkte & mehr', language: undefined, tags: [] },
    ]);
  });

  it('takes folder names and the category attribute as tags', () => {
    const r = parseOpml(
      '<opml><body><outline text="Regional News"><outline text="A" xmlUrl="https://a.example/f" category="/Lokal,Sport"/></outline></body></opml>',
    );
    expect(r.ok && r.value[0]?.tags).toEqual(['lokal', 'sport', 'regional-news']);
  });

  it('refuses DTDs and entity declarations before parsing', () => {
    const r = parseOpml('<?xml version="1.0"?><!doctype opml SYSTEM "file:///etc/passwd"><opml/>');
    expect(r.ok ? undefined : r.error.code).toBe('parse.forbidden_entity');
  });

  it('refuses non-OPML documents, plain text and files without feeds', () => {
    const code = (s: string) => {
      const r = parseOpml(s);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code('<html><body>Hallo</body></html>')).toBe('opml.invalid');
    expect(code('nur Text')).toBe('opml.invalid');
    expect(code('<opml><body></body></opml>')).toBe('opml.empty');
  });

  it('caps the number of outlines', () => {
    const outlines = Array.from(
      { length: MAX_OPML_OUTLINES + 1 },
      (_, i) => `<outline xmlUrl="https://f.example/${i}"/>`,
    );
    const r = parseOpml(`<opml><body>${outlines.join('')}</body></opml>`);
    expect(r.ok ? 'ok' : r.error).toEqual({ code: 'opml.too_many', params: { limit: MAX_OPML_OUTLINES } });
  });
});

describe('renderOpml', () => {
  it('escapes names and URLs so the result parses back to the same feeds', () => {
    const feeds = [
      {
        url: 'https://x.example/rss?a=1&b="2"',
        name: 'Zeit & <Welt> „Aktuell“',
        language: 'de' as const,
        tags: ['politik'],
      },
      { url: 'https://y.example/atom', name: "O'Brien's Daily", language: 'en' as const, tags: [] },
    ];
    const xml = renderOpml('Export & Co', feeds, Date.UTC(2026, 10, 25));
    expect(xml).toContain('<title>Export &amp; Co</title>');
    expect(xml).toContain('<dateCreated>Wed, 25 Nov 2026 00:00:00 GMT</dateCreated>');
    const back = parseOpml(xml);
    expect(back.ok && back.value).toEqual([
      { url: feeds[0]?.url, title: 'Zeit & <Welt> „Aktuell“', language: 'de', tags: ['politik'] },
      { url: feeds[1]?.url, title: "O'Brien's Daily", language: 'en', tags: [] },
    ]);
  });

  it('drops control characters that XML cannot carry', () => {
    expect(escapeXml('a\u0001b\tc')).toBe('ab\tc');
  });

  it('decodes only well-formed references', () => {
    expect(decodeXmlEntities('&amp;lt; &#228; &#xFC; &#0; &bogus; &#xD800;')).toBe(
      '&lt; ä ü &#0; &bogus; &#xD800;',
    );
  });
});
