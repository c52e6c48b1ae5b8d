/**
 * The operations server (HTTP_PORT) of the real app (`startApp`): /healthz, /readyz, /metrics with their status
 * codes and content types, the bot's counters moving after a poll, 404/405, closed on stop; /readyz 503 while a
 * PostgreSQL store is cut off (TCP proxy) and 200 again after; nothing listens without HTTP_PORT.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { type App, startApp } from '../../../src/main.js';
import { type BotUnderTest, startBot, until } from '../../helpers/app.js';
import { proxiedPostgresStore } from '../../helpers/proxied-store.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';

const FEED = readFileSync(new URL('../../fixtures/delivery/local-feed.xml', import.meta.url), 'utf8');

/** Sum of a metric's samples in the exposition text (all label sets; 0 when absent). */
function sample(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function get(port: number, path: string, method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe('operations server (HTTP_PORT)', () => {
  let feeds: Server;
  let feedPort: number;
  let dir: string;
  let bot: BotUnderTest | undefined;

  beforeAll(async () => {
    feeds = createServer((_req, res) => {
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.end(FEED.replaceAll('{{DATE}}', new Date().toUTCString()));
    });
    await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', r));
    feedPort = (feeds.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'newsdigest-ops-'));
    writeFileSync(
      join(dir, 'local.yaml'),
      `feeds:\n  - url: http://127.0.0.1:${feedPort}/feed.xml\n    name: Lokalblatt\n    language: de\n`,
    );
  });

  afterAll(async () => {
    await bot?.close();
    await new Promise((r) => feeds.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /healthz, /readyz and /metrics, counts refreshes, items and deliveries, and closes on stop', async () => {
    bot = await startBot(feedPort, { HTTP_PORT: '0', FEEDS_DIR: dir });
    const port = bot.app.httpPort;
    expect(port).toBeGreaterThan(0);
    const p = port as number;

    const health = await get(p, '/healthz');
    expect(health).toMatchObject({ status: 200, body: 'ok\n' });
    expect(health.type).toMatch(/^text\/plain/);

    const ready = await get(p, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.type).toMatch(/^application\/json/);
    expect(JSON.parse(ready.body)).toEqual({ ready: true });

    // the first poll (started with the app) stores the feed's items and the console gets them
    const first = await until(async () => {
      const m = await get(p, '/metrics');
      return sample(m.body, 'newsdigest_deliveries_total', 'outcome="delivered"') > 0 ? m : undefined;
    }, 'a delivery counted in /metrics');
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'newsdigest_process_resident_memory_bytes',
      'newsdigest_nodejs_eventloop_lag_seconds',
      'newsdigest_feed_refreshes_total',
      'newsdigest_feed_refresh_duration_seconds_bucket',
      'newsdigest_items_new_total',
      'newsdigest_items_announced_total',
      'newsdigest_deliveries_total',
      'newsdigest_outbox_messages',
      'newsdigest_feeds',
      'newsdigest_store_up',
    ])
      expect(first.body, name).toContain(`\n${name}`);
    expect(sample(first.body, 'newsdigest_items_new_total')).toBeGreaterThan(0);
    expect(sample(first.body, 'newsdigest_feeds', 'health="ok"')).toBe(1);
    expect(sample(first.body, 'newsdigest_store_up')).toBe(1);
    expect(first.body).toMatch(/newsdigest_deliveries_total\{platform="console",outcome="delivered"\} \d/);

    const before = sample(first.body, 'newsdigest_feed_refreshes_total');
    const beforeCount = sample(first.body, 'newsdigest_feed_refresh_duration_seconds_count');
    expect(before).toBeGreaterThan(0);
    await bot.scheduledPoll();
    const after = (await get(p, '/metrics')).body;
    expect(sample(after, 'newsdigest_feed_refreshes_total')).toBeGreaterThan(before);
    expect(sample(after, 'newsdigest_feed_refresh_duration_seconds_count')).toBeGreaterThan(beforeCount);

    expect((await get(p, '/nope')).status).toBe(404);
    expect((await get(p, '/metrics', 'POST')).status).toBe(405);
    const head = await get(p, '/healthz', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });

    await bot.close();
    bot = undefined;
    await expect(fetch(`http://127.0.0.1:${p}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('listens nowhere without HTTP_PORT', async () => {
    bot = await startBot(feedPort, { FEEDS_DIR: dir });
    expect(bot.app.httpPort).toBeUndefined();
    await bot.close();
    bot = undefined;
  });

  describe.skipIf(!TEST_DATABASE_URL)('on PostgreSQL', () => {
    it('/readyz answers 503 while the store is cut off and 200 again once it is back', async () => {
      const ps = await proxiedPostgresStore(TEST_DATABASE_URL as string);
      let app: App | undefined;
      try {
        const config = configWith({
          DATABASE_URL: ps.url,
          FEEDS_DIR: dir,
          ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
          ALLOW_PORTS: String(feedPort),
          FULL_TEXT: 'false',
          LOG_LEVEL: 'silent',
          HTTP_PORT: '0',
        });
        app = await startApp(config, { stdout: () => undefined, stderr: () => undefined });
        const p = app.httpPort as number;
        expect((await get(p, '/readyz')).status).toBe(200);

        ps.proxy.cut();
        const down = await until(async () => {
          const r = await get(p, '/readyz');
          return r.status === 503 ? r : undefined;
        }, '/readyz 503 during the outage');
        expect(JSON.parse(down.body)).toMatchObject({ ready: false, reason: 'store.unavailable' });
        expect(down.body).not.toContain('127.0.0.1');
        // alive and still scraping during the outage
        expect((await get(p, '/healthz')).status).toBe(200);
        const metrics = await get(p, '/metrics');
        expect(metrics.status).toBe(200);
        expect(sample(metrics.body, 'newsdigest_store_up')).toBe(0);

        ps.proxy.restore();
        await until(async () => ((await get(p, '/readyz')).status === 200 ? true : undefined), '/readyz 200');
      } finally {
        await app?.stop();
        await ps.cleanup();
      }
    }, 60_000);
  });
});
