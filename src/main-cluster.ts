/**
 * The cluster half of the composition root (REDIS_URL set): what the cluster's jobs run on this instance's store,
 * poller and engine, and the shared rate limits. Its cluster modules are imported dynamically, so nothing of the
 * cluster mode (ioredis, BullMQ) is loaded without REDIS_URL.
 */
import type { Cluster, ClusterHandlers } from './cluster/index.js';
import type { Config } from './config/index.js';
import type { DeliveryEngine } from './delivery/engine.js';
import { limitsFromConfig } from './delivery/limiter.js';
import { jobKey, validSchedule } from './delivery/schedule.js';
import type { ChannelRef, SendLimiter, Subscription } from './domain/types.js';
import type { Logger } from './log/index.js';
import { hash32 } from './pipeline/refresh/timing.js';
import type { Poller } from './scheduler/index.js';
import type { Store } from './store/db.js';
import { digestMissed, missedDigestDue, setDigestDue } from './store/digest-runs-repo.js';
import { getFeed, listFeeds } from './store/feeds-repo.js';
import { listAllSubscriptions, listSubscriptions } from './store/subscriptions-repo.js';

/** What the cluster's jobs run, on this instance's store, poller and engine. */
export function clusterHandlers(
  store: Store,
  poller: Poller,
  engine: DeliveryEngine,
  cluster: Cluster,
  everyMs: (intervalMinutes: number) => number,
): ClusterHandlers {
  const db = store.db;
  const digestGroups = async () => {
    const groups = new Map<string, Subscription[]>();
    for (const s of await listAllSubscriptions(db, { mode: 'digest' }))
      if (validSchedule(s.cron, s.timezone)) groups.set(jobKey(s), [...(groups.get(jobKey(s)) ?? []), s]);
    return groups;
  };
  const ids = (subs: Subscription[]) => subs.map((s) => s.id);
  let catchUp = true;
  store.health.onChange((up) => {
    if (up) catchUp = true;
  });
  // one chat's subscriptions of one schedule key (not all digest subscriptions: a job per chat stays cheap)
  const keySubs = async (key: string, channel: ChannelRef) =>
    (await listSubscriptions(db, channel)).filter(
      (s) => s.mode === 'digest' && !s.pausedReason && jobKey(s) === key,
    );
  return {
    async feeds() {
      const now = Date.now();
      return (await listFeeds(db))
        .filter((f) => f.health !== 'disabled' && f.origin !== 'retired')
        .map((f) => {
          const every = everyMs(f.intervalMinutes);
          // never fetched, or its slot passed long ago (no instance ran): once now, besides its scheduler
          const overdue = f.nextCheckAt <= now && (!f.initialized || f.nextCheckAt < now - every / 2);
          return {
            id: f.id,
            everyMs: every,
            offsetMs: Math.max(1, hash32(f.url) % every),
            overdueAt: overdue ? f.nextCheckAt : undefined,
          };
        });
    },
    async refresh(feedId, every) {
      // store outage: skipped like the single process's poll ticks (its next slot refreshes it)
      if (!store.health.available()) return { announced: 0 };
      const feed = await getFeed(db, feedId);
      if (!feed || feed.health === 'disabled' || feed.origin === 'retired') return { announced: 0 };
      const now = Date.now();
      // in back-off after failures: its stored next check decides; refreshed moments ago (an overdue job
      // next to its slot): nothing to do
      if (feed.health === 'failing' && feed.nextCheckAt > now) return { announced: 0 };
      if (feed.lastCheckedAt !== undefined && feed.lastCheckedAt > now - every / 2) return { announced: 0 };
      const lease = await cluster.coordination.tryAcquire(`feed:${feedId}`, 30_000);
      if (!lease) return { announced: 0 };
      try {
        return { announced: (await poller.refreshOne(feed)).announced.length };
      } finally {
        await lease.release();
      }
    },
    async fanOut() {
      await engine.fanOut();
      engine.wake();
    },
    async digests() {
      const now = Date.now();
      // digests missed while no instance ran (or during a store outage): looked up at start and after an outage
      const lookForMissed = catchUp;
      catchUp = false;
      const out = [];
      for (const [key, subs] of await digestGroups()) {
        const first = subs[0] as Subscription;
        const missedAt = lookForMissed ? await missedDigestDue(db, ids(subs), now) : undefined;
        out.push({ key, channel: first.channel, cron: first.cron, timezone: first.timezone, missedAt });
      }
      return out;
    },
    async runDigest(key, channel, reason) {
      const subs = await keySubs(key, channel);
      if (subs.length === 0) return;
      if (reason === 'catch-up' && !(await digestMissed(db, ids(subs), Date.now()))) return;
      await engine.runDigestFor(subs);
    },
    async digestScheduled(key, channel, nextAt) {
      await setDigestDue(db, ids(await keySubs(key, channel)), nextAt);
    },
    async cleanup() {
      await poller.cleanup();
    },
    delivered: () => engine.wake(),
  };
}

/** REDIS_URL set: load the cluster module (only then) and connect; otherwise nothing. */
export async function createClusterIfSet(
  config: Config,
  log: Logger,
  owner: string,
): Promise<Cluster | undefined> {
  if (!config.REDIS_URL) return undefined;
  const { createCluster } = await import('./cluster/index.js');
  return createCluster({ config, owner, log });
}

export interface SharedLimits {
  limiter: SendLimiter;
  close(): Promise<void>;
}

/** Cluster mode (REDIS_URL set): the platform rate limits in Redis, shared by all instances; loaded only then. */
export async function sharedLimits(config: Config, log: Logger): Promise<SharedLimits | undefined> {
  if (!config.REDIS_URL) return undefined;
  const { connectRedis } = await import('./cluster/redis.js');
  const { createRedisLimiter } = await import('./cluster/rate-limit.js');
  // fail fast in an outage: sending waits (delivery.limits_unavailable) instead of queueing reservations
  const redis = connectRedis(config.REDIS_URL, { log, role: 'limits', extra: { maxRetriesPerRequest: 1 } });
  const limiter = createRedisLimiter({
    redis,
    prefix: config.REDIS_PREFIX,
    limits: (p) => limitsFromConfig(config, p),
    log: log.child({ component: 'limits' }),
  });
  return {
    limiter,
    async close() {
      await limiter.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
