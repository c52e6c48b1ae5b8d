/**
 * Cluster mode end to end, in-process: three `startApp` instances on one PostgreSQL schema and one Redis prefix
 * (real BullMQ), a loopback feed server that counts every fetch, the console publisher. Feed jobs run every
 * EVERY ms (the app's `feedEveryMs` option shortens the 2-minute minimum interval). Checks: each feed is fetched
 * once per interval across the instances; each (subscription, article) is decided and sent once; a scheduled
 * digest goes out once; after one instance is killed (its workers give nothing back, its connection drops) the
 * others keep every feed refreshed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { type App, startApp } from '../../../src/main.js';
import { subscribe } from '../../../src/store/subscriptions-repo.js';
import { until } from '../../helpers/app.js';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';
import { postgresTestStore, TEST_DATABASE_URL, type TestStore } from '../../helpers/store.js';
import { GERMAN_STORIES } from '../../helpers/stories.js';
import { rss } from '../pipeline/feed-server.js';

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

const FEEDS = 12;
const EVERY = 2_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Feeds /f0.xml … with two stories each; every fetch is recorded with its time. */
async function countingFeedServer() {
  const fetches = new Map<string, number[]>();
  const items = new Map<string, { title: string; link: string; date: number }[]>();
  let port = 0;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  for (let i = 0; i < FEEDS; i++) {
    const stories = GERMAN_STORIES.slice((i * 2) % 20, ((i * 2) % 20) + 2);
    items.set(
      `/f${i}.xml`,
      stories.map((s, k) => ({
        title: `${s.title} (${i})`,
        link: `/a/${i}/${s.slug}`,
        date: Date.now() - k * 1000,
      })),
    );
  }
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const list = items.get(path);
    if (!list) {
      res.statusCode = 404;
      return res.end();
    }
    fetches.set(path, [...(fetches.get(path) ?? []), Date.now()]);
    const feedItems = list.map((x) => ({
      guid: url(x.link),
      link: url(x.link),
      title: x.title,
      description: `${x.title}. Der Rat beschloss das mit 12 Stimmen.`,
      date: x.date,
    }));
    res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    res.end(rss(`Feed ${path}`, feedItems));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url,
    fetches,
    publish(path: string, title: string) {
      items.get(path)?.unshift({ title, link: `/a/new/${encodeURIComponent(title)}`, date: Date.now() });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe.skipIf(!TEST_REDIS_URL || !TEST_DATABASE_URL)('cluster mode: work shared through BullMQ', () => {
  let feeds: Awaited<ReturnType<typeof countingFeedServer>>;
  let pg: TestStore;
  let redis: TestRedis;
  let dir: string;
  const apps: App[] = [];
  const printed: string[] = [];
  /** Completed jobs of the delivery queue (fan-outs, digests), by job id, seen through BullMQ's event stream. */
  const completed: string[] = [];
  let events: QueueEvents | undefined;

  beforeAll(async () => {
    feeds = await countingFeedServer();
    pg = await postgresTestStore();
    redis = await testRedis();
    dir = mkdtempSync(join(tmpdir(), 'cluster-jobs-'));
    events = new QueueEvents('delivery', {
      connection: { url: redis.url },
      prefix: redis.prefix.slice(0, -1),
    });
    events.on('completed', ({ jobId }) => completed.push(jobId));
    await events.waitUntilReady();
    const catalog = Array.from(
      { length: FEEDS },
      (_, i) =>
        `  - url: ${feeds.url(`/f${i}.xml`)}\n    name: Feed ${i}\n    language: de\n    interval: 2\n`,
    ).join('');
    writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n${catalog}`);
    const config = configWith({
      DATABASE_URL: pg.url,
      FEEDS_DIR: dir,
      ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
      ALLOW_PORTS: String(feeds.port),
      FULL_TEXT: 'false',
      PARSE_WORKERS: '0',
      LOG_LEVEL: 'warn',
      DELIVERY_POLL_MS: '200',
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix.slice(0, -1),
      CLUSTER_SYNC_MS: '1000',
      CLUSTER_FANOUT_INTERVAL_MS: '2000',
    });
    // three instances started at once on a fresh database (the catalog race of issue 16)
    apps.push(
      ...(await Promise.all(
        [0, 1, 2].map(() =>
          startApp(
            config,
            { stdout: (s) => printed.push(s), stderr: () => undefined },
            { feedEveryMs: () => EVERY },
          ),
        ),
      )),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(apps.map((a) => a.stop()));
    await events?.close();
    await pg?.cleanup();
    await redis?.cleanup();
    await feeds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches each feed once per interval, decides and sends each article once, runs a digest once, and survives a killed instance', async () => {
    const db = pg.store.db;
    expect(new Set(apps.map((a) => a.cluster?.owner)).size).toBe(3);
    // every feed fetched once (the first refresh stores its items silently), then a scheduled digest for feed 0
    // in another console chat
    await until(async () => {
      const fresh = await db.selectFrom('feeds').select('id').where('initialized', '=', 0).execute();
      return fresh.length === 0 ? true : undefined;
    }, 'first refresh of every feed');
    const feed0 = await db
      .selectFrom('feeds')
      .select('id')
      .where('url', '=', feeds.url('/f0.xml'))
      .executeTakeFirstOrThrow();
    await subscribe(
      db,
      { platform: 'console', chatId: 'digest-chat' },
      {
        target: { kind: 'feed', feedId: Number(feed0.id) },
        language: 'de',
        mode: 'digest',
        cron: '*/3 * * * * *',
        timezone: 'UTC',
        createdBy: 'test',
      },
    );
    await apps[0]?.cluster?.sync();

    // a window of several intervals: each feed about once per interval, and never fetched twice for one slot. The
    // guard compares a job's start with the last refresh's start (at least half an interval apart, as in one
    // process); the fetch itself may start later on a busy machine (per-host limit, event loop), so two regular
    // fetches seen at the server can come a little closer than that. A doubled refresh comes within milliseconds:
    // a quarter of an interval tells the two apart without depending on the machine's load.
    const t0 = Date.now();
    feeds.publish('/f0.xml', 'Stadtwerke senken den Strompreis um 4 Prozent');
    feeds.publish('/f5.xml', 'Neue Radwege: 18 Kilometer bis 2028 geplant');
    await sleep(5 * EVERY);
    const t1 = Date.now();
    for (const [path, times] of feeds.fetches) {
      const inWindow = times.filter((t) => t >= t0 && t < t1);
      expect(inWindow.length, path).toBeGreaterThanOrEqual(4);
      expect(inWindow.length, path).toBeLessThanOrEqual(6);
      for (let i = 1; i < times.length; i++)
        expect(
          (times[i] as number) - (times[i - 1] as number),
          `${path} fetched twice`,
        ).toBeGreaterThanOrEqual(EVERY / 4);
    }

    // each (subscription, article) decided once, each instant message sent once
    const dup = await db
      .selectFrom('deliveries')
      .select(['subscription_id', 'article_pk', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['subscription_id', 'article_pk'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(dup).toEqual([]);
    const decided = await db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    // console: the two new items; digest-chat: feed 0's new one
    expect(Number(decided?.n)).toBe(3);
    await until(async () => {
      const open = await db
        .selectFrom('outbox')
        .select('id')
        .where('status', 'in', ['pending', 'sending'])
        .execute();
      return open.length === 0 ? true : undefined;
    }, 'outbox drained');
    for (const title of [
      'Stadtwerke senken den Strompreis um 4 Prozent',
      'Neue Radwege: 18 Kilometer bis 2028 geplant',
    ])
      expect(printed.filter((p) => p.includes(title)).length, title).toBe(
        2 - (title.startsWith('Neue') ? 1 : 0),
      );

    // the digest of digest-chat went out once (its job fires every 3 s on every instance's worker)
    const digestMessages = await db
      .selectFrom('outbox')
      .innerJoin('channels', 'channels.id', 'outbox.channel_id')
      .select(['outbox.id', 'outbox.status'])
      .where('channels.chat_id', '=', 'digest-chat')
      .execute();
    expect(digestMessages).toEqual([{ id: expect.any(Number), status: 'delivered' }]);

    // each firing of the digest schedule (every 3 s) ran as one job on one instance
    const fired = completed.filter((id) => id.startsWith('repeat:digest-'));
    expect(fired.length).toBeGreaterThanOrEqual(3);
    expect(new Set(fired).size).toBe(fired.length);

    // kill one instance: the others refresh every feed on
    await apps[0]?.cluster?.kill();
    const k0 = Date.now();
    await sleep(4 * EVERY);
    for (const [path, times] of feeds.fetches)
      expect(times.filter((t) => t > k0 + EVERY).length, `${path} after the kill`).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
