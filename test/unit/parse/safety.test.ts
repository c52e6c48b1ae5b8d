import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { parseFeed } from '../../../src/pipeline/parse/index.js';
import { startServer, type TestServer } from '../../integration/fetch/server.js';
import { fixture } from './fixtures.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof AppError ? e.code : `untyped: ${String(e)}`;
  }
}

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
  srv.route('/dtd', (_req, res) => res.end('<!ENTITY x "y">'));
});
afterAll(async () => {
  await srv.close();
});

describe('entities', () => {
  it('refuses billion laughs before parsing', async () => {
    expect(await codeOf(parseFeed({ body: fixture('billion-laughs.xml') }))).toBe('parse.forbidden_entity');
  });

  it('refuses XXE (file and loopback URL) without reading anything', async () => {
    const xml = fixture('xxe.xml').toString('utf8').replace('__REMOTE__', srv.url('/dtd'));
    expect(await codeOf(parseFeed({ body: xml }))).toBe('parse.forbidden_entity');
    expect(srv.connections).toBe(0);
  });

  it('does not mistake an ENTITY text inside the content for a declaration', async () => {
    const xml =
      '<rss version="2.0"><channel><title>XML-Kurs</title><item><title>DTDs erklärt</title>' +
      '<description><![CDATA[Mit <!ENTITY name "wert"> deklariert man Entitäten.]]></description></item></channel></rss>';
    const feed = await parseFeed({ body: xml });
    expect(feed.items[0]?.title).toBe('DTDs erklärt');
  });
});

describe('untrusted content', () => {
  it('handles a 200 KB description of &lt; (no quadratic snippet)', async () => {
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>Viele Zeichen</title><description>${'&lt;'.repeat(200_000)}</description></item></channel></rss>`;
    const feed = await parseFeed({ body: xml });
    expect(feed.items[0]?.title).toBe('Viele Zeichen');
    expect(feed.items[0]?.contentHtml?.length).toBe(200_000);
  });

  it('locks xml2js at 0.5 or later (CVE-2023-0842) and rss-parser at 3.13.x', () => {
    const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const [major = 0, minor = 0] = (lock.packages['node_modules/xml2js']?.version ?? '0.0')
      .split('.')
      .map(Number);
    expect(major > 0 || minor >= 5).toBe(true);
    expect(lock.packages['node_modules/rss-parser']?.version).toMatch(/^3\.13\./);
  });

  it('leaves Object.prototype alone', async () => {
    const feed = await parseFeed({ body: fixture('prototype-pollution.xml') });
    expect(feed.items.map((i) => i.title)).toEqual(['one', 'two']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns HTML in titles into plain text and drops non-http links', async () => {
    const xml = `<rss version="2.0"><channel><title>&lt;b&gt;Fett&lt;/b&gt; News</title>
      <item><title>&lt;img src=x onerror=alert(1)&gt;Angriff &lt;script&gt;alert(2)&lt;/script&gt;abgewehrt</title><link>data:text/html,hi</link></item>
      <item><title>Zweiter</title><link>  //cdn.example.org/x  </link></item>
      <item><title>Dritter</title><link>ftp://files.example.org/x</link><guid>https://www.example.org/dritter</guid></item>
    </channel></rss>`;
    const feed = await parseFeed({ body: xml, url: 'https://www.example.org/rss' });
    expect(feed.title).toBe('Fett News');
    expect(feed.items[0]?.title).toBe('Angriff abgewehrt');
    expect(feed.items[0]?.link).toBeUndefined();
    expect(feed.items[1]?.link).toBe('https://cdn.example.org/x');
    expect(feed.items[2]?.link).toBe('https://www.example.org/dritter');
  });

  it('strips XML-illegal control characters', async () => {
    const xml =
      '<rss version="2.0"><channel><title>Kon\u0001trolle</title><item><title>A\u0000B\u001fC</title></item></channel></rss>';
    const feed = await parseFeed({ body: Buffer.from(xml) });
    expect(feed.title).toBe('Kontrolle');
    expect(feed.items[0]?.title).toBe('ABC');
  });

  it('reads a gzip body that arrived without Content-Encoding', async () => {
    const feed = await parseFeed({ body: gzipSync(fixture('rss2-de-utf8.xml')) });
    expect(feed.items).toHaveLength(3);
  });
});

describe('crash paths end as typed errors', () => {
  const cases: Array<[string, string | Buffer, string]> = [
    ['empty document', '   \n', 'parse.empty'],
    [
      'HTML page',
      '<!doctype html><html><head><title>Login</title></head><body></body></html>',
      'parse.not_a_feed',
    ],
    ['unknown XML root', '<?xml version="1.0"?><note><to>Anaïs</to></note>', 'parse.not_a_feed'],
    [
      'truncated document',
      '<rss version="2.0"><channel><title>Abgeschnitten</title><item><title>x',
      'parse.invalid_xml',
    ],
    ['text before the root', 'Hallo <rss version="2.0"><channel></channel></rss>', 'parse.invalid_xml'],
    ['JSON that is no JSON Feed', '{"hello":"world"}', 'parse.not_a_feed'],
    ['broken JSON', '{"version":', 'parse.invalid_xml'],
    ['broken gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]), 'parse.invalid_xml'],
    [
      '20 000 nested elements',
      `<rss version="2.0"><channel>${'<x>'.repeat(20_000)}${'</x>'.repeat(20_000)}</channel></rss>`,
      'no error',
    ],
  ];
  for (const [label, body, code] of cases) {
    it(label, async () => {
      expect(await codeOf(parseFeed({ body }))).toBe(code);
    });
  }

  it('parses the minimal documents that crash rss-parser', async () => {
    expect((await parseFeed({ body: '<rss version="2.0"></rss>' })).items).toEqual([]);
    expect((await parseFeed({ body: '<rss/>' })).items).toEqual([]);
    const rdf = await parseFeed({
      body: '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>Solo</title></item></rdf:RDF>',
    });
    expect(rdf.items.map((i) => i.title)).toEqual(['Solo']);
    const atom = await parseFeed({
      body: '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><link/><published>gestern</published></entry></feed>',
    });
    expect(atom.items[0]?.publishedAt).toBeUndefined();
  });

  it('reads a prefixed Atom document', async () => {
    const xml =
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Präfix</a:title><a:entry><a:title>Eintrag</a:title>' +
      '<a:link href="https://example.org/e"/><a:id>e1</a:id></a:entry></a:feed>';
    const feed = await parseFeed({ body: xml });
    expect(feed.items[0]).toMatchObject({ title: 'Eintrag', link: 'https://example.org/e', guid: 'e1' });
  });
});

describe('prolog scanning', () => {
  it('finds entity declarations behind a comment that contains a tag', async () => {
    const xml =
      '<?xml version="1.0"?><!-- <rss> --><!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"><channel><title>&a;</title></channel></rss>';
    expect(await codeOf(parseFeed({ body: xml }))).toBe('parse.forbidden_entity');
  });

  it('drops a DOCTYPE with an internal subset that declares no entity', async () => {
    const xml =
      '<!DOCTYPE rss [<!ELEMENT rss ANY>]><rss version="2.0"><channel><title>Ohne Entitäten</title></channel></rss>';
    expect((await parseFeed({ body: xml })).title).toBe('Ohne Entitäten');
  });
});
