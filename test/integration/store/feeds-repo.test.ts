import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import {
  type ArticleInput,
  findArticleByUrl,
  getArticle,
  knownArticles,
  knownCanonicalUrls,
  knownIds,
  latestArticles,
  listPendingFanout,
  markFanoutDone,
} from '../../../src/store/articles-repo.js';
import { getDigest, saveDigest } from '../../../src/store/digests-repo.js';
import {
  addFeed,
  getFeed,
  getFeedByUrl,
  listDueFeeds,
  listFeeds,
  removeFeed,
  upsertCatalogFeeds,
} from '../../../src/store/feeds-repo.js';
import { createRefreshWriter, saveRefresh } from '../../../src/store/refresh-write.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const NOW = Date.UTC(2026, 10, 25, 10);

function article(feedId: number, n: number, announce = true): ArticleInput {
  return {
    id: `guid-${n}`,
    feedId,
    url: `https://example.org/a/${n}?utm_source=rss`,
    canonicalUrl: `https://example.org/a/${n}`,
    title: `Meldung ${n}`,
    publishedAt: NOW - n * 60_000,
    text: `Der Stadtrat hat ${n} neue Buslinien beschlossen.`,
    language: 'de',
    announce,
  };
}

function digest(n: number, summarizer = 'extractive'): Digest {
  return {
    language: 'de',
    headline: `Meldung ${n}`,
    sentences: [`Der Stadtrat hat ${n} neue Buslinien beschlossen.`],
    keyFigures: [],
    source: { name: 'Beispiel' },
    summarizer,
    translated: false,
  };
}

for (const kind of STORE_KINDS) {
  describe(`feeds repository (${kind.name})`, () => {
    let ts: TestStore;
    beforeEach(async () => {
      ts = await kind.open();
    });
    afterEach(async () => {
      await ts.cleanup();
    });

    it('stores each feed URL once; catalog upsert updates settings but keeps state', async () => {
      const db = ts.store.db;
      const base = {
        name: 'Beispiel',
        language: 'de' as const,
        tags: ['News', 'politik'],
        intervalMinutes: 10,
        fullText: true,
      };
      expect(await upsertCatalogFeeds(db, [{ ...base, url: 'https://example.org/rss' }], NOW)).toEqual({
        added: 1,
      });
      const first = await getFeedByUrl(db, 'https://example.org/rss');
      expect(first).toMatchObject({
        origin: 'catalog',
        tags: ['news', 'politik'],
        health: 'ok',
        nextCheckAt: NOW,
      });
      const again = await addFeed(db, { ...base, url: 'https://example.org/rss', name: 'Other' }, NOW);
      expect(again.created).toBe(false);
      expect(again.feed.id).toBe(first?.id);
      expect(
        await upsertCatalogFeeds(
          db,
          [{ ...base, url: 'https://example.org/rss', intervalMinutes: 30 }],
          NOW + 1,
        ),
      ).toEqual({
        added: 0,
      });
      expect((await getFeed(db, first?.id ?? 0))?.intervalMinutes).toBe(30);
      const admin = await addFeed(db, { ...base, url: 'https://other.example/feed', tags: ['tech'] }, NOW);
      expect(admin).toMatchObject({ created: true, feed: { origin: 'admin' } });
      expect((await listFeeds(db, { tag: 'politik' })).map((f) => f.url)).toEqual([
        'https://example.org/rss',
      ]);
      expect((await listFeeds(db)).length).toBe(2);
    });

    it('lists due feeds, skips disabled ones, and saves a refresh in one transaction', async () => {
      const db = ts.store.db;
      const { feed } = await addFeed(
        db,
        {
          url: 'https://example.org/rss',
          name: 'B',
          language: 'de',
          tags: [],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW,
      );
      const { feed: off } = await addFeed(
        db,
        {
          url: 'https://x.example/rss',
          name: 'X',
          language: 'en',
          tags: [],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW,
      );
      await saveRefresh(db, {
        feedId: off.id,
        articles: [],
        now: NOW,
        state: {
          nextCheckAt: NOW,
          health: 'disabled',
          errorCount: 10,
          lastCheckedAt: NOW,
          lastErrorCode: 'fetch.timeout',
          lastErrorAt: NOW,
        },
      });
      expect((await listDueFeeds(db, NOW, 10)).map((f) => f.id)).toEqual([feed.id]);
      expect(await getFeed(db, off.id)).toMatchObject({
        health: 'disabled',
        lastErrorCode: 'fetch.timeout',
        lastErrorAt: NOW,
      });

      const stored = await saveRefresh(db, {
        feedId: feed.id,
        articles: [{ ...article(feed.id, 1), digests: [digest(1)] }, article(feed.id, 2, false)],
        now: NOW,
        state: {
          nextCheckAt: NOW + 600_000,
          health: 'ok',
          errorCount: 0,
          lastCheckedAt: NOW,
          etag: '"v1"',
          bodyHash: 'abc',
          initialized: true,
          lastItemAt: NOW - 60_000,
        },
      });
      expect(stored.map((a) => a.id)).toEqual(['guid-1', 'guid-2']);
      expect(await listDueFeeds(db, NOW, 10)).toEqual([]);
      expect(await getFeed(db, feed.id)).toMatchObject({
        etag: '"v1"',
        bodyHash: 'abc',
        initialized: true,
        lastItemAt: NOW - 60_000,
      });
      const a1 = await getArticle(db, feed.id, 'guid-1');
      expect(a1).toMatchObject({
        title: 'Meldung 1',
        announce: true,
        fanoutDone: false,
        publishedAt: NOW - 60_000,
      });
      expect(await getDigest(db, a1?.pk ?? 0, 'de', 'extractive')).toEqual(digest(1));
      expect(await knownIds(db, feed.id, ['guid-1', 'guid-9'])).toEqual(new Set(['guid-1']));
      expect(await knownCanonicalUrls(db, feed.id, ['https://example.org/a/2'])).toEqual(
        new Set(['https://example.org/a/2']),
      );
      expect((await findArticleByUrl(db, 'https://example.org/a/2'))?.id).toBe('guid-2');

      // a second save of the same ids stores nothing twice
      const again = await saveRefresh(db, {
        feedId: feed.id,
        articles: [article(feed.id, 1)],
        now: NOW + 1,
        state: { nextCheckAt: NOW, health: 'ok', errorCount: 0, lastCheckedAt: NOW },
      });
      expect(again).toEqual([]);
    });

    it('rolls back articles and state when a later write of the same refresh fails', async () => {
      const db = ts.store.db;
      const { feed } = await addFeed(
        db,
        {
          url: 'https://example.org/rss',
          name: 'B',
          language: 'de',
          tags: [],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW,
      );
      // a digest without summarizer violates NOT NULL: it is written after the articles, before the state
      const broken = {
        ...article(feed.id, 3),
        digests: [{ ...digest(3), summarizer: null as unknown as string }],
      };
      await expect(
        saveRefresh(db, {
          feedId: feed.id,
          articles: [article(feed.id, 4), broken],
          now: NOW,
          state: {
            nextCheckAt: NOW + 1,
            health: 'ok',
            errorCount: 0,
            lastCheckedAt: NOW,
            etag: '"x"',
            initialized: true,
          },
        }),
      ).rejects.toThrow();
      expect(await knownIds(db, feed.id, ['guid-3', 'guid-4'])).toEqual(new Set());
      expect(await getFeed(db, feed.id)).toMatchObject({
        nextCheckAt: NOW,
        initialized: false,
        etag: undefined,
      });
    });

    it('serves latest articles by feed and tag, pending fan-out, digests and removal', async () => {
      const db = ts.store.db;
      const { feed: a } = await addFeed(
        db,
        {
          url: 'https://a.example/rss',
          name: 'A',
          language: 'de',
          tags: ['politik'],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW,
      );
      const { feed: b } = await addFeed(
        db,
        {
          url: 'https://b.example/rss',
          name: 'B',
          language: 'en',
          tags: ['tech'],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW,
      );
      const state = { nextCheckAt: NOW, health: 'ok' as const, errorCount: 0, lastCheckedAt: NOW };
      await saveRefresh(db, {
        feedId: a.id,
        articles: [article(a.id, 1), article(a.id, 5, false)],
        now: NOW,
        state,
      });
      await saveRefresh(db, {
        feedId: b.id,
        articles: [{ ...article(b.id, 2), id: 'b-2', canonicalUrl: 'https://b.example/2' }],
        now: NOW,
        state,
      });
      expect((await latestArticles(db, { tags: ['politik'], limit: 10 })).map((x) => x.id)).toEqual([
        'guid-1',
        'guid-5',
      ]);
      expect((await latestArticles(db, { limit: 2 })).map((x) => x.id)).toEqual(['guid-1', 'b-2']);
      expect((await latestArticles(db, { feedIds: [b.id], limit: 5 })).map((x) => x.id)).toEqual(['b-2']);
      expect((await latestArticles(db, { limit: 5, announcedOnly: true })).length).toBe(2);

      const pending = await listPendingFanout(db, 10);
      expect(pending.map((x) => x.id)).toEqual(['guid-1', 'b-2']);
      await markFanoutDone(db, [pending[0]?.pk ?? 0]);
      expect((await listPendingFanout(db, 10)).map((x) => x.id)).toEqual(['b-2']);

      const pk = pending[1]?.pk ?? 0;
      await saveDigest(db, pk, digest(2, 'llm'), NOW);
      await saveDigest(db, pk, { ...digest(2, 'llm'), headline: 'Neu' }, NOW + 1);
      expect((await getDigest(db, pk, 'de', 'llm'))?.headline).toBe('Neu');
      expect(await getDigest(db, pk, 'en', 'llm')).toBeUndefined();

      expect(await removeFeed(db, b.id)).toBe(true);
      expect(await removeFeed(db, b.id)).toBe(false);
      expect(await getArticle(db, b.id, 'b-2')).toBeUndefined();
      expect(await getDigest(db, pk, 'de', 'llm')).toBeUndefined();
    });
  });
}

for (const kind of STORE_KINDS)
  describe(`refresh writer (group commit) (${kind.name})`, () => {
    it('writes refreshes that arrive together in one go, and isolates a failing one', async () => {
      const ts = await kind.open();
      try {
        const db = ts.store.db;
        const mk = (url: string) =>
          addFeed(
            db,
            { url, name: url, language: 'de', tags: [], intervalMinutes: 10, fullText: false },
            NOW,
          );
        const { feed: a } = await mk('https://a.example/rss');
        const { feed: b } = await mk('https://b.example/rss');
        const { feed: c } = await mk('https://c.example/rss');
        const writer = createRefreshWriter(db);
        const state = {
          nextCheckAt: NOW + 1,
          health: 'ok' as const,
          errorCount: 0,
          lastCheckedAt: NOW,
          initialized: true,
        };
        const bad = {
          ...article(b.id, 2),
          digests: [{ ...digest(2), summarizer: null as unknown as string }],
        };
        const results = await Promise.allSettled([
          writer.save({ feedId: a.id, articles: [article(a.id, 1)], state, now: NOW }),
          writer.save({ feedId: b.id, articles: [bad], state, now: NOW }),
          writer.save({ feedId: c.id, articles: [], state, now: NOW }),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await knownIds(db, a.id, ['guid-1'])).toEqual(new Set(['guid-1']));
        expect(await knownIds(db, b.id, ['guid-2'])).toEqual(new Set());
        expect((await getFeed(db, b.id))?.initialized).toBe(false);
        expect((await getFeed(db, c.id))?.nextCheckAt).toBe(NOW + 1);
        const known = await knownArticles(
          db,
          a.id,
          ['guid-1', 'nope'],
          ['https://example.org/a/1', 'https://x/'],
        );
        expect(known).toEqual({
          ids: new Set(['guid-1']),
          canonicalUrls: new Set(['https://example.org/a/1']),
        });
      } finally {
        await ts.cleanup();
      }
    });
  });
