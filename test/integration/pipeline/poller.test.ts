import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnouncedArticle } from '../../../src/pipeline/refresh/refresh-feed.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller, type PollerDeps } from '../../../src/scheduler/index.js';
import { latestArticles } from '../../../src/store/articles-repo.js';
import { addFeed, getFeed, updateFeedState } from '../../../src/store/feeds-repo.js';
import { saveRefresh } from '../../../src/store/refresh-write.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type FeedItem, longText, rss, loopbackSuite } from './feed-server.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
const env = loopbackSuite();

const item = (feed: string, n: number, date = NOW - HOUR): FeedItem => ({
  guid: `${feed}-${n}`,
  link: `https://news.example/${feed}/${n}`,
  title: `Meldung ${n} aus ${feed}`,
  date,
  content: longText(`Meldung ${n}`, n),
});

describe('poller', () => {
  let ts: TestStore;
  let clock = NOW;
  let seen: AnnouncedArticle[][] = [];
  let deps: PollerDeps;
  beforeEach(async () => {
    ts = await sqliteTestStore();
    clock = NOW;
    seen = [];
    deps = {
      db: ts.store.db,
      fetcher: env.fetcher,
      summarizer: extractiveSummarizer,
      now: () => clock,
      settings: {
        concurrency: 4,
        perHostConcurrency: 1,
        maxItemAgeHours: 24,
        timezone: 'Europe/Berlin',
        retentionDays: 30,
      },
      onNewArticles: (a) => {
        seen.push(a);
      },
    };
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  async function feeds(names: string[]) {
    const out = [];
    for (const name of names) {
      const { feed } = await addFeed(
        ts.store.db,
        {
          url: env.server.url(`/${name}.xml`),
          name,
          language: 'de',
          tags: [],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW,
      );
      out.push(feed);
    }
    return out;
  }

  it('polls due feeds, first poll silent, then calls onNewArticles; per-host concurrency holds', async () => {
    const names = ['p1', 'p2', 'p3', 'p4'];
    for (const n of names)
      env.server.set(`/${n}.xml`, { body: rss(n, [item(n, 1), item(n, 2)]), delayMs: 5 });
    const fs = await feeds(names);
    const poller = createPoller(deps);
    const first = await poller.pollOnce();
    expect(first).toMatchObject({ due: 4, ok: 4, newItems: 8, announced: 0 });
    expect(seen).toEqual([]);
    expect(env.server.maxActive).toBe(1); // all on 127.0.0.1:port, per-host limit 1

    // nothing is due right after a poll
    expect((await poller.pollOnce()).due).toBe(0);

    env.server.set('/p2.xml', { body: rss('p2', [item('p2', 3), item('p2', 1), item('p2', 2)]) });
    clock = NOW + 20 * 60_000;
    const second = await poller.pollOnce();
    // three bodies are unchanged (same hash): not modified
    expect(second).toMatchObject({ due: 4, ok: 1, notModified: 3, newItems: 1, announced: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]).toMatchObject({ id: 'p2-3', feedId: fs[1]?.id, announce: true });
    expect(seen[0]?.[0]?.digest?.headline).toBeTruthy();
    const pending = await latestArticles(ts.store.db, { announcedOnly: true, limit: 10 });
    expect(pending.map((a) => a.id)).toEqual(['p2-3']);
  });

  it('skips disabled feeds and survives a failing callback', async () => {
    env.server.set('/q1.xml', { body: rss('q1', [item('q1', 1)]) });
    env.server.set('/q2.xml', { body: rss('q2', [item('q2', 1)]) });
    const [q1, q2] = await feeds(['q1', 'q2']);
    await updateFeedState(ts.store.db, q2?.id ?? 0, {
      nextCheckAt: 0,
      health: 'disabled',
      errorCount: 10,
      lastCheckedAt: NOW,
    });
    await saveRefresh(ts.store.db, {
      feedId: q1?.id ?? 0,
      articles: [],
      now: NOW,
      state: { nextCheckAt: NOW, health: 'ok', errorCount: 0, lastCheckedAt: NOW, initialized: true },
    });
    const poller = createPoller({
      ...deps,
      onNewArticles: () => {
        throw new Error('delivery down');
      },
    });
    const r = await poller.pollOnce();
    expect(r).toMatchObject({ due: 1, ok: 1, announced: 1 });
    expect((await getFeed(ts.store.db, q2?.id ?? 0))?.health).toBe('disabled');
  });

  it('does not run two cycles at once', async () => {
    env.server.set('/r1.xml', { body: rss('r1', [item('r1', 1)]), delayMs: 20 });
    await feeds(['r1']);
    const poller = createPoller(deps);
    const [a, b] = await Promise.all([poller.pollOnce(), poller.pollOnce()]);
    expect(a).toBe(b);
    expect(env.server.requests.filter((x) => x.path === '/r1.xml')).toHaveLength(1);
  });

  it('cleanup deletes old dated articles that delivery no longer needs', async () => {
    const [f] = await feeds(['s1']);
    const id = f?.id ?? 0;
    const base = { feedId: id, url: 'https://x/', title: 't', text: 'x', language: 'de' as const };
    await saveRefresh(ts.store.db, {
      feedId: id,
      now: NOW,
      state: { nextCheckAt: NOW, health: 'ok', errorCount: 0, lastCheckedAt: NOW },
      articles: [
        {
          ...base,
          id: 'old-silent',
          canonicalUrl: 'https://x/1',
          publishedAt: NOW - 40 * 24 * HOUR,
          announce: false,
        },
        {
          ...base,
          id: 'old-pending',
          canonicalUrl: 'https://x/2',
          publishedAt: NOW - 40 * 24 * HOUR,
          announce: true,
        },
        { ...base, id: 'old-undated', canonicalUrl: 'https://x/3', announce: false },
        { ...base, id: 'recent', canonicalUrl: 'https://x/4', publishedAt: NOW - HOUR, announce: false },
      ],
    });
    const poller = createPoller(deps);
    expect(await poller.cleanup()).toBe(1);
    const left = await latestArticles(ts.store.db, { feedIds: [id], limit: 10 });
    expect(left.map((a) => a.id).sort()).toEqual(['old-pending', 'old-undated', 'recent']);
  });

  it('start refuses an unknown timezone; start/stop with a valid one', async () => {
    const bad = createPoller({ ...deps, settings: { ...deps.settings, timezone: 'Nowhere/Town' } });
    expect(() => bad.start()).toThrow(/unknown timezone/);
    const good = createPoller(deps);
    good.start();
    await good.stop();
  });
});
