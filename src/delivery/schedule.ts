/**
 * Cron jobs of scheduled digests (node-cron 4 with timezones). Subscriptions of one channel with the same
 * schedule and timezone share one job and one digest message. `sync()` follows subscription changes.
 * Invalid schedules or timezones are refused here (node-cron would accept an unknown timezone and never fire).
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Subscription } from '../domain/types.js';
import type { Logger } from '../log/index.js';

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether a schedule can run: a valid cron expression and an IANA timezone. */
export function validSchedule(expr: string, tz: string): boolean {
  return cron.validate(expr) && validTimezone(tz);
}

export function jobKey(s: Subscription): string {
  const c = s.channel;
  return `${c.platform}:${c.chatId}:${c.threadId ?? ''}|${s.cron}|${s.timezone}`;
}

export interface DigestScheduler {
  sync(): Promise<void>;
  /** Run `catchUp` for every scheduled job (after a store outage: the digests that came due meanwhile). */
  catchUpAll(): Promise<void>;
  stop(): Promise<void>;
  keys(): string[];
  /** Next run of a job (for status and tests). */
  nextRun(key: string): Date | null;
}

export function createDigestScheduler(o: {
  list: () => Promise<Subscription[]>;
  run: (key: string, subs: Subscription[]) => Promise<void>;
  log: Logger;
  /**
   * Called for a job before it is scheduled (at start-up: every job), to run a digest that came due while the
   * bot was not running.
   */
  catchUp?: (key: string, subs: Subscription[]) => Promise<void>;
  /** The job's next run, after it is scheduled, after each run, and when its subscriptions change. */
  scheduled?: (key: string, subs: Subscription[], next: Date | null) => Promise<void>;
  /**
   * True while the store is unavailable: a job that fires then does nothing, so its digest stays due and
   * `catchUpAll()` sends it once the store is back.
   */
  paused?: () => boolean;
}): DigestScheduler {
  const jobs = new Map<string, ScheduledTask>();
  /** Subscription ids of each job as last reported to `scheduled`. */
  const reported = new Map<string, string>();
  const refused = new Set<string>();
  const cronLog = {
    info: (m: string) => o.log.debug(m),
    warn: (m: string) => o.log.warn(m),
    error: (m: string | Error) => o.log.error(String(m)),
    debug: (m: string | Error) => o.log.debug(String(m)),
  };

  async function report(key: string, subs: Subscription[]): Promise<void> {
    if (!o.scheduled) return;
    reported.set(key, subs.map((s) => s.id).join(','));
    await o.scheduled(key, subs, jobs.get(key)?.getNextRun() ?? null);
  }

  async function fire(key: string): Promise<void> {
    if (o.paused?.()) {
      o.log.debug({ key }, 'store unavailable: scheduled digest left due');
      return;
    }
    const subs = (await o.list()).filter((s) => jobKey(s) === key);
    if (subs.length > 0) await o.run(key, subs);
    await report(key, subs);
  }

  function add(key: string, s: Subscription): void {
    if (!validSchedule(s.cron, s.timezone)) {
      if (!refused.has(key))
        o.log.warn({ subscription: s.id, cron: s.cron, tz: s.timezone }, 'invalid digest schedule');
      refused.add(key);
      return;
    }
    const task = cron.schedule(
      s.cron,
      () => fire(key).catch((e: unknown) => o.log.error({ key, err: String(e) }, 'scheduled digest failed')),
      { timezone: s.timezone, noOverlap: true, name: `digest ${key}`, logger: cronLog },
    );
    jobs.set(key, task);
  }

  return {
    async sync() {
      const subs = await o.list();
      const wanted = new Map<string, Subscription[]>();
      for (const s of subs) wanted.set(jobKey(s), [...(wanted.get(jobKey(s)) ?? []), s]);
      for (const [key, task] of jobs) {
        if (!wanted.has(key)) {
          await task.destroy();
          jobs.delete(key);
          reported.delete(key);
        }
      }
      for (const [key, group] of wanted) {
        const first = group[0] as Subscription;
        if (!jobs.has(key) && !refused.has(key)) {
          if (!validSchedule(first.cron, first.timezone)) {
            add(key, first);
            continue;
          }
          await o
            .catchUp?.(key, group)
            .catch((e: unknown) =>
              o.log.error({ key, err: String(e) }, 'catching up a missed digest failed'),
            );
          add(key, first);
        }
        if (jobs.has(key) && reported.get(key) !== group.map((s) => s.id).join(',')) await report(key, group);
      }
    },
    async catchUpAll() {
      if (!o.catchUp) return;
      const groups = new Map<string, Subscription[]>();
      for (const s of await o.list()) {
        const key = jobKey(s);
        if (jobs.has(key)) groups.set(key, [...(groups.get(key) ?? []), s]);
      }
      for (const [key, group] of groups) {
        await o.catchUp(key, group);
        await report(key, group);
      }
    },
    async stop() {
      for (const task of jobs.values()) await task.destroy();
      jobs.clear();
    },
    keys: () => [...jobs.keys()],
    nextRun: (key) => jobs.get(key)?.getNextRun() ?? null,
  };
}
