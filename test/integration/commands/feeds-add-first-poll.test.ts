/**
 * An item that appears between `feeds add` and the feed's first scheduled poll is posted: the add already fetched
 * the feed and keeps what it saw as the feed's known items (its first poll, stored silently), so the first
 * scheduled poll announces anything newer. `why` tells what really happened to each item. Real router, real
 * poller and delivery engine, a loopback feed server; only the platform is a recording publisher.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRouter } from '../../../src/commands/deps.js';
import { createCommandRouter } from '../../../src/commands/router.js';
import { configWith } from '../../../src/config/index.js';
import { virtualClock } from '../../../src/delivery/clock.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import type { OutgoingMessage, Publisher } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { createFetcher, type Fetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller } from '../../../src/scheduler/index.js';
import { getFeedByUrl } from '../../../src/store/feeds-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import { type FeedItem, type FeedServer, longText, rss, startFeedServer } from '../pipeline/feed-server.js';
import { req } from './harness.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

const item = (n: number, title: string, date: number): FeedItem => ({
  guid: `lokal-${n}`,
  link: `https://lokal.example/artikel/${n}`,
  title,
  date,
  content: longText(title, n),
});

function recordingPublisher(): Publisher & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    platform: 'telegram',
    idempotent: false,
    sent,
    async publish(m) {
      sent.push(m);
      return { ok: true, messageIds: [String(sent.length)] };
    },
  };
}

describe.each(STORE_KINDS)('feeds add keeps what it saw as the first poll, on $name', ({ open }) => {
  let ts: TestStore;
  let fetcher: Fetcher;
  let engine: DeliveryEngine;
  let router: CommandRouter;
  let pub: ReturnType<typeof recordingPublisher>;
  let clock = NOW;
  const config = () =>
    configWith({
      ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
      ALLOW_PORTS: String(server.port),
      LOG_LEVEL: 'silent',
      DELIVERY_CONCURRENCY: '1',
    });

  beforeEach(async () => {
    ts = await open();
    clock = NOW;
    const cfg = config();
    fetcher = createFetcher(fetcherOptionsFromConfig(cfg));
    engine = createDeliveryEngine({
      store: ts.store,
      config: cfg,
      log: silentLogger,
      summarizer: extractiveSummarizer,
      clock: virtualClock(NOW),
    });
    pub = recordingPublisher();
    engine.registerPublisher(pub);
    router = createCommandRouter({
      store: ts.store,
      config: cfg,
      log: silentLogger,
      fetcher,
      summarizer: extractiveSummarizer,
      delivery: engine,
      clock: () => clock,
    });
  });
  afterEach(async () => {
    await engine.stop();
    await fetcher.close();
    await ts.cleanup();
  });

  it('posts an item published before the first scheduled poll, and why says what happened to each', async () => {
    const path = `/lokal-${Math.random().toString(36).slice(2)}.xml`;
    const old1 = item(1, 'Stadtrat beschließt Haushalt für 2027', NOW - 3 * 60 * MIN);
    const old2 = item(2, 'Neue Buslinie zum Gewerbegebiet', NOW - 2 * 60 * MIN);
    server.set(path, { body: rss('Lokalzeitung', [old2, old1]) });
    const url = server.url(path);

    // an admin adds the feed and subscribes the chat to it
    const added = await router.handle(req('feeds add', { url }));
    expect(added.error).toBeUndefined();
    const feed = await getFeedByUrl(ts.store.db, url);
    const sub = await router.handle(req('subscribe', { target: String(feed?.id) }));
    expect(sub.error).toBeUndefined();

    // a new item appears before the feed's first scheduled poll
    const fresh = item(3, 'Hallenbad öffnet nach Sanierung wieder', NOW + 5 * MIN);
    server.set(path, { body: rss('Lokalzeitung', [fresh, old2, old1]) });
    // the first scheduled poll: when the add scheduled the feed's next check
    const due = (await getFeedByUrl(ts.store.db, url))?.nextCheckAt ?? 0;
    clock = Math.max(due, NOW + MIN);
    const poller = createPoller({
      db: ts.store.db,
      fetcher,
      summarizer: extractiveSummarizer,
      now: () => clock,
      settings: {
        concurrency: 2,
        perHostConcurrency: 1,
        maxItemAgeHours: 24,
        timezone: 'Europe/Berlin',
        retentionDays: 30,
        parseWorkers: 0,
      },
    });
    try {
      const report = await poller.pollOnce();
      expect(report).toMatchObject({ due: 1, ok: 1, newItems: 1, announced: 1 });
    } finally {
      await poller.stop();
    }

    await engine.fanOut();
    const outbox = await ts.store.db.selectFrom('outbox').select(['id', 'status']).execute();
    expect(outbox).toHaveLength(1);
    await engine.drain();
    expect(pub.sent.map((m) => m.digests.map((d) => d.headline))).toEqual([[fresh.title]]);

    const why = await router.handle(req('why', { url: fresh.link ?? '' }));
    expect(why.text?.split('\n')[0]).toBe(`Zu „${fresh.title}“:`);
    expect(why.text?.split('\n')[1]).toMatch(/: gepostet/);
    // what the feed already had when it was added: kept as known, and why says so (not "before the subscription")
    const known = await router.handle(req('why', { url: old1.link ?? '' }));
    expect(known.text).toContain('als der Bot den Feed zum ersten Mal las');
    expect(known.text).not.toContain('vor dem Abo');
    // a chat that subscribes only now: for it the item really came before its subscription
    const later = { platform: 'telegram', chatId: '-4711' } as const;
    expect(
      (await router.handle(req('feeds add', { url }, { channel: later, locale: 'en' }))).error,
    ).toBeUndefined();
    const whyBefore = { channel: later, locale: 'en' } as const;
    await router.handle(req('subscribe', { target: String(feed?.id) }, whyBefore));
    expect((await router.handle(req('why', { url: fresh.link ?? '' }, whyBefore))).text).toContain(
      'came before the subscription here',
    );
  });
});
