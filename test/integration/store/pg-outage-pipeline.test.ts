/**
 * The CI outage test: the real poller and delivery engine on PostgreSQL through a TCP proxy, loopback feeds and a
 * loopback chat platform without nonce deduplication (every POST arrives). The proxy is cut in the middle of a
 * poll and right after a message reached the platform (before the sender recorded it), held down while polls
 * come due and new items appear, then restored: the process stays up, the outage is logged once, work resumes
 * by itself, every item is stored once and every message arrives exactly once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import type { Publisher } from '../../../src/domain/types.js';
import { createLogger } from '../../../src/log/index.js';
import type { Fetcher } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller, type Poller } from '../../../src/scheduler/index.js';
import { addFeed } from '../../../src/store/feeds-repo.js';
import { subscribe } from '../../../src/store/subscriptions-repo.js';
import { type ProxiedStore, proxiedPostgresStore } from '../../helpers/proxied-store.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';
import { httpPublisher, startFakePlatform } from '../fakes/publisher-fake.js';
import {
  type FeedItem,
  type FeedServer,
  loopbackFetcher,
  rss,
  startFeedServer,
} from '../pipeline/feed-server.js';

const FEEDS = ['nord', 'sued', 'ost', 'west'];

/** A made-up word: items share no tokens, so no two are taken for the same story. */
const word = () =>
  randomBytes(6)
    .toString('base64')
    .replace(/[^a-z]/gi, '')
    .toLowerCase()
    .padEnd(5, 'q');

function newItem(feed: string, n: number): FeedItem {
  const title = `${word()} ${word()} ${word()} ${word()}`;
  const sentence = () => `${word()} ${word()} ${word()} ${word()} ${word()} ${word()}.`;
  return {
    guid: `${feed}-${n}-${word()}`,
    link: `https://news.example/${feed}/${n}`,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    date: Date.now() - 10 * 60_000,
    content: `<p>${Array.from({ length: 5 }, sentence).join(' ')}</p>`,
  };
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const start = Date.now();
  while (!(await check()) && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 100));
  return check();
}

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL outage during polls and deliveries', () => {
  let server: FeedServer;
  let fetcher: Fetcher;
  let platform: Awaited<ReturnType<typeof startFakePlatform>>;
  let ps: ProxiedStore;
  const lines: { level: number; msg: string; code?: string }[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    server = await startFeedServer();
    fetcher = loopbackFetcher(server);
    platform = await startFakePlatform({ idempotent: false, delayMs: 20 });
    const log = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
    ps = await proxiedPostgresStore(TEST_DATABASE_URL as string, log);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await ps?.cleanup();
    await fetcher?.close();
    await server?.close();
    await platform?.close();
  });

  it('survives the cut, resumes, stores every item once and delivers every message exactly once', async () => {
    const { store, proxy } = ps;
    const log = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
    const items = new Map<string, FeedItem[]>();
    let n = 0;
    const publish = (feed: string, count: number) => {
      const list = items.get(feed) ?? [];
      for (let i = 0; i < count; i++) list.unshift(newItem(feed, n++));
      items.set(feed, list);
      // one feed answers slowly, so a cut finds a poll in the middle of its work
      server.set(`/${feed}.xml`, { body: rss(feed, list), delayMs: feed === 'ost' ? 300 : 0 });
    };
    for (const f of FEEDS) publish(f, 3);
    const chat = { platform: 'discord' as const, chatId: '4242' };
    for (const f of FEEDS) {
      const { feed } = await addFeed(
        store.db,
        {
          url: server.url(`/${f}.xml`),
          name: f,
          language: 'de',
          tags: [],
          intervalMinutes: 10,
          fullText: false,
        },
        Date.now(),
      );
      await subscribe(store.db, chat, {
        target: { kind: 'feed', feedId: feed.id },
        language: 'de',
        mode: 'instant',
        cron: '0 7 * * *',
        timezone: 'Europe/Berlin',
        createdBy: 'test',
      });
    }

    // a short lease: a message sent but not recorded would come round again (and arrive twice) within the test
    const config = configWith({
      DELIVERY_LEASE_MS: '1000',
      DELIVERY_POLL_MS: '100',
      DELIVERY_CONCURRENCY: '2',
      LOG_LEVEL: 'info',
    });
    const engine: DeliveryEngine = createDeliveryEngine({
      store,
      config,
      log,
      summarizer: extractiveSummarizer,
      // the loopback platform has no rate limits
      limits: () => ({}),
    });
    // the platform took the message; the store goes away before the sender can record it
    const inner = httpPublisher(platform.url, false, 'discord');
    let cutAfterPublish = false;
    const publisher: Publisher = {
      ...inner,
      async publish(m) {
        const r = await inner.publish(m);
        if (cutAfterPublish) {
          cutAfterPublish = false;
          proxy.cut();
        }
        return r;
      },
    };
    engine.registerPublisher(publisher);
    let offset = 0;
    const poller: Poller = createPoller({
      db: store.db,
      fetcher,
      summarizer: extractiveSummarizer,
      settings: {
        concurrency: 4,
        perHostConcurrency: 4,
        maxItemAgeHours: 24,
        timezone: 'Europe/Berlin',
        retentionDays: 30,
        parseWorkers: 0,
      },
      log,
      // every cycle a quarter of an hour later: every feed is due again
      now: () => Date.now() + offset,
      onNewArticles: () => engine.wake(),
      health: store.health,
      pollCron: '0 0 1 1 *',
    });
    const cycle = async () => {
      offset += 15 * 60_000;
      return poller.pollOnce();
    };
    await engine.start();
    poller.start();
    try {
      // first poll: the feeds' current items are stored silently
      await cycle();
      let announced = 0;
      // normal work
      for (const f of FEEDS) publish(f, 2);
      announced += 8;
      expect((await cycle()).announced).toBe(8);

      // cut 1: in the middle of a poll (the slow feed is still being fetched)
      for (const f of FEEDS) publish(f, 2);
      announced += 8;
      const asked = server.requests.length;
      const polling = cycle();
      expect(await until(() => server.requests.slice(asked).some((r) => r.path === '/ost.xml'), 10_000)).toBe(
        true,
      );
      proxy.cut();
      const interrupted = await polling;
      expect(store.health.available()).toBe(false);
      // ticks while the store is down claim nothing
      for (const f of FEEDS) publish(f, 1);
      announced += 4;
      const skipped = await cycle();
      expect(skipped.due).toBe(0);
      await new Promise((r) => setTimeout(r, 2_000));
      const fetchesBefore = server.requests.length;
      await cycle();
      expect(server.requests.length).toBe(fetchesBefore);
      proxy.restore();
      expect(await until(() => store.health.available(), 10_000)).toBe(true);
      // the recovery runs a catch-up poll by itself (the feeds the cut interrupted are due); one more cycle
      // picks up the items that appeared in the others meanwhile
      expect(await until(() => server.requests.length > fetchesBefore, 10_000)).toBe(true);
      await poller.pollOnce();
      await cycle();
      expect(interrupted.ok).toBeLessThan(FEEDS.length);

      // cut 2: right after a message reached the platform, before it was recorded (a message of this cycle's
      // items: everything announced before has arrived)
      expect(await until(() => platform.stats().arrivals >= announced, 20_000)).toBe(true);
      for (const f of FEEDS) publish(f, 2);
      announced += 8;
      cutAfterPublish = true;
      await cycle();
      expect(await until(() => !cutAfterPublish, 10_000)).toBe(true);
      expect(store.health.available()).toBe(false);
      await new Promise((r) => setTimeout(r, 2_000));
      proxy.restore();
      expect(await until(() => store.health.available(), 10_000)).toBe(true);
      await cycle();

      // everything arrives, once
      expect(
        await until(() => platform.stats().arrivals >= announced, 30_000),
        JSON.stringify(platform.stats()),
      ).toBe(true);
      // longer than the lease: a message left unrecorded would be sent again by now
      await new Promise((r) => setTimeout(r, 2_000));
      const stats = platform.stats();
      expect(stats.duplicates).toBe(0);
      expect(stats.arrivals).toBe(announced);

      const articles = await store.db.selectFrom('articles').select(['id']).execute();
      expect(articles).toHaveLength(n);
      expect(new Set(articles.map((a) => a.id)).size).toBe(n);
      const all = [...items.values()].flat().map((i) => i.guid);
      expect(new Set(articles.map((a) => a.id))).toEqual(new Set(all));
      const deliveries = await store.db.selectFrom('deliveries').select(['status']).execute();
      expect(deliveries).toHaveLength(announced);
      expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
      const outbox = await store.db.selectFrom('outbox').select(['status']).execute();
      expect(outbox.every((o) => o.status === 'delivered')).toBe(true);
      expect(outbox).toHaveLength(stats.distinct);

      // two outages: logged once each (not per query), recovery once each, no error lines
      expect(lines.filter((l) => l.code === 'store.unavailable')).toHaveLength(2);
      expect(lines.filter((l) => l.code === 'store.recovered')).toHaveLength(2);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(store.health.readiness().store.outages).toBe(2);
      expect(unhandled).toEqual([]);
    } finally {
      await poller.stop();
      await engine.stop();
    }
  }, 90_000);
});
