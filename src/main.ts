/**
 * Composition root, the only file that wires everything: config → logger → store → fetcher → summarizer →
 * catalog → delivery engine → command router → platform adapters (or the console) → poller.
 * With HTTP_PORT set, the operations server (/healthz, /readyz, /metrics; `ops/`, loaded only then) starts first.
 * With REDIS_URL set (cluster mode; `cluster/`, loaded only then) the feed refreshes, fan-out, scheduled digests and
 * cleanup run as BullMQ jobs shared by every instance instead of this process's node-cron tasks.
 * `startApp` returns a handle whose `stop()` shuts down in order: poller, cluster workers, adapters, delivery,
 * operations server, store.
 */
import { randomBytes } from 'node:crypto';
import type { Cluster } from './cluster/index.js';
import { createCommandRouter } from './commands/router.js';
import type { Config } from './config/index.js';
import { createChatDirectory } from './delivery/chat-directory.js';
import { createDeliveryEngine, type DeliveryEngine } from './delivery/engine.js';
import type { ChannelRef, Publisher } from './domain/types.js';
import { clusterHandlers, createClusterIfSet, type SharedLimits, sharedLimits } from './main-cluster.js';
import { type Logger, loggerFromConfig } from './log/index.js';
import type { AppMetrics, AppReadiness, OpsServer } from './ops/index.js';
import { formatProblem } from './pipeline/catalog/index.js';
import { createFetcher, fetcherOptionsFromConfig } from './pipeline/fetch/index.js';
import { intervalMs } from './pipeline/refresh/timing.js';
import { createSummaryService } from './pipeline/summarize/service.js';
import { createConsolePublisher } from './platforms/console/index.js';
import type { PlatformDeps, PlatformHandle } from './platforms/types.js';
import { createPoller, type Poller, pollerSettingsFromConfig, syncCatalog } from './scheduler/index.js';
import { openStore, type Store } from './store/db.js';
import { listFeeds } from './store/feeds-repo.js';
import { subscribe } from './store/subscriptions-repo.js';

/** The console "chat" that receives every catalog feed when no platform token is set. */
export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', chatId: 'console' };
/** How many of the newest stored articles a fresh console shows once. */
const CONSOLE_BACKFILL = 5;

export interface AppIo {
  /** Where the console publisher prints digests. */
  stdout: (s: string) => void;
  /** Where log lines go. */
  stderr: (s: string) => void;
  /** `stderr` is a terminal (LOG_FORMAT=auto: log lines for people). */
  stderrIsTty?: boolean;
}

export interface App {
  config: Config;
  log: Logger;
  store: Store;
  engine: DeliveryEngine;
  poller: Poller;
  platforms: string[];
  /** /readyz-style state: is the store reachable, since when (served on HTTP_PORT when set). */
  readiness(): AppReadiness;
  /** The operations server's port (HTTP_PORT set; the real one when it was 0). */
  httpPort?: number;
  /** Cluster mode (REDIS_URL set): this instance's id, Redis readiness, the shared jobs. */
  cluster?: Cluster;
  stop(): Promise<void>;
}

export interface AppOptions {
  /** A feed's job interval from its interval in minutes (default: the minutes; tests shorten it). */
  feedEveryMs?: (intervalMinutes: number) => number;
}

/** A feed's job interval: CLUSTER_FEED_INTERVAL_MS when set, else the test's override, else its own minutes. */
function feedEvery(config: Config, options: AppOptions): (intervalMinutes: number) => number {
  const fixed = config.CLUSTER_FEED_INTERVAL_MS;
  if (fixed > 0) return () => fixed;
  return options.feedEveryMs ?? ((m) => intervalMs(m));
}

async function loadFeeds(config: Config, store: Store, log: Logger): Promise<number> {
  const { feeds, errors, added, retired, adopted } = await syncCatalog(store.db, config, Date.now());
  for (const p of errors) log.warn({ problem: formatProblem(p) }, 'feed catalog problem');
  if (errors.length > 0)
    log.warn('feeds missing from the catalog are not retired until it loads without problems');
  log.info({ feeds: feeds.length, added, retired, adopted }, 'feed catalog loaded');
  return feeds.length;
}

async function startPlatforms(deps: PlatformDeps): Promise<{ name: string; handle: PlatformHandle }[]> {
  const out: { name: string; handle: PlatformHandle }[] = [];
  try {
    if (deps.config.DISCORD_TOKEN) {
      const { startDiscord } = await import('./platforms/discord/index.js');
      out.push({ name: 'discord', handle: await startDiscord(deps) });
    }
    if (deps.config.TELEGRAM_BOT_TOKEN) {
      const { startTelegram } = await import('./platforms/telegram/index.js');
      out.push({ name: 'telegram', handle: await startTelegram(deps) });
    }
  } catch (e) {
    await Promise.allSettled(out.map((p) => p.handle.stop()));
    throw e;
  }
  return out;
}

/** Subscribe the console channel to every catalog feed (idempotent). */
async function subscribeConsole(config: Config, store: Store): Promise<void> {
  for (const feed of await listFeeds(store.db)) {
    await subscribe(store.db, CONSOLE_CHANNEL, {
      target: { kind: 'feed', feedId: feed.id },
      language: config.DEFAULT_LANGUAGE,
      mode: 'instant',
      cron: config.DIGEST_SCHEDULE,
      timezone: config.DIGEST_TIMEZONE,
      createdBy: 'console',
    });
  }
}

/** The operations server and its metrics hooks (HTTP_PORT set), or none. */
interface Ops {
  metrics?: AppMetrics;
  server?: OpsServer;
  phase: 'starting' | 'running' | 'stopping';
  /** Cluster mode: is Redis reachable (part of /readyz). */
  redisReady?: () => boolean;
}

/** The store's readiness, and in cluster mode Redis's too (both must be reachable). */
function readinessOf(store: Store, redisReady?: () => boolean): AppReadiness {
  const r = store.health.readiness();
  if (!redisReady) return r;
  const reachable = redisReady();
  return { ...r, ready: r.ready && reachable, redis: { reachable } };
}

/** HTTP_PORT set: load prom-client (only then) and listen. /readyz says "starting" until the app is wired. */
async function startOps(config: Config, log: Logger, store: Store): Promise<Ops> {
  const ops: Ops = { phase: 'starting' };
  if (config.HTTP_PORT === undefined) return ops;
  const { createAppMetrics, startOpsServer } = await import('./ops/index.js');
  ops.metrics = createAppMetrics(store);
  ops.server = await startOpsServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    log: log.child({ component: 'ops' }),
    metrics: ops.metrics,
    readiness: () => (ops.phase === 'running' ? readinessOf(store, ops.redisReady) : ops.phase),
  });
  return ops;
}

export async function startApp(config: Config, io: AppIo, options: AppOptions = {}): Promise<App> {
  const log = loggerFromConfig(config, io.stderr, { tty: io.stderrIsTty });
  const store = await openStore(config.DATABASE_URL);
  // store outages while running are logged here (once per outage and once at recovery)
  store.health.setLogger(log.child({ component: 'store' }));
  let ops: Ops | undefined;
  let limits: SharedLimits | undefined;
  try {
    ops = await startOps(config, log, store);
    limits = await sharedLimits(config, log);
    return await wire(config, io, log, store, ops, options, limits);
  } catch (e) {
    await limits?.close();
    await ops?.server?.close();
    await store.close();
    throw e;
  }
}

async function wire(
  config: Config,
  io: AppIo,
  log: Logger,
  store: Store,
  ops: Ops,
  options: AppOptions,
  limits: SharedLimits | undefined,
): Promise<App> {
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  const summarizer = createSummaryService({ config, store, log });
  await loadFeeds(config, store, log);
  // one id per instance: the outbox lease owner and, in cluster mode, the Redis lease owner
  const owner = randomBytes(6).toString('hex');
  const cluster = await createClusterIfSet(config, log, owner);
  if (cluster) ops.redisReady = cluster.ready;
  try {
    return await wireWith(config, io, log, store, ops, options, {
      fetcher,
      summarizer,
      owner,
      cluster,
      limits,
    });
  } catch (e) {
    await cluster?.stop();
    throw e;
  }
}

async function wireWith(
  config: Config,
  io: AppIo,
  log: Logger,
  store: Store,
  ops: Ops,
  options: AppOptions,
  parts: {
    fetcher: ReturnType<typeof createFetcher>;
    summarizer: ReturnType<typeof createSummaryService>;
    owner: string;
    cluster?: Cluster;
    limits?: SharedLimits;
  },
): Promise<App> {
  const { fetcher, summarizer, owner, cluster, limits } = parts;
  const engine = createDeliveryEngine({
    store,
    config,
    log,
    summarizer,
    owner,
    sharedJobs: !!cluster,
    ...(limits ? { limiter: limits.limiter } : {}),
    onLimitWait: ops.metrics?.limitWaited,
  });
  const router = createCommandRouter({ store, config, log, fetcher, summarizer, delivery: engine });
  const platforms = await startPlatforms({
    config,
    log,
    router,
    chats: createChatDirectory(store.db),
    coordination: cluster?.coordination,
  });
  const publishers: Publisher[] = platforms.map((p) => p.handle.publisher);
  const consoleMode = platforms.length === 0;
  if (consoleMode) {
    await subscribeConsole(config, store);
    publishers.push(createConsolePublisher({ write: io.stdout }));
    log.info('no platform token set: digests are printed here (console publisher)');
  }
  for (const p of publishers) engine.registerPublisher(ops.metrics?.observe(p) ?? p);
  const poller = createPoller({
    db: store.db,
    fetcher,
    summarizer,
    settings: pollerSettingsFromConfig(config),
    log,
    onNewArticles: () => engine.wake(),
    health: store.health,
    onRefreshed: ops.metrics?.refreshed,
  });
  await engine.start();
  let first: Promise<void> = Promise.resolve();
  if (cluster) {
    // the shared jobs replace the poll tick, the first poll and the cleanup task
    await cluster.start(clusterHandlers(store, poller, engine, cluster, feedEvery(config, options)));
  } else {
    poller.start();
    first = poller
      .pollOnce()
      .then(async () => {
        if (consoleMode) await engine.backfill(CONSOLE_CHANNEL, CONSOLE_BACKFILL);
        engine.wake();
      })
      .catch((e: unknown) => log.error({ err: String(e) }, 'first poll failed'));
  }
  ops.phase = 'running';
  log.info({ platforms: platforms.map((p) => p.name), console: consoleMode }, 'news-digest-bot started');
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      ops.phase = 'stopping';
      // workers finish (or give back) their jobs while the poller's parse workers and the store are still open
      await cluster?.stop();
      await poller.stop();
      await first;
      await Promise.allSettled(platforms.map((p) => p.handle.stop()));
      await engine.stop();
      await limits?.close();
      await ops.server?.close();
      await store.close();
      log.info('news-digest-bot stopped');
    })();
    return stopped;
  };
  return {
    config,
    log,
    store,
    engine,
    poller,
    platforms: platforms.map((p) => p.name),
    readiness: () => readinessOf(store, cluster?.ready),
    httpPort: ops.server?.port,
    cluster,
    stop,
  };
}
