/**
 * The sender with the shared Redis limiter: three delivery engines (three instances: own owner id, own Redis
 * connection) drain one outbox on one store into one platform fake. Together they hold the overall and per-chat
 * limits, deliver every message once, and a retry-after answered to one instance holds the chat back on all.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisLimiter } from '../../../src/cluster/rate-limit.js';
import { configWith } from '../../../src/config/index.js';
import { systemClock } from '../../../src/delivery/clock.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import type { PlatformLimits } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { unfinished } from '../../../src/store/outbox-repo.js';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import { type PublishCall, scriptedPublisher } from '../fakes/publisher-fake.js';
import { seedArticles, seedFeed, seedSubscription } from '../delivery/seed.js';

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

const NOW = Date.now();
// tighter than three in-process senders can go, so three separate buckets would show at the platform
const LIMITS: PlatformLimits = { global: { count: 5, windowMs: 200 }, perChat: { count: 1, windowMs: 1000 } };
const CHATS = 50;
const PER_CHAT = 2;
const RETRY_AFTER_MS = 1_000;

/** A made-up word per (item, slot): no two items share a token, so none of them cluster into one story. */
function word(seed: string, k: number): string {
  let h = 2166136261;
  for (const ch of `${seed}:${k}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: 7 }, (_, j) => String.fromCharCode(97 + ((h >>> (j * 4)) % 26))).join('');
}

function maxInWindow(calls: PublishCall[], ms: number): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe.skipIf(!TEST_REDIS_URL).each(STORE_KINDS)(
  'three senders sharing limits in Redis on $name',
  ({ open }) => {
    let ts: TestStore | undefined;
    let r: TestRedis | undefined;
    const conns: Redis[] = [];
    const engines: DeliveryEngine[] = [];
    afterEach(async () => {
      await Promise.all(engines.splice(0).map((e) => e.stop()));
      for (const c of conns.splice(0)) c.disconnect();
      await r?.cleanup();
      await ts?.cleanup();
    });

    it('hold the overall and per-chat limits together, deliver each message once, and share a retry-after', async () => {
      ts = await open();
      r = await testRedis();
      for (let c = 0; c < CHATS; c++) {
        const feed = await seedFeed(ts.store, { url: `https://f.example/${c}`, name: `Feed ${c}` }, NOW);
        await seedSubscription(ts.store, { chatId: String(c + 1), feedId: feed }, NOW);
        const items = Array.from({ length: PER_CHAT }, (_, i) => ({
          id: `c${c}-${i}`,
          title: `${word(`${c}-${i}`, 1)} ${word(`${c}-${i}`, 2)} ${word(`${c}-${i}`, 3)}`,
          text: `${word(`${c}-${i}`, 4)} ${word(`${c}-${i}`, 5)}.`,
        }));
        await seedArticles(ts.store, feed, items, NOW);
      }
      // chat 7 answers its first message with "retry after 1 s", to whichever instance sent it
      let refusedAt: number | undefined;
      const pub = scriptedPublisher({
        now: () => performance.now(),
        script: (m, attempt) => {
          if (m.channel.chatId !== '7' || attempt > 1 || refusedAt !== undefined) return undefined;
          refusedAt = performance.now();
          return { ok: false, code: 'delivery.rate_limited', permanent: false, retryAfterMs: RETRY_AFTER_MS };
        },
      });
      const config = configWith({ DELIVERY_CONCURRENCY: '4', DELIVERY_POLL_MS: '50', LOG_LEVEL: 'silent' });
      let waits = 0;
      for (let i = 0; i < 3; i++) {
        const redis = new Redis(r.url, { maxRetriesPerRequest: 1 });
        conns.push(redis);
        const limiter = createRedisLimiter({
          redis,
          prefix: r.prefix.slice(0, -1),
          limits: (p) => (p === 'telegram' ? LIMITS : {}),
          log: silentLogger,
        });
        const engine = createDeliveryEngine({
          store: ts.store,
          config,
          log: silentLogger,
          summarizer: extractiveSummarizer,
          clock: systemClock,
          limiter,
          owner: `instance-${i}`,
          onLimitWait: () => {
            waits++;
          },
        });
        engine.registerPublisher(pub);
        engines.push(engine);
      }
      const engine0 = engines[0] as DeliveryEngine;
      await engine0.fanOut();
      const t0 = performance.now();
      await Promise.all(engines.map((e) => e.start()));
      while ((await unfinished(ts.store.db)).count > 0) await new Promise((res) => setTimeout(res, 50));
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(engines.splice(0).map((e) => e.stop()));

      const total = CHATS * PER_CHAT;
      expect(pub.delivered).toHaveLength(total);
      expect(new Set(pub.delivered.map((c) => c.nonce)).size).toBe(total);
      expect(maxInWindow(pub.calls, 200)).toBeLessThanOrEqual(5);
      for (let c = 1; c <= CHATS; c++) {
        const calls = pub.calls.filter((x) => x.chatId === String(c));
        expect(maxInWindow(calls, 1000), `chat ${c}`).toBe(1);
      }
      // after the retry-after, no instance sent to chat 7 before it ran out
      const seven = pub.calls.filter((x) => x.chatId === '7').map((x) => x.at);
      expect(refusedAt).toBeDefined();
      expect(
        seven
          .filter((at) => at > (refusedAt as number))
          .every((at) => at >= (refusedAt as number) + RETRY_AFTER_MS),
      ).toBe(true);
      expect(waits).toBeGreaterThan(0);
      console.log(
        `3 senders, shared limits: ${total} messages in ${seconds.toFixed(2)} s (limit 25/s: ratio ${(total / seconds / 25).toFixed(2)}), ` +
          `max in any 200 ms ${maxInWindow(pub.calls, 200)}/5, rate-limit waits reported ${waits}`,
      );
    });
  },
);
