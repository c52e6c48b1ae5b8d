import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../../src/cli.js';
import { gzipBomb, guidItems } from '../../helpers/hostile.js';
import { fixture } from '../../unit/parse/fixtures.js';
import { startServer, type TestServer } from './server.js';

let srv: TestServer;

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    stdin: async function* () {},
    env,
  };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

beforeAll(async () => {
  srv = await startServer();
  srv.route('/feed.xml', (_req, res) => {
    res.setHeader('content-type', 'application/rss+xml; charset=ISO-8859-1');
    res.end(fixture('rss2-latin1-no-prolog-charset.xml'));
  });
  srv.route('/moved', (_req, res) => {
    res.writeHead(301, { location: '/feed.xml' });
    res.end();
  });
  srv.route('/html', (_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><html><body>Kein Feed</body></html>');
  });
});
afterAll(async () => {
  await srv.close();
});

const allowed = () => ({ ALLOW_PRIVATE_HOSTS: '127.0.0.1/32', ALLOW_PORTS: String(srv.port) });

describe('newsdigest check-feed', () => {
  it('fetches a feed from a URL (through a redirect) and prints its items', async () => {
    const t = io(allowed());
    expect(await runCli(['check-feed', srv.url('/moved')], t.cli)).toBe(0);
    expect(t.out()).toContain('Feed: Grüße aus Köln');
    expect(t.out()).toContain(`Source: ${srv.url('/feed.xml')}`);
    expect(t.out()).toContain('1. Bürgerbüro öffnet länger, Straßenfest am Wochenende');
    expect(t.out()).toContain('   id: https://www.example.de/buergerbuero');
    expect(t.out()).toContain('   date: 2024-04-12T07:00:00.000Z');
    expect(t.out()).toContain('   language: de');
    expect(t.err()).toBe('');
  });

  it("prints JSON with --json, the store's ids falling back to link and hash", async () => {
    const t = io();
    const file = fileURLToPath(new URL('../../fixtures/feeds/rss2-de-utf8.xml', import.meta.url));
    expect(await runCli(['check-feed', file, '--json'], t.cli)).toBe(0);
    const doc = JSON.parse(t.out()) as {
      title: string;
      format: string;
      items: Array<Record<string, unknown>>;
    };
    expect(doc.format).toBe('rss');
    expect(doc.title).toBe('Stadtanzeiger Test – Nachrichten');
    expect(doc.items.map((i) => i.id)).toEqual([
      'ksa-48213',
      'https://www.example.de/wirtschaft/gaspreis',
      expect.stringMatching(/^h:[0-9a-f]{32}$/),
    ]);
    expect(doc.items[2]).toMatchObject({ title: 'Klick mich', link: null, date: null });
  });

  it('refuses loopback without ALLOW_PRIVATE_HOSTS, with a coded one-line error', async () => {
    const t = io({ ALLOW_PORTS: String(srv.port) });
    const before = srv.connections;
    expect(await runCli(['check-feed', srv.url('/feed.xml')], t.cli)).toBe(1);
    expect(t.err()).toMatch(/^error \[fetch\.blocked_address\]: .+\n$/);
    expect(t.out()).toBe('');
    expect(srv.connections).toBe(before);
  });

  it('reports parse, HTTP, file and usage errors with their codes', async () => {
    const cases: Array<[string[], Record<string, string>, RegExp, number]> = [
      [['check-feed', srv.url('/html')], allowed(), /^error \[parse\.not_a_feed\]/, 1],
      [['check-feed', srv.url('/missing')], allowed(), /^error \[fetch\.http_status\]: .*HTTP 404/, 1],
      [['check-feed', 'does/not/exist.xml'], {}, /^error \[input\.missing_file\]/, 1],
      [['check-feed', 'ftp://example.org/feed'], {}, /^error \[fetch\.blocked_scheme\]/, 1],
      [['check-feed'], {}, /^error \[input\.invalid_option\]/, 2],
      [['check-feed', 'a', 'b'], {}, /^error \[input\.invalid_option\]/, 2],
      [['check-feed', 'x', '--bogus'], {}, /^error \[input\.invalid_option\]/, 2],
      [['check-feed', 'x'], { FETCH_TIMEOUT_MS: 'soon' }, /^error \[config\.invalid\]/, 1],
    ];
    for (const [argv, env, pattern, code] of cases) {
      const t = io(env);
      expect(await runCli(argv, t.cli), argv.join(' ')).toBe(code);
      expect(t.err(), argv.join(' ')).toMatch(pattern);
      expect(t.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it('rejects a file with DTD entities', async () => {
    const t = io();
    const file = fileURLToPath(new URL('../../fixtures/feeds/billion-laughs.xml', import.meta.url));
    expect(await runCli(['check-feed', file], t.cli)).toBe(1);
    expect(t.err()).toMatch(/^error \[parse\.forbidden_entity\]/);
  });

  it('prints help', async () => {
    const t = io();
    expect(await runCli(['check-feed', '--help'], t.cli)).toBe(0);
    expect(t.out()).toContain('Usage: newsdigest check-feed <url|file> [--json]');
  });
});

describe('newsdigest check-feed ids', () => {
  const feed = (items: string) =>
    `<rss version="2.0"><channel><title>Wiederholt</title><link>https://www.example.de/</link>${items}</channel></rss>`;
  const item = (title: string, guid: string, link: string) =>
    `<item><title>${title}</title><guid isPermaLink="false">${guid}</guid><link>${link}</link></item>`;

  async function ids(xml: string, json: boolean): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'check-feed-ids-'));
    const file = join(dir, 'feed.xml');
    writeFileSync(file, xml);
    const t = io();
    try {
      expect(await runCli(['check-feed', file, ...(json ? ['--json'] : [])], t.cli)).toBe(0);
      return t.out();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('does not trust a guid repeated inside the feed: ids are the normalized links, as stored', async () => {
    const xml = feed(
      item('Erste Meldung', 'same', 'https://WWW.Example.de/a?utm_source=rss&id=1#top') +
        item('Zweite Meldung', 'same', 'https://www.example.de/b?fbclid=x') +
        item('Dritte Meldung', 'unique-3', 'https://www.example.de/c'),
    );
    const doc = JSON.parse(await ids(xml, true)) as { items: Array<{ id: string | null }> };
    expect(doc.items.map((i) => i.id)).toEqual([
      'https://www.example.de/a?id=1',
      'https://www.example.de/b',
      'unique-3',
    ]);
  });

  it('marks an item whose id repeats an earlier one (same title and date, same link) as not stored', async () => {
    const twice =
      '<item><title>Meldung</title><link>https://www.example.de/x</link><pubDate>Mon, 03 Jun 2024 10:15:00 GMT</pubDate></item>';
    const xml = feed(twice + twice + item('Andere', 'g-2', 'https://www.example.de/y'));
    const doc = JSON.parse(await ids(xml, true)) as { items: Array<{ id: string | null }> };
    const [first, second, third] = doc.items.map((i) => i.id);
    expect(first).toMatch(/^h:[0-9a-f]{32}$/);
    expect(second).toBeNull();
    expect(third).toBe('g-2');
    const text = await ids(xml, false);
    expect(text).toContain(`   id: ${first}\n`);
    expect(text).toContain("   id: - (repeats an earlier item's id; not stored)");
  });

  it('reads at most PARSE_MAX_ITEMS items, says so, and holds the feed cap for an unlabelled gzip file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-feed-caps-'));
    try {
      const many = join(dir, 'many.xml');
      writeFileSync(many, guidItems(1_500));
      const t = io();
      expect(await runCli(['check-feed', many], t.cli)).toBe(0);
      expect(t.out()).toContain('Format: rss, 1000 item(s)');
      expect(t.out()).toContain('Items: the first 1000 of 1500 read (PARSE_MAX_ITEMS)');
      const few = io({ PARSE_MAX_ITEMS: '3' });
      expect(await runCli(['check-feed', many, '--json'], few.cli)).toBe(0);
      const json = JSON.parse(few.out());
      expect(json.items.map((i: { id: string }) => i.id)).toEqual(['g0', 'g1', 'g2']);
      expect(json.itemsInDocument).toBe(1_500);
      // 2 KB of gzip that unpacks past a 1 MB feed cap
      const bomb = join(dir, 'bomb.xml');
      writeFileSync(bomb, gzipBomb(60_000));
      const b = io({ FETCH_MAX_FEED_BYTES: '1000000' });
      expect(await runCli(['check-feed', bomb], b.cli)).not.toBe(0);
      expect(b.err()).toContain('fetch.too_large');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('newsdigest check-feed output', () => {
  it('keeps terminal control characters out of the text output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-feed-'));
    const file = join(dir, 'ctrl.xml');
    writeFileSync(
      file,
      '<rss version="2.0"><channel><title>Steuer\u009b31mzeichen</title><item><title>Titel\u0085 ok</title></item></channel></rss>',
    );
    const out: string[] = [];
    const cli: CliIo = {
      stdout: (s) => void out.push(s),
      stderr: () => {},
      stdin: async function* () {},
      env: {},
    };
    expect(await runCli(['check-feed', file], cli)).toBe(0);
    expect(out.join('')).toContain('Feed: Steuer31mzeichen');
    expect(out.join('')).toContain('1. Titel ok');
    rmSync(dir, { recursive: true, force: true });
  });
});
