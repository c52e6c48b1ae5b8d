/**
 * Work shared through BullMQ (cluster mode). Three queues under one key prefix:
 * - `feeds`: one job scheduler per enabled feed (`feed-<id>`, every = its interval, offset = its URL-hash phase,
 *   the same grid as the single-process `next_check_at`), plus one-off `due-<id>-<at>` jobs for feeds that are
 *   overdue at sync (never fetched, or their slot passed while no instance ran). Worker concurrency POLL_CONCURRENCY.
 * - `delivery` (global concurrency 1): the fan-out (deduplicated, a second one queued while one runs), a
 *   safety-net fan-out scheduler, one job scheduler per digest schedule key (cron + tz) and the catch-up of a
 *   missed digest (`catchup-<hash>-<dueAt>`, so instances starting together add it once).
 * - `maintenance` (global concurrency 1): the daily cleanup scheduler.
 * The job schedulers are stored in Redis: every instance syncs them (idempotent; only missing or changed ones are
 * upserted), and whichever worker takes a job runs it once cluster-wide. A killed instance's active jobs stall
 * (their lock runs out after LOCK_MS) and another instance's worker takes them again.
 */
import { createHash } from 'node:crypto';
import { type Job, type JobSchedulerJson, Queue, QueueEvents, Worker } from 'bullmq';
import type { ChannelRef } from '../domain/types.js';
import type { Logger } from '../log/index.js';
import type { Redis } from './redis.js';

/** A job's lock; renewed every half of it while the job runs. A killed holder's job is taken again after it. */
export const LOCK_MS = 30_000;
/** How often each worker looks for stalled jobs (locks that ran out). */
export const STALLED_CHECK_MS = 15_000;

export interface FeedSchedule {
  id: number;
  /** Interval in ms. */
  everyMs: number;
  /** Phase within the interval (URL hash), 1 ≤ offset < everyMs. */
  offsetMs: number;
  /** Stored next check, when it lies in the past (the feed is overdue: refresh it once now). */
  overdueAt?: number;
}

export interface DigestSchedule {
  key: string;
  /** The chat (and topic) of the digest. */
  channel: ChannelRef;
  cron: string;
  timezone: string;
  /** Due time of a digest that came due while no instance ran (run it once now). */
  missedAt?: number;
}

/** What the cluster runs; main.ts passes these in (src/cluster/ imports neither the store nor the engine). */
export interface ClusterHandlers {
  /** Enabled feeds (not disabled, not retired) with their interval and phase. */
  feeds(): Promise<FeedSchedule[]>;
  /** Refresh one feed through the poller's code path; how many articles it announced. */
  refresh(feedId: number, everyMs: number): Promise<{ announced: number }>;
  fanOut(): Promise<void>;
  /** The digest schedule keys of all digest subscriptions. */
  digests(): Promise<DigestSchedule[]>;
  runDigest(key: string, channel: ChannelRef, reason: 'scheduled' | 'catch-up'): Promise<void>;
  /** A digest schedule's next run as BullMQ computed it (null: none). */
  digestScheduled(key: string, channel: ChannelRef, nextAt: number | null): Promise<void>;
  cleanup(): Promise<void>;
  /** A fan-out or digest finished on some instance: there may be messages to send. */
  delivered(): void;
}

export interface JobSettings {
  prefix: string;
  refreshConcurrency: number;
  fanOutEveryMs: number;
  cleanupPattern: string;
  timezone: string;
}

export interface Jobs {
  /** Bring the job schedulers in step with the feeds and digest schedules. */
  sync(): Promise<{ feeds: number; digests: number; added: number; removed: number }>;
  /** Enqueue a fan-out (deduplicated cluster-wide). */
  fanOut(): Promise<void>;
  /** Close workers (waiting for their active jobs), events and queues. `force`: give active jobs up at once. */
  close(force?: boolean): Promise<void>;
}

const hash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16);
const feedSchedulerId = (id: number) => `feed-${id}`;
const digestSchedulerId = (key: string) => `digest-${hash(key)}`;
const FINISHED = { removeOnComplete: true, removeOnFail: { age: 86_400, count: 500 } } as const;

type Data = { feedId?: number; everyMs?: number; key?: string; channel?: ChannelRef };

/** Page through all job schedulers of a queue. */
async function allSchedulers(q: Queue): Promise<JobSchedulerJson[]> {
  const out: JobSchedulerJson[] = [];
  for (let start = 0; ; start += 1000) {
    const page = await q.getJobSchedulers(start, start + 999, true);
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

export function createJobs(o: {
  connection: Redis;
  handlers: ClusterHandlers;
  settings: JobSettings;
  log: Logger;
  /** Log a worker/queue error once per code until Redis is back (see index.ts). */
  report: (where: string, e: unknown) => void;
}): Jobs {
  const { handlers: h, settings: s, log } = o;
  const base = { connection: o.connection, prefix: s.prefix };
  const feeds = new Queue<Data>('feeds', base);
  const delivery = new Queue<Data>('delivery', base);
  const maintenance = new Queue<Data>('maintenance', base);
  for (const q of [feeds, delivery, maintenance]) q.on('error', (e) => o.report(`queue ${q.name}`, e));
  const workerOpts = {
    ...base,
    lockDuration: LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    maxStalledCount: 2,
  };

  const refreshWorker = new Worker<Data>(
    'feeds',
    async (job: Job<Data>) => {
      const r = await h.refresh(Number(job.data.feedId), Number(job.data.everyMs));
      if (r.announced > 0) await api.fanOut();
      return r;
    },
    { ...workerOpts, concurrency: s.refreshConcurrency },
  );
  const deliveryWorker = new Worker<Data>(
    'delivery',
    async (job: Job<Data>) => {
      if (job.name === 'fanout') return h.fanOut();
      const key = String(job.data.key);
      const channel = job.data.channel as ChannelRef;
      await h.runDigest(key, channel, job.name === 'catchup' ? 'catch-up' : 'scheduled');
      if (job.name === 'digest') {
        const next = await delivery.getJobScheduler(digestSchedulerId(key));
        await h.digestScheduled(key, channel, next?.next ?? null);
      }
    },
    { ...workerOpts, concurrency: 1 },
  );
  const maintenanceWorker = new Worker<Data>('maintenance', () => h.cleanup(), {
    ...workerOpts,
    concurrency: 1,
  });
  const workers = [refreshWorker, deliveryWorker, maintenanceWorker];
  for (const w of workers) {
    w.on('error', (e) => o.report(`worker ${w.name}`, e));
    w.on('failed', (job, e) => {
      const fields = { code: 'cluster.job_failed', queue: w.name, job: job?.name, detail: e.message };
      // a store outage is logged once by the store's health, not once per job
      if ((e as { code?: string }).code === 'store.unavailable')
        log.debug(fields, 'job failed: store unavailable');
      else log.error(fields, 'job failed');
    });
  }
  // every instance's sender wakes when a fan-out or digest finished anywhere (Redis stream of the queue)
  const eventsRedis = o.connection.duplicate();
  eventsRedis.on('error', (e) => o.report('events connection', e));
  const events = new QueueEvents('delivery', { ...base, connection: eventsRedis });
  events.on('error', (e) => o.report('events delivery', e));
  events.on('completed', () => h.delivered());

  let prepared: Promise<void> | undefined;
  /** Once per instance: global concurrency, the fixed schedulers (safety-net fan-out, cleanup). */
  const prepare = () => {
    prepared ??= (async () => {
      await delivery.setGlobalConcurrency(1);
      await maintenance.setGlobalConcurrency(1);
      await upsertIfChanged(delivery, 'fanout-every', { every: s.fanOutEveryMs }, 'fanout', {});
      await upsertIfChanged(
        maintenance,
        'cleanup',
        { pattern: s.cleanupPattern, tz: s.timezone },
        'cleanup',
        {},
      );
    })().catch((e: unknown) => {
      prepared = undefined;
      throw e;
    });
    return prepared;
  };

  async function upsertIfChanged(
    q: Queue<Data>,
    id: string,
    repeat: { every?: number; offset?: number; pattern?: string; tz?: string },
    name: string,
    data: Data,
    known?: JobSchedulerJson,
  ): Promise<boolean> {
    const have = known ?? (await q.getJobScheduler(id));
    const same =
      have &&
      have.every === repeat.every &&
      (repeat.every === undefined || have.offset === repeat.offset) &&
      have.pattern === repeat.pattern &&
      (have.tz ?? undefined) === repeat.tz;
    if (same) return false;
    await q.upsertJobScheduler(id, repeat, { name, data, opts: FINISHED });
    return true;
  }

  async function syncFeeds(): Promise<{ feeds: number; added: number; removed: number }> {
    const list = await h.feeds();
    const known = new Map((await allSchedulers(feeds)).map((j) => [j.key, j]));
    let added = 0;
    let removed = 0;
    const wanted = new Set<string>();
    for (const f of list) {
      const id = feedSchedulerId(f.id);
      wanted.add(id);
      const repeat = { every: f.everyMs, offset: f.offsetMs };
      const data = { feedId: f.id, everyMs: f.everyMs };
      if (await upsertIfChanged(feeds, id, repeat, 'refresh', data, known.get(id))) added++;
      // overdue (new, or its slot passed while no instance ran): once now; the job id makes it once cluster-wide
      if (f.overdueAt !== undefined)
        await feeds.add('refresh', data, { ...FINISHED, jobId: `due-${f.id}-${f.overdueAt}` });
    }
    for (const id of known.keys()) {
      if (wanted.has(id)) continue;
      await feeds.removeJobScheduler(id);
      removed++;
    }
    return { feeds: list.length, added, removed };
  }

  async function syncDigests(): Promise<{ digests: number; added: number; removed: number }> {
    const list = await h.digests();
    const known = new Map(
      (await allSchedulers(delivery)).filter((j) => j.key.startsWith('digest-')).map((j) => [j.key, j]),
    );
    let added = 0;
    let removed = 0;
    const wanted = new Set<string>();
    for (const d of list) {
      const id = digestSchedulerId(d.key);
      wanted.add(id);
      if (d.missedAt !== undefined)
        await delivery.add(
          'catchup',
          { key: d.key, channel: d.channel },
          { ...FINISHED, jobId: `catchup-${hash(d.key)}-${d.missedAt}` },
        );
      const repeat = { pattern: d.cron, tz: d.timezone };
      const data = { key: d.key, channel: d.channel };
      if (await upsertIfChanged(delivery, id, repeat, 'digest', data, known.get(id))) {
        added++;
        const next = await delivery.getJobScheduler(id);
        await h.digestScheduled(d.key, d.channel, next?.next ?? null);
      }
    }
    for (const id of known.keys()) {
      if (wanted.has(id)) continue;
      await delivery.removeJobScheduler(id);
      removed++;
    }
    return { digests: list.length, added, removed };
  }

  const api: Jobs = {
    async sync() {
      await prepare();
      const f = await syncFeeds();
      const d = await syncDigests();
      return { feeds: f.feeds, digests: d.digests, added: f.added + d.added, removed: f.removed + d.removed };
    },
    async fanOut() {
      await delivery.add(
        'fanout',
        {},
        { ...FINISHED, deduplication: { id: 'fanout', keepLastIfActive: true } },
      );
    },
    async close(force = false) {
      await Promise.allSettled(workers.map((w) => w.close(force)));
      await Promise.allSettled([events.close(), feeds.close(), delivery.close(), maintenance.close()]);
      eventsRedis.disconnect();
    },
  };
  return api;
}
