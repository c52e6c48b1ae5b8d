/**
 * The poller: every minute (node-cron), refresh the feeds that are due, with bounded concurrency overall and per
 * host; a daily cleanup at 04:17 local. New announced articles go to `onNewArticles` (the delivery fan-out also
 * reads `announce = 1 AND fanout_done = 0` from the store, so a crash between the two loses nothing).
 */
import type { Kysely } from 'kysely';
import cron, { type ScheduledTask } from 'node-cron';
import { type ErrorInfo, toErrorInfo } from '../domain/errors.js';
import type { Summarizer } from '../domain/types.js';
import { type Logger, silentLogger } from '../log/index.js';
import type { Fetcher } from '../pipeline/fetch/index.js';
import {
  type AnnouncedArticle,
  type CandidatePool,
  type CandidateRequest,
  candidatesWith,
  createCandidatePool,
  dryRunSink,
  groupCommitSink,
  pageText,
  type RefreshPorts,
  type RefreshResult,
  refreshFeed,
  refreshRules,
  storeKnownIds,
} from '../pipeline/refresh/index.js';
import { pruneLlmUsage, pruneSummaryCache } from '../pipeline/summarize/llm/cache.js';
import { listDueFeeds, type StoredFeed } from '../store/feeds-repo.js';
import type { StoreHealth } from '../store/health.js';
import { createRefreshWriter } from '../store/refresh-write.js';
import { runRetention } from '../store/retention.js';
import type { Database } from '../store/schema.js';
import { assertDailyCron, assertTimezone, cronLogger } from './cron.js';
import { createLimiter } from './limits.js';

export { type CatalogSync, catalogToNewFeed, syncCatalog } from './catalog-sync.js';
export { assertDailyCron, assertTimezone } from './cron.js';
export { createLimiter, hostOf } from './limits.js';

export interface PollerSettings {
  concurrency: number;
  perHostConcurrency: number;
  maxItemAgeHours: number;
  /** IANA timezone of the daily cleanup. */
  timezone: string;
  retentionDays: number;
  /** Finished decisions and messages are deleted this many days after they last changed (default 30). */
  deliveryRetentionDays?: number;
  /** Cached LLM / translated digests are deleted after this many days (default 30). */
  llmCacheRetentionDays?: number;
  /** Worker threads that parse feeds (capped at CPU cores - 1; 0: on the main thread). Default 2. */
  parseWorkers?: number;
  /** Leave stored items out before parsing (default true). */
  skipKnown?: boolean;
  /** Items read per feed, in document order (default 1,000). */
  maxItems?: number;
}

export interface PollerDeps {
  db: Kysely<Database>;
  fetcher: Fetcher;
  summarizer: Summarizer;
  settings: PollerSettings;
  log?: Logger;
  now?: () => number;
  dryRun?: boolean;
  /** Called once per feed with its new announced articles (after they are stored). Errors are logged. */
  onNewArticles?: (articles: AnnouncedArticle[], feed: StoredFeed) => void | Promise<void>;
  /** Feeds taken per cycle (default 10,000). */
  maxFeedsPerCycle?: number;
  /** Poll tick (default every minute) and cleanup schedule (default 04:17 daily). */
  pollCron?: string;
  cleanupCron?: string;
  /**
   * The store's health: while it is unavailable the ticks are skipped (nothing is claimed), and when it is back
   * a cycle runs at once to catch up.
   */
  health?: StoreHealth;
  /** Told every finished refresh and how long it took in milliseconds (the /metrics counters). */
  onRefreshed?: (result: RefreshResult, ms: number) => void;
}

export interface PollReport {
  due: number;
  ok: number;
  notModified: number;
  failed: number;
  disabled: number;
  newItems: number;
  announced: number;
  results: RefreshResult[];
}

export interface Poller {
  /** Refresh every due feed once (a second call while a cycle runs gets the running cycle). */
  pollOnce(): Promise<PollReport>;
  /** Refresh exactly these feeds (CLI dry runs, admin "check now"). */
  pollFeeds(feeds: StoredFeed[]): Promise<PollReport>;
  /** Refresh one feed (a cluster job): limits, hooks and `onNewArticles` as in a cycle, no cycle log line. */
  refreshOne(feed: StoredFeed): Promise<RefreshResult>;
  cleanup(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function pollerSettingsFromConfig(c: {
  POLL_CONCURRENCY: number;
  POLL_PER_HOST_CONCURRENCY: number;
  MAX_ITEM_AGE_HOURS: number;
  DIGEST_TIMEZONE: string;
  ARTICLE_RETENTION_DAYS: number;
  DELIVERY_RETENTION_DAYS?: number;
  LLM_CACHE_RETENTION_DAYS?: number;
  PARSE_WORKERS?: number;
  PARSE_SKIP_KNOWN?: boolean;
  PARSE_MAX_ITEMS?: number;
}): PollerSettings {
  return {
    concurrency: c.POLL_CONCURRENCY,
    perHostConcurrency: c.POLL_PER_HOST_CONCURRENCY,
    maxItemAgeHours: c.MAX_ITEM_AGE_HOURS,
    timezone: c.DIGEST_TIMEZONE,
    retentionDays: c.ARTICLE_RETENTION_DAYS,
    deliveryRetentionDays: c.DELIVERY_RETENTION_DAYS,
    llmCacheRetentionDays: c.LLM_CACHE_RETENTION_DAYS,
    parseWorkers: c.PARSE_WORKERS,
    skipKnown: c.PARSE_SKIP_KNOWN,
    maxItems: c.PARSE_MAX_ITEMS,
  };
}

function summarize(results: RefreshResult[]): PollReport {
  const count = (s: RefreshResult['status']) => results.filter((r) => r.status === s).length;
  return {
    due: results.length,
    ok: count('ok'),
    notModified: count('not_modified'),
    failed: count('failed'),
    disabled: results.filter((r) => r.health === 'disabled').length,
    newItems: results.reduce((n, r) => n + r.newItems, 0),
    announced: results.reduce((n, r) => n + r.announced.length, 0),
    results,
  };
}

const EMPTY_REPORT: PollReport = {
  due: 0,
  ok: 0,
  notModified: 0,
  failed: 0,
  disabled: 0,
  newItems: 0,
  announced: 0,
  results: [],
};

/** A store outage is logged once by the store's health, not once per feed or tick. */
function logFailure(log: Logger, info: ErrorInfo, fields: Record<string, unknown>, msg: string): void {
  if (info.code === 'store.unavailable') log.debug({ ...fields, code: info.code, detail: info.detail }, msg);
  else log.error({ ...fields, detail: info.detail }, msg);
}

function startPool(size: number, log: Logger): CandidatePool | undefined {
  try {
    return createCandidatePool({ size });
  } catch (e) {
    log.warn({ detail: toErrorInfo(e).detail }, 'parse workers unavailable; parsing on the main thread');
    return undefined;
  }
}

export function createPoller(deps: PollerDeps): Poller {
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? Date.now;
  const { settings } = deps;
  const limiter = createLimiter(settings.concurrency, settings.perHostConcurrency);
  // a batch is written once half the feeds in flight wait for it (or its 10 ms window closes)
  const writer = createRefreshWriter(deps.db, {
    maxBatch: Math.ceil(settings.concurrency / 2),
    windowMs: 10,
  });
  // started with the first refresh; a pool that cannot start means parsing on the main thread
  let pool: CandidatePool | undefined | null = null;
  const candidates = (req: CandidateRequest) => {
    if (pool === null) pool = startPool(settings.parseWorkers ?? 2, log);
    return candidatesWith(pool, req);
  };
  // the fast implementations: ids of each feed's last refresh kept in memory, parsing in the worker pool, pages
  // two at a time per feed, the group commit (a dry run keeps nothing in memory and writes nothing)
  const ports: RefreshPorts = {
    fetcher: deps.fetcher,
    known: storeKnownIds(deps.db, deps.dryRun ? undefined : new Map()),
    candidates,
    pages: pageText(deps.fetcher),
    summarizer: deps.summarizer,
    sink: deps.dryRun ? dryRunSink : groupCommitSink(writer),
    log,
    now,
  };
  const rules = refreshRules({
    MAX_ITEM_AGE_HOURS: settings.maxItemAgeHours,
    PARSE_SKIP_KNOWN: settings.skipKnown,
    PARSE_MAX_ITEMS: settings.maxItems,
  });
  let running: Promise<PollReport> | undefined;
  const tasks: ScheduledTask[] = [];

  async function one(feed: StoredFeed): Promise<RefreshResult> {
    const result = await limiter.run(feed.url, async () => {
      const t0 = performance.now();
      const r = await refreshFeed(feed, ports, rules);
      deps.onRefreshed?.(r, performance.now() - t0);
      return r;
    });
    if (result.announced.length > 0 && deps.onNewArticles) {
      try {
        await deps.onNewArticles(result.announced, feed);
      } catch (e) {
        log.error(
          { feedId: feed.id, code: toErrorInfo(e).code, detail: toErrorInfo(e).detail },
          'onNewArticles failed',
        );
      }
    }
    return result;
  }

  async function cycle(): Promise<PollReport> {
    // a pool that gave up (workers kept dying) gets a fresh start each cycle instead of parsing in-process for good
    if (pool && !pool.available()) {
      log.warn('parse workers were lost; starting new ones');
      await pool.close();
      pool = null;
    }
    return run(await listDueFeeds(deps.db, now(), deps.maxFeedsPerCycle ?? 10_000));
  }

  async function run(feeds: StoredFeed[]): Promise<PollReport> {
    const settled = await Promise.allSettled(feeds.map(one));
    const results: RefreshResult[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') results.push(s.value);
      else logFailure(log, toErrorInfo(s.reason), { feedId: feeds[i]?.id }, 'feed refresh crashed');
    });
    const report = summarize(results);
    log.info({ ...report, results: undefined }, 'poll cycle done');
    return report;
  }

  let offHealth: (() => void) | undefined;

  const poller: Poller = {
    pollOnce() {
      if (running) return running;
      if (deps.health && !deps.health.available()) {
        log.debug('store unavailable: poll tick skipped');
        return Promise.resolve({ ...EMPTY_REPORT, results: [] });
      }
      running = cycle().finally(() => {
        running = undefined;
      });
      return running;
    },
    pollFeeds: run,
    refreshOne: one,
    async cleanup() {
      const at = now();
      const t0 = performance.now();
      const r = await runRetention(
        deps.db,
        {
          articleRetentionDays: settings.retentionDays,
          deliveryRetentionDays: settings.deliveryRetentionDays ?? 30,
        },
        at,
      );
      const summaryCache = await pruneSummaryCache(
        deps.db,
        (settings.llmCacheRetentionDays ?? 30) * 86_400_000,
        at,
      );
      const llmUsage = await pruneLlmUsage(deps.db, at);
      const fields = { ...r, summaryCache, llmUsage, ms: Math.round(performance.now() - t0) };
      if (r.expired > 0)
        log.warn(
          { expired: r.expired },
          'cleanup: pending deliveries of deleted articles recorded as skipped (expired)',
        );
      log.info(fields, 'cleanup done');
      return r.articles;
    },
    start() {
      assertTimezone(settings.timezone);
      const cleanupCron = deps.cleanupCron ?? '17 4 * * *';
      assertDailyCron(cleanupCron);
      const opts = { timezone: settings.timezone, logger: cronLogger(log) };
      const guard = (fn: () => Promise<unknown>, what: string) => () =>
        fn().catch((e: unknown) => logFailure(log, toErrorInfo(e), {}, `${what} failed`));
      tasks.push(
        cron.schedule(deps.pollCron ?? '* * * * *', guard(poller.pollOnce, 'poll'), {
          ...opts,
          name: 'poll',
        }),
      );
      tasks.push(cron.schedule(cleanupCron, guard(poller.cleanup, 'cleanup'), { ...opts, name: 'cleanup' }));
      // the store is back after an outage: catch up on the feeds that came due meanwhile
      offHealth = deps.health?.onChange((up) => {
        if (up) void guard(poller.pollOnce, 'poll')();
      });
    },
    async stop() {
      offHealth?.();
      offHealth = undefined;
      for (const t of tasks.splice(0)) await t.destroy();
      await running?.catch(() => undefined);
      await pool?.close();
      pool = null;
    },
  };
  return poller;
}
