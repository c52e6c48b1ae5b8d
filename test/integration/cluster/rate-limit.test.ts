/**
 * Shared platform rate limits on a real Redis: three limiter instances, each on its own connection (as three
 * processes would have), send concurrently to one loopback HTTP "platform" that timestamps every arrival. Some
 * requests are slow on the way there (longer than a window), so a limiter that counted starts instead of arrivals
 * would let the platform see more than N in a window.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../../src/cluster/redis.js';
import { createRedisLimiter, type RedisLimiter } from '../../../src/cluster/rate-limit.js';
import { systemClock } from '../../../src/delivery/clock.js';
import { waitForPermit } from '../../../src/delivery/limiter.js';
import type { ChannelRef, PlatformLimits } from '../../../src/domain/types.js';
import { createLogger, silentLogger } from '../../../src/log/index.js';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

interface Arrival {
  at: number;
  chat: string;
}

/** The loopback platform: POST {chat} → timestamp on arrival, answer after a few ms. */
async function arrivalServer() {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      arrivals.push({ at: performance.now(), chat: (JSON.parse(body) as { chat: string }).chat });
      setTimeout(() => res.end('{}'), Math.random() * 10);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The largest number of arrivals inside any window [t, t + ms). */
function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Telegram's shape, scaled down: overall, per chat, and one more per group (negative ids)
const LIMITS: PlatformLimits = {
  global: { count: 10, windowMs: 200 },
  perChat: { count: 2, windowMs: 200 },
  perGroup: { count: 3, windowMs: 600 },
};
const CHATS = ['1', '2', '3', '4', '5', '6', '7', '8', '-100', '-200'];

describe.skipIf(!TEST_REDIS_URL)('platform rate limits shared in Redis', () => {
  let r: TestRedis | undefined;
  const conns: Redis[] = [];
  afterEach(async () => {
    for (const c of conns.splice(0)) c.disconnect();
    await r?.cleanup();
    r = undefined;
  });
  /** One instance: its own connection, as a separate process would have. */
  function instance(t: TestRedis, limits: PlatformLimits = LIMITS): RedisLimiter {
    const redis = new Redis(t.url, { maxRetriesPerRequest: 1 });
    conns.push(redis);
    return createRedisLimiter({
      redis,
      prefix: t.prefix.slice(0, -1),
      limits: () => limits,
      log: silentLogger,
    });
  }

  it('three instances together never let more than N arrive in any window, overall, per chat and per group', async () => {
    r = await testRedis();
    const t = r;
    const platform = await arrivalServer();
    const limiters = [instance(t), instance(t), instance(t)];
    const TOTAL = 150;
    let started = 0;
    let slow = 0;
    async function worker(l: RedisLimiter) {
      while (started < TOTAL) {
        started++;
        const chat = CHATS[Math.floor(Math.random() * CHATS.length)] as string;
        const ref: ChannelRef = { platform: 'telegram', chatId: chat };
        const release = await waitForPermit(l, ref, systemClock, () => false);
        if (!release) return;
        // one request in eight is slow on the way: it arrives longer than a window after it started
        if (Math.random() < 1 / 8) {
          slow++;
          await sleep(250 + Math.random() * 150);
        } else await sleep(Math.random() * 15);
        const res = await request(platform.url, { method: 'POST', body: JSON.stringify({ chat }) });
        await res.body.text();
        release(Date.now());
      }
    }
    const t0 = performance.now();
    await Promise.all(limiters.flatMap((l) => [worker(l), worker(l), worker(l), worker(l)]));
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(limiters.map((l) => l.close()));
    await platform.close();

    const all = platform.arrivals.map((a) => a.at);
    expect(all).toHaveLength(TOTAL);
    expect(maxInWindow(all, 200)).toBeLessThanOrEqual(10);
    for (const chat of CHATS) {
      const times = platform.arrivals.filter((a) => a.chat === chat).map((a) => a.at);
      expect(maxInWindow(times, 200), `chat ${chat}`).toBeLessThanOrEqual(2);
      if (chat.startsWith('-')) expect(maxInWindow(times, 600), `group ${chat}`).toBeLessThanOrEqual(3);
    }
    const limitPerSecond = 10 / 0.2;
    console.log(
      `shared limits: ${TOTAL} arrivals in ${seconds.toFixed(2)} s from 3 instances (${slow} slow), ` +
        `${(TOTAL / seconds).toFixed(1)}/s vs limit ${limitPerSecond}/s: ratio ${(TOTAL / seconds / limitPerSecond).toFixed(2)}; ` +
        `max in any window ${maxInWindow(all, 200)}/10`,
    );
  });

  it('a retry-after from one instance holds the chat back on the others, and only that chat', async () => {
    r = await testRedis();
    const [a, b] = [instance(r), instance(r)];
    const held: ChannelRef = { platform: 'telegram', chatId: '42' };
    const other: ChannelRef = { platform: 'telegram', chatId: '43' };
    const now = Date.now();
    await a.blockChat(held, now + 400, now);
    const refused = await b.acquire(held, Date.now());
    expect(refused).toMatchObject({ scope: 'chat' });
    expect((refused as { waitMs: number }).waitMs).toBeGreaterThan(0);
    expect(await b.waitMs(held, Date.now())).toBeGreaterThan(0);
    expect(await b.globalWaitMs('telegram', Date.now())).toBe(0);
    const ok = await b.acquire(other, Date.now());
    expect('release' in ok).toBe(true);
    // a later, shorter retry-after never shortens a longer one
    const long: ChannelRef = { platform: 'telegram', chatId: '44' };
    await a.blockChat(long, Date.now() + 60_000, Date.now());
    await b.blockChat(long, Date.now() + 10, Date.now());
    expect(await r.redis.pttl(`${r.prefix}rl:telegram:block:44`)).toBeGreaterThan(30_000);
    // the held chat goes again once the retry-after ran out
    const release = await waitForPermit(b, held, systemClock, () => false);
    expect(release).toBeDefined();
  });

  it('with Redis unreachable, sending waits (no local fallback) and the outage is logged once', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const redis = connectRedis('redis://127.0.0.1:1', {
      log,
      role: 'limits',
      extra: { maxRetriesPerRequest: 1 },
    });
    conns.push(redis);
    const l = createRedisLimiter({
      redis,
      prefix: 'unreachable',
      limits: () => LIMITS,
      log,
      timeoutMs: 500,
      outageWaitMs: 700,
    });
    const ref: ChannelRef = { platform: 'telegram', chatId: '1' };
    expect(await l.acquire(ref, Date.now())).toEqual({ waitMs: 700, scope: 'global' });
    expect(await l.acquire(ref, Date.now())).toEqual({ waitMs: 700, scope: 'global' });
    expect(await l.waitMs(ref, Date.now())).toBe(700);
    expect(await l.globalWaitMs('telegram', Date.now())).toBe(700);
    await l.blockChat(ref, Date.now() + 1000, Date.now());
    const outage = lines.filter((x) => x.includes('delivery.limits_unavailable'));
    expect(outage).toHaveLength(1);
  });

  it('measures what an acquire costs and how close three instances get to the limit (printed, not asserted)', async () => {
    r = await testRedis();
    const t = r;
    const many = {
      global: { count: 1_000_000, windowMs: 1000 },
      perChat: { count: 1_000_000, windowMs: 1000 },
    };
    const one = instance(t, many);
    const ref: ChannelRef = { platform: 'telegram', chatId: '1' };
    const N = 300;
    let t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const p = await one.acquire(ref, Date.now());
      if ('release' in p) p.release(Date.now());
    }
    await one.close();
    const acquireMs = (performance.now() - t0) / N;
    t0 = performance.now();
    for (let i = 0; i < N; i++) await one.waitMs(ref, Date.now());
    const peekMs = (performance.now() - t0) / N;
    // throughput: 3 instances × 4 senders, 40 chats (the overall limit binds), instant platform
    const limits = { global: { count: 20, windowMs: 200 }, perChat: { count: 2, windowMs: 200 } };
    const ls = [instance(t, limits), instance(t, limits), instance(t, limits)];
    const platform = await arrivalServer();
    const TOTAL = 200;
    let started = 0;
    const worker = async (l: RedisLimiter) => {
      while (started++ < TOTAL) {
        const chat = String(1 + Math.floor(Math.random() * 40));
        const release = await waitForPermit(
          l,
          { platform: 'telegram', chatId: chat },
          systemClock,
          () => false,
        );
        const res = await request(platform.url, { method: 'POST', body: JSON.stringify({ chat }) });
        await res.body.text();
        release?.(Date.now());
      }
    };
    t0 = performance.now();
    await Promise.all(ls.flatMap((l) => [worker(l), worker(l), worker(l), worker(l)]));
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(ls.map((l) => l.close()));
    await platform.close();
    const all = platform.arrivals.map((a) => a.at);
    expect(maxInWindow(all, 200)).toBeLessThanOrEqual(20);
    console.log(
      `redis limiter cost: acquire+release ${acquireMs.toFixed(2)} ms, peek ${peekMs.toFixed(2)} ms (mean of ${N}); ` +
        `3 instances: ${all.length} in ${seconds.toFixed(2)} s = ${(all.length / seconds).toFixed(1)}/s vs limit 100/s ` +
        `(ratio ${(all.length / seconds / 100).toFixed(2)}), max in any window ${maxInWindow(all, 200)}/20`,
    );
  });
});
