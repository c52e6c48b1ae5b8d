/**
 * The delivery engine: fan-out (decisions) → outbox → sender (rate limits, retries, leases) → Publisher, plus the
 * scheduled digests. Implements DeliveryControl (digestNow, why) for the commands. Publishers are registered per
 * platform by the composition root.
 */
import { randomBytes } from 'node:crypto';
import type { DeliveryControl, WhyRecord } from '../commands/deps.js';
import type { Config } from '../config/index.js';
import { toErrorInfo } from '../domain/errors.js';
import type {
  ChannelRef,
  Lang,
  LimitScope,
  Platform,
  Publisher,
  SendLimiter,
  Subscription,
  Summarizer,
} from '../domain/types.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/db.js';
import { getChannel } from '../store/channels-repo.js';
import { listAllSubscriptions, listSubscriptions } from '../store/subscriptions-repo.js';
import { type Clock, systemClock } from './clock.js';
import { runDigest } from './digests.js';
import { backfill, fanOut } from './fanout.js';
import { limitsFromConfig, MemorySendLimiter, type PlatformLimits } from './limiter.js';
import { digestMissed, setDigestDue } from '../store/digest-runs-repo.js';
import { nextDueIn, unfinished } from '../store/outbox-repo.js';
import { type AdminNotifier, createSender } from './sender.js';
import { createDigestScheduler } from './schedule.js';
import { whyRecords } from './why.js';

export interface EngineDeps {
  store: Store;
  config: Config;
  log: Logger;
  summarizer: Summarizer;
  clock?: Clock;
  /** Rate limits per platform (default from the config), for the default in-memory limiter. */
  limits?: (p: Platform) => PlatformLimits;
  /** Where the rate limits are kept (default: this process's memory; cluster mode: Redis, shared). */
  limiter?: SendLimiter;
  /** A send was held back by a rate limit for about `ms` (a metrics counter). */
  onLimitWait?: (platform: Platform, scope: LimitScope, ms: number) => void;
  /** Lease owner id (default: random per process). */
  owner?: string;
  /**
   * Cluster mode: fan-out and scheduled digests run as cluster-wide jobs (src/cluster), so the background loop
   * only sends and no node-cron digest task starts here.
   */
  sharedJobs?: boolean;
}

export interface DrainResult {
  /** Messages started. */
  started: number;
  /** Outbox rows still pending or sending when the drain stopped. */
  remaining: number;
}

export interface DeliveryEngine extends DeliveryControl {
  registerPublisher(p: Publisher): void;
  fanOut(): Promise<{ articles: number; pending: number }>;
  /** Send until nothing is left (or `maxRounds`), sleeping on the engine's clock when limits or backoff say so. */
  drain(opts?: { maxRounds?: number }): Promise<DrainResult>;
  /** Put the queued items of these digest subscriptions (one channel) into one message. */
  runDigestFor(subs: Subscription[], locale?: Lang): Promise<{ sent: number }>;
  /** Background loop: fan-out, sending, cron digests. */
  start(): Promise<void>;
  /** Stop the loop and the cron jobs, and wait for the sends in flight. */
  stop(): Promise<void>;
  /** Queue the newest `limit` stored articles of a channel's feed subscriptions once (fresh console). */
  backfill(channel: ChannelRef, limit: number): Promise<number>;
  /** New articles arrived (poller callback): run the loop now. */
  wake(): void;
}

export function createDeliveryEngine(deps: EngineDeps): DeliveryEngine {
  const { store, config } = deps;
  const db = store.db;
  const log = deps.log.child({ component: 'delivery' });
  const clock = deps.clock ?? systemClock;
  const publishers = new Map<Platform, AdminNotifier>();
  const limiter = deps.limiter ?? new MemorySendLimiter(deps.limits ?? ((p) => limitsFromConfig(config, p)));
  const owner = deps.owner ?? randomBytes(6).toString('hex');
  const health = store.health;
  const sender = createSender({
    db,
    config,
    log,
    clock,
    limiter,
    summarizer: deps.summarizer,
    publishers,
    owner,
    health,
    onLimitWait: deps.onLimitWait,
  });
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  const fanOptions = {
    db,
    log,
    now: clock.now,
    maxAgeMs: config.MAX_ITEM_AGE_HOURS * 3_600_000,
    clusterWindowMs: config.DELIVERY_CLUSTER_WINDOW_HOURS * 3_600_000,
  };
  const doFanOut = () => fanOut(fanOptions);

  const ids = (subs: Subscription[]) => subs.map((s) => s.id);

  async function runDigestFor(subs: Subscription[], locale?: Lang): Promise<{ sent: number }> {
    const first = subs[0];
    if (!first) return { sent: 0 };
    const ch = await getChannel(db, first.channel);
    if (!ch) return { sent: 0 };
    const run = await runDigest(db, ch, subs, locale ?? first.language, clock.now());
    if (run.items > 0) wakeUp?.();
    return { sent: run.items };
  }

  const scheduler = createDigestScheduler({
    list: () => listAllSubscriptions(db, { mode: 'digest' }),
    run: async (_key, subs) => {
      await runDigestFor(subs);
    },
    log,
    // a digest that came due while the bot was down goes out at start (once, however many runs were missed)
    catchUp: async (key, subs) => {
      if (!(await digestMissed(db, ids(subs), clock.now()))) return;
      log.info({ key }, 'sending a scheduled digest that came due while the bot was not running');
      await runDigestFor(subs);
    },
    scheduled: (_key, subs, next) => setDigestDue(db, ids(subs), next ? next.getTime() : null),
    paused: () => !health.available(),
  });

  async function remaining(): Promise<number> {
    return (await unfinished(db)).count;
  }

  async function drain(opts: { maxRounds?: number } = {}): Promise<DrainResult> {
    let started = 0;
    const maxRounds = opts.maxRounds ?? 1_000_000;
    for (let i = 0; i < maxRounds; i++) {
      const r = await sender.round();
      started += r.started;
      if (r.started > 0) continue;
      if (sender.inFlight() > 0) {
        await sender.settleOne();
        continue;
      }
      const due = await nextDueIn(db, clock.now());
      // nothing left, or due rows nobody can send now (no publisher for their platform)
      if (due === undefined || (due === 0 && r.waitMs === undefined)) break;
      await clock.sleep(Math.max(1, r.waitMs ?? due, due));
    }
    await sender.settle();
    return { started, remaining: await remaining() };
  }

  function sleepOrWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function background(): Promise<void> {
    while (running) {
      // store outage: claim nothing; the recovery wakes the loop
      if (!health.available()) {
        await sleepOrWake(config.DELIVERY_POLL_MS);
        continue;
      }
      try {
        if (!deps.sharedJobs) await doFanOut();
        const r = await sender.round();
        if (r.started > 0 || !running) continue;
        const due = await nextDueIn(db, clock.now());
        const wait = Math.min(
          config.DELIVERY_POLL_MS,
          r.waitMs ?? due ?? config.DELIVERY_POLL_MS,
          due ?? Infinity,
        );
        await sleepOrWake(Math.max(5, wait));
      } catch (e) {
        const err = toErrorInfo(e);
        // a store outage is logged once by the store's health
        if (err.code === 'store.unavailable') log.debug({ err }, 'delivery loop paused: store unavailable');
        else log.error({ err }, 'delivery loop error');
        await sleepOrWake(config.DELIVERY_POLL_MS);
      }
    }
  }

  let syncTimer: NodeJS.Timeout | undefined;
  let offHealth: (() => void) | undefined;

  /** The store is back after an outage: send what waited, and the digests that came due meanwhile. */
  function onStoreChange(up: boolean): void {
    if (!up || !running) return;
    wakeUp?.();
    scheduler
      .catchUpAll()
      .catch((e: unknown) =>
        log.warn({ err: toErrorInfo(e) }, 'catching up digests after the outage failed'),
      );
  }

  return {
    registerPublisher(p) {
      publishers.set(p.platform, p);
      wakeUp?.();
    },
    fanOut: doFanOut,
    async backfill(channel, limit) {
      const n = await backfill(fanOptions, channel, limit);
      if (n > 0) wakeUp?.();
      return n;
    },
    drain,
    runDigestFor,
    async digestNow(channel: ChannelRef, locale: Lang) {
      const subs = (await listSubscriptions(db, channel)).filter(
        (s) => s.mode === 'digest' && !s.pausedReason,
      );
      return runDigestFor(subs, locale);
    },
    why: (channel: ChannelRef, url: string): Promise<WhyRecord[]> => whyRecords(db, channel, url),
    async start() {
      if (running) return;
      running = true;
      offHealth = health.onChange(onStoreChange);
      if (deps.sharedJobs) {
        loop = background();
        return;
      }
      await scheduler.sync();
      syncTimer = setInterval(() => {
        if (!health.available()) return;
        scheduler
          .sync()
          .catch((e: unknown) => log.warn({ err: toErrorInfo(e) }, 'digest schedule sync failed'));
      }, 60_000);
      syncTimer.unref();
      loop = background();
    },
    async stop() {
      running = false;
      offHealth?.();
      if (syncTimer) clearInterval(syncTimer);
      await scheduler.stop();
      wakeUp?.();
      await loop;
      await sender.stop();
    },
    wake() {
      wakeUp?.();
    },
  };
}
