import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import {
  type ArticleInput,
  getArticle,
  knownCanonicalUrls,
  knownIds,
} from '../../../src/store/articles-repo.js';
import { getDigest } from '../../../src/store/digests-repo.js';
import { addFeed, type FeedStatePatch, getFeed, updateFeedState } from '../../../src/store/feeds-repo.js';
import { createRefreshWriter, saveRefresh } from '../../../src/store/refresh-write.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const NOW = Date.UTC(2026, 10, 25, 12);

function item(feedId: number, n: number): ArticleInput {
  return {
    id: `rw-${n}`,
    feedId,
    url: `https://news.example/meldung/${n}`,
    canonicalUrl: `https://news.example/meldung/${n}`,
    title: `Hafen meldet ${n} Prozent mehr Umschlag`,
    publishedAt: NOW - n * 1000,
    text: `Der Hafen hat im dritten Quartal ${n} Prozent mehr Container umgeschlagen.`,
    language: 'de',
    imageUrl: n % 2 === 0 ? `https://news.example/bild/${n}.jpg` : undefined,
    author: n % 2 === 0 ? 'Redaktion' : undefined,
    announce: n % 3 !== 0,
  };
}

function digest(n: number): Digest {
  return {
    language: 'de',
    headline: `Hafen: plus ${n} Prozent`,
    sentences: [`Der Hafen hat ${n} Prozent mehr umgeschlagen.`],
    keyFigures: [],
    source: { name: 'Beispiel' },
    summarizer: 'extractive',
    translated: false,
  };
}

for (const kind of STORE_KINDS) {
  describe(`refresh writer and saveRefresh agree (${kind.name})`, () => {
    let ts: TestStore;
    beforeEach(async () => {
      ts = await kind.open();
    });
    afterEach(async () => {
      await ts.cleanup();
    });

    const mk = (url: string) =>
      addFeed(
        ts.store.db,
        { url, name: url, language: 'de', tags: [], intervalMinutes: 10, fullText: false },
        NOW,
      ).then((r) => r.feed);

    it('writes the same rows either way; an absent state field keeps its column, null clears it', async () => {
      const db = ts.store.db;
      const viaWriter = await mk('https://w.example/rss');
      const viaRepo = await mk('https://r.example/rss');
      const earlier = { nextCheckAt: NOW, health: 'ok' as const, errorCount: 0, lastCheckedAt: NOW };
      for (const f of [viaWriter, viaRepo])
        await updateFeedState(db, f.id, {
          ...earlier,
          etag: '"e1"',
          lastModified: 'lm',
          lastErrorCode: null,
        });
      const state: FeedStatePatch = {
        nextCheckAt: NOW + 600_000,
        health: 'ok',
        errorCount: 0,
        lastCheckedAt: NOW + 1,
        etag: null,
        bodyHash: 'abc',
        initialized: true,
        lastItemAt: NOW - 1000,
      };
      const articles = (feedId: number) =>
        [1, 2, 3].map((n) => ({ ...item(feedId, n), digests: n === 3 ? undefined : [digest(n)] }));
      const writer = createRefreshWriter(db, { maxBatch: 4, windowMs: 5 });
      const [a, b] = await Promise.all([
        writer.save({ feedId: viaWriter.id, articles: articles(viaWriter.id), state, now: NOW }),
        saveRefresh(db, { feedId: viaRepo.id, articles: articles(viaRepo.id), state, now: NOW }),
      ]);
      const strip = (xs: { pk: number; feedId: number }[]) => xs.map(({ pk: _p, feedId: _f, ...x }) => x);
      expect(strip(a)).toEqual(strip(b));
      expect(a.map((x) => x.id)).toEqual(['rw-1', 'rw-2', 'rw-3']);
      const feedW = await getFeed(db, viaWriter.id);
      const feedR = await getFeed(db, viaRepo.id);
      const { id: _1, url: _2, name: _3, ...restW } = feedW ?? ({} as NonNullable<typeof feedW>);
      const { id: _4, url: _5, name: _6, ...restR } = feedR ?? ({} as NonNullable<typeof feedR>);
      expect(restW).toEqual(restR);
      expect(feedW?.etag).toBeUndefined();
      expect(feedW?.lastModified).toBe('lm');
      expect(feedW?.bodyHash).toBe('abc');
      expect(feedW?.initialized).toBe(true);
      for (const n of [1, 2, 3]) {
        const w = await getArticle(db, viaWriter.id, `rw-${n}`);
        const r = await getArticle(db, viaRepo.id, `rw-${n}`);
        expect({ ...w, pk: 0, feedId: 0 }).toEqual({ ...r, pk: 0, feedId: 0 });
        const dw = w ? await getDigest(db, w.pk, 'de', 'extractive') : undefined;
        expect(dw).toEqual(n === 3 ? undefined : digest(n));
      }
      expect(await knownIds(db, viaWriter.id, ['rw-1', 'rw-9'])).toEqual(new Set(['rw-1']));
      expect(await knownCanonicalUrls(db, viaWriter.id, ['https://news.example/meldung/2', 'x'])).toEqual(
        new Set(['https://news.example/meldung/2']),
      );
    });

    it('skips articles stored already and still saves the state, also while another transaction runs', async () => {
      const db = ts.store.db;
      const feed = await mk('https://again.example/rss');
      const state = { nextCheckAt: NOW + 5, health: 'ok' as const, errorCount: 0, lastCheckedAt: NOW };
      const writer = createRefreshWriter(db, { maxBatch: 1 });
      await writer.save({ feedId: feed.id, articles: [item(feed.id, 1)], state, now: NOW });
      const other = await mk('https://other.example/rss');
      // a Kysely transaction holds the connection: the write started inside it waits and commits on its own
      let pending: Promise<unknown[]> | undefined;
      let seenInside: Promise<Set<string>> | undefined;
      await db.transaction().execute(async (trx) => {
        await updateFeedState(trx, other.id, { ...state, nextCheckAt: NOW + 7 });
        pending = writer.save({
          feedId: feed.id,
          articles: [item(feed.id, 1), item(feed.id, 2)],
          state: { ...state, nextCheckAt: NOW + 6 },
          now: NOW,
        });
        seenInside = knownIds(db, other.id, ['rw-1']);
        await new Promise((r) => setTimeout(r, 20));
      });
      const again = (await pending) as { id: string }[] | undefined;
      expect(await seenInside).toEqual(new Set());
      expect(again?.map((a) => a.id)).toEqual(['rw-2']);
      expect((await getFeed(db, feed.id))?.nextCheckAt).toBe(NOW + 6);
      expect((await getFeed(db, other.id))?.nextCheckAt).toBe(NOW + 7);
      expect(await knownIds(db, feed.id, ['rw-1', 'rw-2'])).toEqual(new Set(['rw-1', 'rw-2']));
    });
  });
}
