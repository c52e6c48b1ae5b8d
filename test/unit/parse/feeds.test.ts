import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/pipeline/parse/index.js';
import { fixture } from './fixtures.js';

const BASE = 'https://www.example.de/feeds/top.xml';

describe('RSS 2.0 (German, UTF-8)', () => {
  it('maps items: plain text, best content, safe links, German dates, image, categories', async () => {
    const feed = await parseFeed({ body: fixture('rss2-de-utf8.xml'), url: BASE });
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Stadtanzeiger Test – Nachrichten',
      link: 'https://www.example.de/',
      language: 'de-DE',
      ttlMinutes: 15,
    });
    expect(feed.items).toHaveLength(3);
    const [first, second, third] = feed.items;
    expect(first).toMatchObject({
      guid: 'ksa-48213',
      link: 'https://www.example.de/lokales/radwege-koeln-2024',
      title: 'Stadtrat beschließt neues Radwegenetz für Köln',
      publishedAt: Date.UTC(2024, 2, 5, 13, 30),
      author: 'Jana Müller',
      imageUrl: 'https://bilder.example.de/radweg.jpg',
      categories: ['Lokales', 'Verkehr'],
      summaryText: 'Der Stadtrat hat am Dienstag ein Radwegenetz von 120 Kilometern beschlossen.',
    });
    expect(first?.text).toBe(
      'Der Kölner Stadtrat hat am Dienstag mit großer Mehrheit ein neues Radwegenetz beschlossen.\n' +
        'Bis 2030 sollen 120 Kilometer neue Wege entstehen; die Kosten liegen bei rund 85 Millionen Euro.',
    );
    expect(first?.contentHtml).toContain('<b>120 Kilometer</b>');
    expect(second?.title).toBe('Energiepreise: Gaspreis fällt auf tiefsten Stand seit 2021');
    expect(second?.publishedAt).toBe(Date.UTC(2024, 5, 3, 8, 15));
    expect(second?.text).toBe('Der Großhandelspreis für Erdgas ist auf 28 Euro je Megawattstunde gefallen.');
    expect(third?.link).toBeUndefined();
    expect(third?.publishedAt).toBeUndefined();
    expect(third?.title).toBe('Klick mich');
  });
});

describe('charsets', () => {
  it('reads ISO-8859-1 bytes from the HTTP charset, and by fallback without any label', async () => {
    for (const contentType of ['application/rss+xml; charset="ISO-8859-1"', undefined]) {
      const feed = await parseFeed({ body: fixture('rss2-latin1-no-prolog-charset.xml'), contentType });
      expect(feed.title).toBe('Grüße aus Köln');
      expect(feed.items[0]?.title).toBe('Bürgerbüro öffnet länger, Straßenfest am Wochenende');
    }
  });

  it('reads windows-1252 quotes, dash and euro in a file labelled ISO-8859-1', async () => {
    const feed = await parseFeed({ body: fixture('rss2-cp1252-labelled-latin1.xml') });
    expect(feed.title).toBe('Wirtschaft – „Preise“');
    expect(feed.items[0]?.title).toBe('Grüße aus Köln – „Straße“ kostet 5 €');
    expect(feed.items[0]?.text).toBe('Die Sanierung kostet 5 € pro Quadratmeter.');
  });

  it('keeps valid UTF-8 although the prolog and header say ISO-8859-1', async () => {
    const feed = await parseFeed({
      body: fixture('rss2-utf8-prolog-says-latin1.xml'),
      contentType: 'text/xml; charset=iso-8859-1',
    });
    expect(feed.items[0]?.title).toBe('Grüße aus Köln – „Straße“ kostet 5 €');
  });

  it('reads UTF-16LE with BOM, UTF-16BE without BOM and UTF-8 with BOM alike', async () => {
    for (const name of ['rss2-utf16le-bom.xml', 'rss2-utf16be-no-bom.xml', 'rss2-utf8-bom.xml']) {
      const feed = await parseFeed({ body: fixture(name) });
      expect(feed.title, name).toBe('World News – Test Edition');
      expect(feed.items[0]?.title, name).toBe('Central bank holds rates at 4.5 % — “for now”');
      expect(feed.items[0]?.publishedAt, name).toBe(Date.UTC(2024, 2, 20, 18));
    }
  });
});

describe('other formats', () => {
  it('parses RDF (RSS 1.0) in ISO-8859-1 with dc:date and rdf:about ids', async () => {
    const feed = await parseFeed({ body: fixture('rdf-10-latin1.xml') });
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('Technik-Nachrichten');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Glasfaserförderung startet im April',
      'Mobilfunk: Weiße Flecken schrumpfen',
    ]);
    expect(feed.items[0]?.publishedAt).toBe(Date.UTC(2024, 2, 1, 7));
    expect(feed.items[1]).toMatchObject({
      guid: 'https://www.example.de/mobilfunk',
      link: 'https://www.example.de/mobilfunk',
    });
  });

  it('parses Atom 0.3', async () => {
    const feed = await parseFeed({ body: fixture('atom03.xml') });
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toMatchObject({
      title: 'Migrating the archive',
      link: 'https://blog.example.org/2024/02/archive',
      guid: 'tag:blog.example.org,2024:archive',
      publishedAt: Date.UTC(2024, 1, 1, 10),
      text: 'We moved 4,200 posts to the new server over the weekend.',
    });
  });

  it('keeps an Atom feed with an unreadable date and an empty <link/>', async () => {
    const feed = await parseFeed({
      body: fixture('atom10-bad-date-empty-link.xml'),
      url: 'https://gazette.example.com/atom',
    });
    expect(feed.items).toHaveLength(2);
    const [ferry, budget] = feed.items;
    expect(ferry).toMatchObject({
      title: 'Ferry service resumes after storm',
      link: 'https://gazette.example.com/2024/05/ferry',
      author: 'Sam Carter',
      categories: ['Transport'],
      text: 'Ferries run again on all three routes, the operator said on Friday.',
      summaryText: 'Ferries run again on all three routes.',
    });
    expect(ferry?.publishedAt).toBeUndefined();
    expect(budget?.publishedAt).toBe(Date.UTC(2024, 4, 10, 5));
  });

  it('parses JSON Feed 1.1', async () => {
    const feed = await parseFeed({ body: fixture('jsonfeed-11.json'), contentType: 'application/feed+json' });
    expect(feed).toMatchObject({ format: 'json', title: 'Morning Brief', language: 'en' });
    expect(feed.items[0]).toMatchObject({
      guid: '2024-06-01-markets',
      link: 'https://brief.example.net/2024/06/01/markets',
      text: 'Stocks rose 1.2 percent in early trading.',
      publishedAt: Date.UTC(2024, 5, 1, 5, 30),
      author: 'Lee Park',
      categories: ['markets', 'economy'],
      imageUrl: 'https://brief.example.net/img/markets.png',
    });
    expect(feed.items[1]).toMatchObject({ guid: '42', text: 'Only text here.', link: undefined });
  });

  it('parses RSS 0.91 with a public DOCTYPE', async () => {
    const feed = await parseFeed({ body: fixture('rss091-doctype.xml') });
    expect(feed.title).toBe('Netscape-Ära');
    expect(feed.items[0]?.title).toBe('Erste Meldung');
  });
});

describe('repair', () => {
  it('repairs bare ampersands once and keeps real entities', async () => {
    const feed = await parseFeed({ body: fixture('rss2-bare-ampersand.xml') });
    expect(feed.title).toBe('Tech & Telekom');
    expect(feed.items.map((i) => i.title)).toEqual(['AT&T and T-Mobile raise prices', 'Second story']);
    expect(feed.items[0]?.link).toBe('https://tech.example.com/story?id=7&ref=rss');
    expect(feed.items[0]?.text).toBe('Prices rise by 5 & more percent ähnlich €.');
  });
});
