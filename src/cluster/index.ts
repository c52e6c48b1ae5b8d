/**
 * Cluster mode (REDIS_URL set; main.ts loads this file only then): one Redis connection per instance for the
 * leases, claims and BullMQ queues and workers (BullMQ adds its blocking connections), the job schedulers kept in
 * step every CLUSTER_SYNC_MS, and the readiness of Redis for /readyz. Redis down never stops the process: each
 * connection retries, the outage is logged once per connection, worker errors once per place until Redis is back.
 */
import type { Config } from '../config/index.js';
import type { Coordination } from '../domain/types.js';
import type { Logger } from '../log/index.js';
import { type ClusterHandlers, createJobs, type Jobs } from './jobs.js';
import { createCoordination } from './lease.js';
import { connectRedis } from './redis.js';

export type { ClusterHandlers, DigestSchedule, FeedSchedule } from './jobs.js';
export { LOCK_MS, STALLED_CHECK_MS } from './jobs.js';

export interface ClusterOptions {
  config: Pick<
    Config,
    | 'REDIS_URL'
    | 'REDIS_PREFIX'
    | 'CLUSTER_SYNC_MS'
    | 'CLUSTER_FANOUT_INTERVAL_MS'
    | 'POLL_CONCURRENCY'
    | 'DIGEST_TIMEZONE'
  >;
  /** This instance's id: lease owner here and in the outbox. */
  owner: string;
  log: Logger;
}

export interface Cluster {
  owner: string;
  coordination: Coordination;
  /** Redis reachable (the connection is ready). */
  ready(): boolean;
  /** Start the workers and the schedule sync (after the engine started). */
  start(handlers: ClusterHandlers): Promise<void>;
  /** Sync the job schedulers now (also runs every CLUSTER_SYNC_MS). */
  sync(): Promise<void>;
  /** Enqueue a fan-out (deduplicated cluster-wide). */
  fanOut(): Promise<void>;
  /** Close the workers (active jobs finish), then the queues and the connection. */
  stop(): Promise<void>;
  /** Tests: stop as a killed process would — workers give nothing back, leases are not released. */
  kill(): Promise<void>;
}

export const CLEANUP_PATTERN = '17 4 * * *';
/** How long a shutdown waits for the workers' active jobs (beyond it they stall and another instance takes them). */
const CLOSE_WAIT_MS = 20_000;
const START_SYNC_WAIT_MS = 5_000;

/** `p`, or nothing after `ms`. */
function bounded(p: Promise<unknown>, ms = CLOSE_WAIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(() => undefined),
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createCluster(o: ClusterOptions): Cluster {
  const { config } = o;
  const log = o.log.child({ component: 'cluster' });
  const url = config.REDIS_URL;
  if (!url) throw new Error('createCluster needs REDIS_URL');
  const redis = connectRedis(url, { log, role: 'cluster' });
  const coordination = createCoordination({ redis, owner: o.owner, prefix: `${config.REDIS_PREFIX}:`, log });
  // worker and queue errors: once per place while Redis is down (the connection logs the outage itself)
  const reported = new Set<string>();
  redis.on('ready', () => reported.clear());
  const report = (where: string, e: unknown) => {
    const detail = e instanceof Error ? e.message : String(e);
    if (redis.status !== 'ready') {
      log.debug({ where, code: 'redis.unavailable', detail }, 'cluster error while redis is unavailable');
      return;
    }
    if (reported.has(where)) return;
    reported.add(where);
    log.error({ where, code: 'redis.unavailable', detail }, 'cluster error');
  };
  let jobs: Jobs | undefined;
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;

  const sync = () => {
    const j = jobs;
    if (!j) return Promise.resolve();
    syncing ??= j
      .sync()
      .then((r) => log.debug(r, 'job schedulers in step'))
      .catch((e: unknown) => report('sync', e))
      .finally(() => {
        syncing = undefined;
      });
    return syncing;
  };

  async function close(force: boolean): Promise<void> {
    if (timer) clearInterval(timer);
    timer = undefined;
    // Redis down must not hold the shutdown: the workers get CLOSE_WAIT_MS (their jobs finish or stall)
    await bounded(syncing ?? Promise.resolve());
    await bounded(jobs?.close(force) ?? Promise.resolve());
    jobs = undefined;
    if (force || redis.status !== 'ready') redis.disconnect();
    else await bounded(redis.quit().catch(() => undefined));
    redis.disconnect();
  }

  return {
    owner: o.owner,
    coordination,
    ready: () => redis.status === 'ready',
    async start(handlers) {
      if (jobs) return;
      jobs = createJobs({
        connection: redis,
        handlers,
        settings: {
          prefix: config.REDIS_PREFIX,
          refreshConcurrency: config.POLL_CONCURRENCY,
          fanOutEveryMs: config.CLUSTER_FANOUT_INTERVAL_MS,
          cleanupPattern: CLEANUP_PATTERN,
          timezone: config.DIGEST_TIMEZONE,
        },
        log,
        report,
      });
      timer = setInterval(() => void sync(), config.CLUSTER_SYNC_MS);
      timer.unref();
      // Redis down at start: the first sync waits for it in the background, the start goes on
      await bounded(sync(), START_SYNC_WAIT_MS);
      log.info({ owner: o.owner, prefix: config.REDIS_PREFIX }, 'cluster workers started');
    },
    sync,
    async fanOut() {
      await jobs?.fanOut().catch((e: unknown) => report('fanout', e));
    },
    stop: () => close(false),
    kill: () => close(true),
  };
}
