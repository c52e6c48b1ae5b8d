/**
 * The feed catalog in feeds/*.yaml against the store: feeds removed from the catalog stop being polled (retired),
 * unless a chat added them too (they become that chat's admin feed); a catalog with problems retires nothing; a
 * retired feed comes back when it returns to the catalog or a chat admin adds it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncCatalog } from '../../../src/scheduler/catalog-sync.js';
import { openStore } from '../../../src/store/db.js';
import { adoptRetiredFeed, getFeedByUrl, listDueFeeds, listFeeds } from '../../../src/store/feeds-repo.js';
import { linkChatFeed } from '../../../src/store/chat-feeds-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const NOW = Date.UTC(2026, 10, 25, 10);
const A = 'https://a.example/feed.xml';
const B = 'https://b.example/feed.xml';
const C = 'https://c.example/feed.xml';

function yaml(urls: string[]): string {
  return `feeds:\n${urls.map((u, i) => `  - url: ${u}\n    name: Feed ${i}\n    language: de\n    tags: [news]\n`).join('')}`;
}

for (const kind of STORE_KINDS)
  describe(`catalog sync and retirement (${kind.name})`, () => {
    let ts: TestStore;
    let dir: string;
    const config = () => ({ FEEDS_DIR: dir, POLL_INTERVAL_MINUTES: 10, FULL_TEXT: true });
    const write = (urls: string[], extra = '') => writeFileSync(join(dir, 'news.yaml'), yaml(urls) + extra);
    const origin = async (url: string) => (await getFeedByUrl(ts.store.db, url))?.origin;
    const dueUrls = async () =>
      (await listDueFeeds(ts.store.db, NOW + 3_600_000, 100)).map((f) => f.url).sort();

    beforeEach(async () => {
      ts = await kind.open();
      dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    });
    afterEach(async () => {
      await ts.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('retires feeds removed from the catalog, keeps the ones a chat added, and brings them back', async () => {
      write([A, B, C]);
      expect(await syncCatalog(ts.store.db, config(), NOW)).toMatchObject({
        added: 3,
        retired: 0,
        adopted: 0,
      });
      const b = await getFeedByUrl(ts.store.db, B);
      await linkChatFeed(ts.store.db, 'telegram', '-100', b?.id ?? 0, 'telegram:1', NOW);

      write([A]);
      expect(await syncCatalog(ts.store.db, config(), NOW)).toMatchObject({
        added: 0,
        retired: 1,
        adopted: 1,
      });
      expect(await origin(A)).toBe('catalog');
      expect(await origin(B)).toBe('admin');
      expect(await origin(C)).toBe('retired');
      // the retired feed keeps its row but is not polled
      expect(await dueUrls()).toEqual([A, B]);

      // back in the catalog: polled again
      write([A, C]);
      expect(await syncCatalog(ts.store.db, config(), NOW)).toMatchObject({ retired: 0, adopted: 0 });
      expect(await origin(C)).toBe('catalog');
      expect(await dueUrls()).toEqual([A, B, C]);
    });

    it('retires nothing while the catalog has a problem, or on a dry run', async () => {
      write([A, B]);
      await syncCatalog(ts.store.db, config(), NOW);
      // B's entry lost its language by a typo: it must not silently stop being polled
      write([A], '  - url: https://b.example/feed.xml\n    name: Feed B\n    lang: de\n');
      const r = await syncCatalog(ts.store.db, config(), NOW);
      expect(r.errors.length).toBeGreaterThan(0);
      expect(r.retired).toBe(0);
      expect(await origin(B)).toBe('catalog');
      write([A]);
      expect((await syncCatalog(ts.store.db, config(), NOW, true)).retired).toBe(0);
      expect(await origin(B)).toBe('catalog');
      // a missing catalog folder is a problem too
      rmSync(dir, { recursive: true, force: true });
      expect((await syncCatalog(ts.store.db, config(), NOW)).retired).toBe(0);
      expect(await origin(A)).toBe('catalog');
    });

    it('a chat admin adding a retired feed makes it an admin feed again', async () => {
      write([A, B]);
      await syncCatalog(ts.store.db, config(), NOW);
      write([A]);
      await syncCatalog(ts.store.db, config(), NOW);
      const b = await getFeedByUrl(ts.store.db, B);
      expect(b?.origin).toBe('retired');
      await adoptRetiredFeed(ts.store.db, b?.id ?? 0);
      expect(await origin(B)).toBe('admin');
      expect(await dueUrls()).toEqual([A, B]);
      // only retired feeds are adopted
      const a = await getFeedByUrl(ts.store.db, A);
      await adoptRetiredFeed(ts.store.db, a?.id ?? 0);
      expect(await origin(A)).toBe('catalog');
    });

    it('two instances loading the catalog at once on one store both start, the feeds once (no duplicate key)', async () => {
      const urls = Array.from({ length: 40 }, (_, i) => `https://race${i}.example/feed.xml`);
      write(urls);
      // PostgreSQL: a second instance with its own pool on the same database; SQLite (one process per file):
      // two calls at once on one store
      const other = kind.name === 'postgres' ? await openStore(ts.url) : undefined;
      try {
        const [a, b] = await Promise.all([
          syncCatalog(ts.store.db, config(), NOW),
          syncCatalog(other?.db ?? ts.store.db, config(), NOW),
        ]);
        expect(a.added + b.added).toBe(40);
        const feeds = await listFeeds(ts.store.db);
        expect(feeds.map((f) => f.url).sort()).toEqual([...urls].sort());
        expect(feeds.every((f) => f.origin === 'catalog' && f.tags.includes('news'))).toBe(true);
        expect((await listFeeds(ts.store.db, { tag: 'news' })).length).toBe(40);
      } finally {
        await other?.close();
      }
    });
  });
