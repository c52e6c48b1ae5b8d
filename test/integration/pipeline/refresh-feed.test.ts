import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import {
  dryRunSink,
  groupCommitSink,
  type RefreshPorts,
  refreshFeed,
  simplePorts,
  storeKnownIds,
} from '../../../src/pipeline/refresh/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { Summarizer } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createSummaryService } from '../../../src/pipeline/summarize/service.js';
import { knownIds, latestArticles, recentIds } from '../../../src/store/articles-repo.js';
import { getDigest } from '../../../src/store/digests-repo.js';
import { addFeed, getFeed, type StoredFeed } from '../../../src/store/feeds-repo.js';
import { createRefreshWriter } from '../../../src/store/refresh-write.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import { nestedDivs, pdfBytes, randomBytes } from '../../helpers/hostile.js';
import { type FeedItem, longText, rss, loopbackSuite } from './feed-server.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
const page = readFileSync(new URL('../../fixtures/pages/article-de.html', import.meta.url), 'utf8');

const env = loopbackSuite();

function base(n: number): FeedItem {
  return {
    guid: `ks-${n}`,
    link: env.server.url(`/artikel/${n}`),
    title: `Kreistag beschließt Vorhaben ${n}`,
    date: NOW - HOUR,
    content: longText(`das Vorhaben ${n}`, n + 1),
  };
}

for (const kind of STORE_KINDS)
  describe(`refreshFeed over a loopback feed server (${kind.name})`, () => {
    let ts: TestStore;
    let ports: RefreshPorts;
    let clock = NOW;
    const rules = { maxItemAgeHours: 24, skipKnown: true, maxItems: undefined };
    const portsOver = (db: typeof ts.store.db) =>
      simplePorts({
        db,
        fetcher: env.fetcher,
        summarizer: extractiveSummarizer,
        log: silentLogger,
        now: () => clock,
      });
    beforeEach(async () => {
      ts = await kind.open();
      clock = NOW;
      ports = portsOver(ts.store.db);
    });
    afterEach(async () => {
      await ts.cleanup();
    });

    async function feedAt(path: string, fullText = false): Promise<StoredFeed> {
      const { feed } = await addFeed(
        ts.store.db,
        {
          url: env.server.url(path),
          name: 'Kreisbote',
          language: 'de',
          tags: ['lokal'],
          intervalMinutes: 10,
          fullText,
        },
        NOW,
      );
      return feed;
    }
    const reload = async (f: StoredFeed) => (await getFeed(ts.store.db, f.id)) as StoredFeed;

    it('stores the first poll silently, then announces only new, fresh, not re-published items with digests', async () => {
      env.server.set('/a.xml', { body: rss('Kreisbote', [base(1), base(2), base(3)]) });
      let feed = await feedAt('/a.xml', true);
      const first = await refreshFeed(feed, ports, rules);
      expect(first).toMatchObject({ status: 'ok', newItems: 3, announced: [], health: 'ok' });
      feed = await reload(feed);
      expect(feed.initialized).toBe(true);
      expect(feed.nextCheckAt).toBeGreaterThan(NOW);

      env.server.set('/artikel/teaser', { body: page, contentType: 'text/html; charset=utf-8' });
      const items = [
        {
          guid: 'ks-4',
          link: env.server.url('/artikel/teaser'),
          title: 'Stadtwerke bauen Ladesäulen',
          date: NOW - HOUR,
          description: 'Die Stadtwerke planen neue Ladesäulen.',
        },
        base(5),
        { ...base(6), date: NOW - 30 * HOUR },
        { ...base(7), guid: 'ks-1-neu', link: `${env.server.url('/artikel/1')}?utm_source=feed` },
        base(1),
        base(2),
      ];
      env.server.set('/a.xml', { body: rss('Kreisbote', items) });
      clock = NOW + 15 * 60_000;
      const second = await refreshFeed(feed, ports, rules);
      expect(second.status).toBe('ok');
      expect(second.newItems).toBe(4);
      expect(second.announced.map((a) => a.id)).toEqual(['ks-4', 'ks-5']);
      const teaser = second.announced[0];
      expect(teaser?.text).toContain('insgesamt 40 neue Ladesäulen');
      expect(teaser?.imageUrl).toBe(env.server.url('/bilder/ladesaeulen.jpg'));
      expect(teaser?.digest?.sentences.join(' ')).toMatch(/Ladesäulen/);
      expect(teaser?.digest?.source.name).toBe('Kreisbote');
      const stored = await getDigest(ts.store.db, teaser?.pk ?? 0, 'de', 'extractive');
      expect(stored?.headline).toBe(teaser?.digest?.headline);
      // old and re-published items are stored (seen) but not announced
      expect(await knownIds(ts.store.db, feed.id, ['ks-6', 'ks-1-neu'])).toEqual(
        new Set(['ks-6', 'ks-1-neu']),
      );
      const announced = await latestArticles(ts.store.db, {
        feedIds: [feed.id],
        limit: 20,
        announcedOnly: true,
      });
      expect(announced.map((a) => a.id).sort()).toEqual(['ks-4', 'ks-5']);
      // the page was fetched with the page Accept header
      const pageReq = env.server.requests.find((r) => r.path === '/artikel/teaser');
      expect(pageReq?.headers.accept).toMatch(/text\/html/);
    });

    it('keeps the feed text when full text is off for the feed or the page fails', async () => {
      const teaser = (n: number, path: string) => ({
        guid: `t-${n}`,
        link: env.server.url(path),
        title: `Kurzmeldung ${n}`,
        date: NOW - HOUR,
        description: 'Der Kreistag tagt am Montag.',
      });
      env.server.set('/h.xml', { body: rss('Kreisbote', [base(1)]) });
      env.server.set('/i.xml', { body: rss('Kreisbote', [base(1)]) });
      env.server.set('/artikel/off', { body: page, contentType: 'text/html' });
      const off = await feedAt('/h.xml', false);
      const on = await feedAt('/i.xml', true);
      await refreshFeed(off, ports, rules);
      await refreshFeed(on, ports, rules);
      env.server.set('/h.xml', { body: rss('Kreisbote', [teaser(1, '/artikel/off'), base(1)]) });
      env.server.set('/i.xml', { body: rss('Kreisbote', [teaser(2, '/artikel/missing'), base(1)]) });
      const r1 = await refreshFeed(await reload(off), ports, rules);
      const r2 = await refreshFeed(await reload(on), ports, rules);
      expect(r1.announced[0]?.text).toBe('Der Kreistag tagt am Montag.');
      expect(env.server.requests.some((r) => r.path === '/artikel/off')).toBe(false);
      expect(r2.announced[0]?.text).toBe('Der Kreistag tagt am Montag.');
      expect(env.server.requests.find((r) => r.path === '/artikel/missing')?.status).toBe(404);
    });

    it('keeps the feed text when the page is hostile: 16,000 nested divs, PDF or random bytes as text/html', async () => {
      const teaser = (n: number, path: string) => ({
        guid: `h-${n}`,
        link: env.server.url(path),
        title: `Kurzmeldung ${n}`,
        date: NOW - HOUR,
        description: `Der Kreistag tagt am Montag (${n}).`,
      });
      env.server.set('/hostile.xml', { body: rss('Kreisbote', [base(1)]) });
      env.server.set('/p/deep', { body: nestedDivs(16_000), contentType: 'text/html' });
      env.server.set('/p/pdf', { body: pdfBytes(30_000), contentType: 'text/html' });
      env.server.set('/p/random', { body: randomBytes(30_000), contentType: 'text/html; charset=utf-8' });
      const feed = await feedAt('/hostile.xml', true);
      await refreshFeed(feed, ports, rules);
      const paths = ['/p/deep', '/p/pdf', '/p/random'];
      env.server.set('/hostile.xml', {
        body: rss('Kreisbote', [...paths.map((p, i) => teaser(i, p)), base(1)]),
      });
      const logged: Array<{ url?: string; code?: string }> = [];
      const log = pino({ level: 'debug' }, { write: (line: string) => logged.push(JSON.parse(line)) });
      const r = await refreshFeed(await reload(feed), { ...ports, log }, rules);
      expect(r.status).toBe('ok');
      expect(r.announced.map((a) => a.text).sort()).toEqual(
        paths.map((_, i) => `Der Kreistag tagt am Montag (${i}).`),
      );
      // each page was fetched, and extraction itself named the reason
      for (const p of paths) expect(env.server.requests.some((q) => q.path === p)).toBe(true);
      const codes = Object.fromEntries(
        logged.filter((l) => l.url && l.code).map((l) => [new URL(l.url as string).pathname, l.code]),
      );
      expect(codes).toEqual({
        '/p/deep': 'extract.too_deep',
        '/p/pdf': 'extract.not_html',
        '/p/random': 'extract.not_html',
      });
    });

    it('keeps the seen-set across a restart (store reopened)', async () => {
      env.server.set('/b.xml', { body: rss('Kreisbote', [base(1), base(2)]) });
      const feed = await feedAt('/b.xml');
      await refreshFeed(feed, ports, rules);
      await ts.store.close();
      const reopened = await openStore(ts.url);
      try {
        env.server.set('/b.xml', { body: rss('Kreisbote', [base(3), base(1), base(2)]) });
        const f = (await getFeed(reopened.db, feed.id)) as StoredFeed;
        const r = await refreshFeed(f, portsOver(reopened.db), rules);
        expect(r.newItems).toBe(1);
        expect(r.announced.map((a) => a.id)).toEqual(['ks-3']);
      } finally {
        await reopened.close();
        ts.store = await openStore(ts.url);
      }
    });

    it('a 304 stores nothing and keeps the feed healthy; an unchanged body hash counts as not modified', async () => {
      env.server.set('/c.xml', { body: rss('Kreisbote', [base(1)]), etag: '"v1"' });
      let feed = await feedAt('/c.xml');
      await refreshFeed(feed, ports, rules);
      feed = await reload(feed);
      expect(feed.etag).toBe('"v1"');
      const r = await refreshFeed(feed, ports, rules);
      expect(r).toMatchObject({ status: 'not_modified', newItems: 0 });
      expect(env.server.requests.at(-1)).toMatchObject({ path: '/c.xml', status: 304 });
      expect(env.server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');

      env.server.set('/c.xml', { body: rss('Kreisbote', [base(1)]) }); // no ETag, same bytes
      feed = await reload(feed);
      const again = await refreshFeed(feed, ports, rules);
      expect(again.status).toBe('not_modified');
    });

    it('backs off exponentially, honours Retry-After and disables after 10 failures', async () => {
      env.server.set('/d.xml', { body: 'boom', status: 500 });
      let feed = await feedAt('/d.xml');
      const r1 = await refreshFeed(feed, ports, rules);
      expect(r1).toMatchObject({ status: 'failed', errorCode: 'fetch.http_status', health: 'failing' });
      expect(r1.nextCheckAt).toBe(NOW + 5 * 60_000);
      feed = await reload(feed);
      expect(feed).toMatchObject({
        errorCount: 1,
        health: 'failing',
        lastErrorCode: 'fetch.http_status',
        lastErrorParams: { status: 500 },
        lastErrorAt: NOW,
      });
      const r2 = await refreshFeed(feed, ports, rules);
      expect(r2.nextCheckAt).toBe(NOW + 10 * 60_000);

      env.server.set('/d.xml', { body: 'slow down', status: 429, headers: { 'retry-after': '7200' } });
      feed = await reload(feed);
      // through the poller's group commit (the SQLite fast path writes the same columns)
      const r3 = await refreshFeed(
        feed,
        { ...ports, sink: groupCommitSink(createRefreshWriter(ts.store.db)) },
        rules,
      );
      expect(r3.nextCheckAt).toBe(NOW + 2 * HOUR);
      expect((await reload(feed)).lastErrorParams).toEqual({ status: 429, retryAfterMs: 2 * HOUR });

      env.server.set('/d.xml', { body: '<html><body>Wartung</body></html>', contentType: 'text/html' });
      for (let i = 0; i < 7; i++) {
        feed = await reload(feed);
        await refreshFeed(feed, ports, rules);
      }
      feed = await reload(feed);
      expect(feed).toMatchObject({ errorCount: 10, health: 'disabled', lastErrorCode: 'parse.not_a_feed' });

      // success resets the count
      env.server.set('/d.xml', { body: rss('Kreisbote', [base(1)]) });
      const ok = await refreshFeed({ ...feed, health: 'ok' }, ports, rules);
      expect(ok.status).toBe('ok');
      expect(await reload(feed)).toMatchObject({ errorCount: 0, health: 'ok' });
    });

    it('honours the RSS ttl within bounds', async () => {
      env.server.set('/e.xml', { body: rss('Kreisbote', [base(1)], 120) });
      const feed = await feedAt('/e.xml');
      const r = await refreshFeed(feed, ports, rules);
      expect(r.nextCheckAt).toBe(NOW + 2 * HOUR);
      env.server.set('/f.xml', { body: rss('Kreisbote', [base(1)], 10_000) });
      const r2 = await refreshFeed(await feedAt('/f.xml'), ports, rules);
      expect(r2.nextCheckAt).toBe(NOW + 24 * HOUR);
    });

    it("digests made next to the parser equal the summarizer's own; other summarizers are asked per item", async () => {
      const service = createSummaryService({
        config: loadConfig({ SUMMARIZER: 'extractive', DIGEST_MAX_SENTENCES: '2', DIGEST_MAX_FIGURES: '3' }),
        log: silentLogger,
      });
      expect(service.extractiveLimits).toEqual({ maxSentences: 2, maxChars: 600, maxFigures: 3 });
      let calls = 0;
      const counted = (s: Summarizer): Summarizer => ({
        ...s,
        summarize: (input) => {
          calls++;
          return s.summarize(input);
        },
      });
      const withoutLimits: Summarizer = { name: 'extractive', summarize: service.summarize };

      for (const [summarizer, expectedCalls] of [
        [counted(service), 0],
        [counted(withoutLimits), 2],
      ] as const) {
        calls = 0;
        const path = `/dig-${expectedCalls}.xml`;
        env.server.set(path, { body: rss('Kreisbote', [base(1), base(2)]) });
        const feed = await feedAt(path);
        const d = { ...ports, summarizer };
        await refreshFeed(feed, d, rules);
        env.server.set(path, {
          body: rss('Kreisbote', [base(3), base(4), { ...base(5), date: NOW - 30 * HOUR }, base(1), base(2)]),
        });
        const r = await refreshFeed(await reload(feed), d, rules);
        expect(r.announced.map((a) => a.id)).toEqual(['ks-3', 'ks-4']);
        expect(calls).toBe(expectedCalls);
        for (const a of r.announced) {
          // the digest the summarizer itself gives for this article, on this thread
          const own = await service.summarize({
            text: a.text,
            title: a.title,
            url: a.url,
            lang: 'de',
            articleId: a.id,
            source: { name: 'Kreisbote', url: a.url, publishedAt: a.publishedAt },
          });
          expect(a.digest).toEqual(own);
          expect(a.digest?.sentences.length).toBeLessThanOrEqual(2);
          expect(await getDigest(ts.store.db, a.pk, 'de', 'extractive')).toEqual(own);
        }
      }
    });

    it('a cold refresh (no seen-set in memory) skips the stored items before parsing', async () => {
      env.server.set('/k.xml', { body: rss('Kreisbote', [base(1), base(2), base(3)]) });
      const feed = await feedAt('/k.xml');
      await refreshFeed(feed, ports, rules);
      expect(new Set(await recentIds(ts.store.db, feed.id, 100))).toEqual(new Set(['ks-1', 'ks-2', 'ks-3']));
      expect(await recentIds(ts.store.db, feed.id, 2)).toHaveLength(2);
      expect(await recentIds(ts.store.db, feed.id + 1000, 100)).toEqual([]);
      const seen = new Map<number, Set<string>>();
      const remembering = { ...ports, known: storeKnownIds(ts.store.db, seen) };
      env.server.set('/k.xml', { body: rss('Kreisbote', [base(4), base(1), base(2), base(3)]) });
      const r = await refreshFeed(await reload(feed), remembering, rules);
      expect(r.newItems).toBe(1);
      expect(r.announced.map((a) => a.id)).toEqual(['ks-4']);
      // every id of the document is remembered, the skipped ones too
      expect(seen.get(feed.id)).toEqual(new Set(['ks-1', 'ks-2', 'ks-3', 'ks-4']));
      // warm: the next refresh starts from the seen-set
      env.server.set('/k.xml', { body: rss('Kreisbote', [base(5), base(4), base(1)]) });
      const warm = await refreshFeed(await reload(feed), remembering, rules);
      expect(warm.announced.map((a) => a.id)).toEqual(['ks-5']);
      expect(seen.get(feed.id)).toEqual(new Set(['ks-1', 'ks-4', 'ks-5']));
    });

    it('a dry run writes nothing', async () => {
      env.server.set('/g.xml', { body: rss('Kreisbote', [base(1), base(2)]) });
      const feed = await feedAt('/g.xml');
      const r = await refreshFeed(feed, { ...ports, sink: dryRunSink }, rules);
      expect(r.newItems).toBe(2);
      expect(await knownIds(ts.store.db, feed.id, ['ks-1', 'ks-2'])).toEqual(new Set());
      expect((await reload(feed)).initialized).toBe(false);
    });
  });
