import { afterEach, describe, expect, it } from 'vitest';
import { createDigestScheduler, jobKey, validSchedule } from '../../../src/delivery/schedule.js';
import type { Subscription } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';

const sub = (id: number, chatId: string, cron: string, timezone: string): Subscription => ({
  id,
  channel: { platform: 'telegram', chatId },
  target: { kind: 'tag', tag: 'news' },
  language: 'de',
  mode: 'digest',
  cron,
  timezone,
  filters: { include: [], exclude: [] },
  maxItems: 10,
  createdAt: 0,
});

describe('digest schedules', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
  });

  it('validates cron expressions and IANA timezones (node-cron would accept an unknown zone silently)', () => {
    expect(validSchedule('0 7 * * *', 'Europe/Berlin')).toBe(true);
    expect(validSchedule('0 7 * * *', 'Europe/Atlantis')).toBe(false);
    expect(validSchedule('61 7 * * *', 'Europe/Berlin')).toBe(false);
  });

  it('shares one job per chat and schedule, follows subscription changes, refuses invalid ones', async () => {
    let subs = [
      sub(1, 'a', '0 7 * * *', 'Europe/Berlin'),
      sub(2, 'a', '0 7 * * *', 'Europe/Berlin'),
      sub(3, 'b', '30 18 * * 1-5', 'America/New_York'),
      sub(4, 'c', '0 7 * * *', 'Mars/Olympus'),
    ];
    const s = createDigestScheduler({
      list: async () => subs,
      run: async () => undefined,
      log: silentLogger,
    });
    stop = s.stop;
    await s.sync();
    expect(s.keys().sort()).toEqual(
      [jobKey(subs[0] as Subscription), jobKey(subs[2] as Subscription)].sort(),
    );
    const next = s.nextRun(jobKey(subs[0] as Subscription));
    expect(next).toBeInstanceOf(Date);
    const hour = new Intl.DateTimeFormat('en', {
      timeZone: 'Europe/Berlin',
      hour: 'numeric',
      hourCycle: 'h23',
    }).format(next as Date);
    expect(Number(hour)).toBe(7);
    subs = subs.filter((x) => x.id !== 3);
    await s.sync();
    expect(s.keys()).toEqual([jobKey(subs[0] as Subscription)]);
  });

  it('asks to catch up each job once before scheduling it, and reports next runs when subscriptions change', async () => {
    let subs = [sub(1, 'a', '0 7 * * *', 'Europe/Berlin'), sub(2, 'b', '0 7 * * *', 'Mars/Olympus')];
    const caughtUp: string[] = [];
    const reports: { key: string; ids: number[]; next: Date | null }[] = [];
    const s = createDigestScheduler({
      list: async () => subs,
      run: async () => undefined,
      log: silentLogger,
      catchUp: async (key) => {
        caughtUp.push(key);
      },
      scheduled: async (key, group, next) => {
        reports.push({ key, ids: group.map((x) => x.id), next });
      },
    });
    stop = s.stop;
    await s.sync();
    const a = jobKey(subs[0] as Subscription);
    // the invalid schedule is neither caught up nor scheduled
    expect(caughtUp).toEqual([a]);
    expect(reports).toEqual([{ key: a, ids: [1], next: s.nextRun(a) }]);
    expect(reports[0]?.next?.getTime()).toBeGreaterThan(Date.now());
    await s.sync();
    expect(caughtUp).toHaveLength(1);
    expect(reports).toHaveLength(1);
    // a second subscription joins the job: reported again, not caught up again
    subs = [...subs, sub(3, 'a', '0 7 * * *', 'Europe/Berlin')];
    await s.sync();
    expect(caughtUp).toHaveLength(1);
    expect(reports.at(-1)).toMatchObject({ key: a, ids: [1, 3] });
  });
});
