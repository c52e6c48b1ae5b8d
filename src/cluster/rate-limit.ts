/**
 * Platform rate limits shared by all instances (cluster mode): the sliding-window log of
 * `sliding-window-rate-limiter` (a sorted set per key in Redis, Redis' own clock), one backend per window length,
 * keys per platform (overall), per chat and per Telegram group. A send reserves every key of its chat at once; if
 * one refuses, the others are cancelled and the send waits the refusal's `reset`.
 *
 * Arrivals, not starts: like the in-memory bucket, a token comes back one window after the send FINISHED. The
 * reservation made at the start is moved to the finish (a reservation without limit at the finish, then the start
 * one cancelled), and a send in flight longer than a third of a window moves it forward the same way, so it never
 * drops out of the window while the request may still arrive. The platform therefore never sees more than N
 * arrivals in any window, however slow a request is.
 *
 * Retry-after is a key with a TTL (`SET NX PX` + `PEXPIRE GT`: only ever extended) that every instance checks.
 * Redis unreachable: sending waits (no local fallback, which could exceed the platform's overall limit), logged
 * once per outage as `delivery.limits_unavailable`, and once at recovery.
 */
import { type RedisSlidingWindowRateLimiter, SlidingWindowRateLimiter } from 'sliding-window-rate-limiter';
import type {
  ChannelRef,
  LimitScope,
  LimitWait,
  Platform,
  PlatformLimits,
  Rate,
  SendLimiter,
  SendPermit,
} from '../domain/types.js';
import { isTelegramGroup } from '../domain/types.js';
import type { Logger } from '../log/index.js';
import type { Redis } from './redis.js';

export interface RedisLimiterOptions {
  /** A connection of its own (commands should fail fast in an outage: `maxRetriesPerRequest: 1`). */
  redis: Redis;
  /** Key prefix shared by the cluster (REDIS_PREFIX); keys are `<prefix>:rl:…`. */
  prefix: string;
  limits: (p: Platform) => PlatformLimits;
  log: Logger;
  /** A Redis call slower than this counts as unavailable (default 2,000 ms). */
  timeoutMs?: number;
  /** The wait reported while Redis is unavailable (default 1,000 ms). */
  outageWaitMs?: number;
}

export interface RedisLimiter extends SendLimiter {
  /** Wait for the reservations still being moved (releases in flight). */
  close(): Promise<void>;
}

/** A reservation that never refuses (moving a reservation to the finish must not be refused). */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

interface Slot {
  key: string;
  rate: Rate;
  scope: LimitScope;
}

export function createRedisLimiter(o: RedisLimiterOptions): RedisLimiter {
  const base = `${o.prefix}:rl:`;
  const outageWaitMs = o.outageWaitMs ?? 1_000;
  const backends = new Map<number, RedisSlidingWindowRateLimiter>();
  const pending = new Set<Promise<void>>();
  let down = false;

  function backend(windowMs: number): RedisSlidingWindowRateLimiter {
    let b = backends.get(windowMs);
    if (!b) {
      b = SlidingWindowRateLimiter.createLimiter({
        interval: windowMs,
        redis: o.redis as never,
        operationTimeout: o.timeoutMs ?? 2_000,
      });
      backends.set(windowMs, b);
    }
    return b;
  }

  const globalSlot = (p: Platform): Slot[] => {
    const rate = o.limits(p).global;
    return rate ? [{ key: `${base}${p}:global`, rate, scope: 'global' }] : [];
  };
  function slots(ref: ChannelRef): Slot[] {
    const l = o.limits(ref.platform);
    const chat = `${base}${ref.platform}:chat:${ref.chatId}`;
    const out = globalSlot(ref.platform);
    if (l.perChat) out.push({ key: chat, rate: l.perChat, scope: 'chat' });
    if (l.perGroup && isTelegramGroup(ref))
      out.push({ key: `${chat}:group`, rate: l.perGroup, scope: 'chat' });
    return out;
  }
  /** The retry-after keys that hold this chat back: its own, and the platform's (platforms without chat limits). */
  const blockKeys = (ref: ChannelRef) => [
    `${base}${ref.platform}:block:${ref.chatId}`,
    `${base}${ref.platform}:block`,
  ];
  const blockKey = (ref: ChannelRef) => {
    const l = o.limits(ref.platform);
    return blockKeys(ref)[l.perChat || (l.perGroup && isTelegramGroup(ref)) ? 0 : 1] as string;
  };

  function unavailable(e: unknown): number {
    if (!down) {
      down = true;
      const err = e instanceof Error ? e.message : String(e);
      o.log.warn(
        { code: 'delivery.limits_unavailable', err },
        'rate limits unavailable: sending waits for redis',
      );
    }
    return outageWaitMs;
  }
  function available(): void {
    if (!down) return;
    down = false;
    o.log.info({ code: 'delivery.limits_unavailable' }, 'rate limits available again');
  }

  /** Milliseconds left on the retry-after keys (0 = none). */
  async function blockedMs(keys: string[]): Promise<number> {
    const ttls = await Promise.all(keys.map((k) => o.redis.pttl(k)));
    return Math.max(0, ...ttls);
  }

  /** Milliseconds until every slot has room (0 = now), without reserving. */
  async function peek(all: Slot[], blocks: string[]): Promise<number> {
    try {
      const [block, ...checks] = await Promise.all([
        blockedMs(blocks),
        ...all.map((s) => backend(s.rate.windowMs).check(s.key, s.rate.count)),
      ]);
      available();
      const wait = checks.reduce(
        (m, c, i) => (c.usage < (all[i] as Slot).rate.count ? m : Math.max(m, c.reset ?? 1, 1)),
        0,
      );
      return Math.max(block, wait);
    } catch (e) {
      return unavailable(e);
    }
  }

  /** Move a reservation to now: reserve again without limit, then cancel the old one (never a moment without). */
  async function move(s: Slot, token: number): Promise<number> {
    const b = backend(s.rate.windowMs);
    const [r] = await Promise.all([b.reserve(s.key, UNLIMITED), b.cancel(s.key, token)]);
    return r.token ?? token;
  }

  function permit(held: { slot: Slot; token: number }[]): SendPermit {
    let chain: Promise<void> = Promise.resolve();
    const moveAll = () => {
      chain = chain
        .then(async () => {
          const tokens = await Promise.all(held.map((h) => move(h.slot, h.token)));
          tokens.forEach((t, i) => {
            (held[i] as { token: number }).token = t;
          });
        })
        .catch((e: unknown) => {
          unavailable(e);
        });
      return chain;
    };
    const shortest = Math.min(...held.map((h) => h.slot.rate.windowMs));
    const timer = setInterval(() => void moveAll(), Math.max(20, Math.floor(shortest / 3)));
    timer.unref();
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        const done = moveAll();
        pending.add(done);
        void done.finally(() => pending.delete(done));
      },
    };
  }

  async function acquire(ref: ChannelRef): Promise<SendPermit | LimitWait> {
    const all = slots(ref);
    try {
      const [block, ...res] = await Promise.all([
        blockedMs(blockKeys(ref)),
        ...all.map((s) => backend(s.rate.windowMs).reserve(s.key, s.rate.count)),
      ]);
      available();
      const refused = res.findIndex((r) => r.token === undefined);
      if (block === 0 && refused < 0) {
        return permit(res.map((r, i) => ({ slot: all[i] as Slot, token: r.token as number })));
      }
      // all or none: give back what was granted
      await Promise.all(
        res.map((r, i) =>
          r.token === undefined
            ? undefined
            : backend((all[i] as Slot).rate.windowMs).cancel((all[i] as Slot).key, r.token),
        ),
      );
      if (block > 0) return { waitMs: block, scope: 'chat' };
      const slot = all[refused] as Slot;
      return { waitMs: Math.max(1, res[refused]?.reset ?? slot.rate.windowMs), scope: slot.scope };
    } catch (e) {
      return { waitMs: unavailable(e), scope: 'global' };
    }
  }

  return {
    async globalWaitMs(p) {
      return peek(globalSlot(p), [`${base}${p}:block`]);
    },
    async waitMs(ref) {
      return peek(slots(ref), blockKeys(ref));
    },
    acquire: (ref) => acquire(ref),
    async blockChat(ref, until, now) {
      const ms = Math.ceil(until - now);
      if (ms <= 0) return;
      const key = blockKey(ref);
      try {
        await o.redis.multi().set(key, '1', 'PX', ms, 'NX').pexpire(key, ms, 'GT').exec();
        available();
      } catch (e) {
        unavailable(e);
      }
    },
    sweep() {
      // nothing local: Redis expires idle keys
    },
    async close() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
