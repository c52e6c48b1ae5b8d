/**
 * Scheduled digests through a store outage: a job that fires while the store is unavailable leaves its digest
 * due (no run, no new "next run" reported), and `catchUpAll()` after the recovery asks to catch up every job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDigestScheduler, jobKey } from '../../../src/delivery/schedule.js';
import type { Subscription } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';

const sub = (id: number, chatId: string, cron: string): Subscription => ({
  id,
  channel: { platform: 'telegram', chatId },
  target: { kind: 'tag', tag: 'news' },
  language: 'de',
  mode: 'digest',
  cron,
  timezone: 'Europe/Berlin',
  filters: { include: [], exclude: [] },
  maxItems: 10,
  createdAt: 0,
});

describe('digest schedules during a store outage', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
  });

  it('a job firing while the store is down does nothing; catchUpAll catches every job up afterwards', async () => {
    // every second (node-cron's six-field form), so the job fires during the test
    const subs = [sub(1, 'a', '* * * * * *'), sub(2, 'b', '0 7 * * *')];
    let down = true;
    const runs: string[] = [];
    const caughtUp: string[] = [];
    const reports: string[] = [];
    const s = createDigestScheduler({
      list: async () => {
        if (down) throw new Error('the store is down: nothing may ask it');
        return subs;
      },
      run: async (key) => {
        runs.push(key);
      },
      log: silentLogger,
      catchUp: async (key) => {
        caughtUp.push(key);
      },
      scheduled: async (key) => {
        reports.push(key);
      },
      paused: () => down,
    });
    stop = s.stop;
    down = false;
    await s.sync();
    caughtUp.length = 0;
    reports.length = 0;
    down = true;
    await new Promise((r) => setTimeout(r, 2_200));
    expect(runs).toEqual([]);
    expect(reports).toEqual([]);

    down = false;
    await s.catchUpAll();
    expect(caughtUp.sort()).toEqual(subs.map((x) => jobKey(x)).sort());
    expect(reports.sort()).toEqual(subs.map((x) => jobKey(x)).sort());
    await new Promise((r) => setTimeout(r, 1_500));
    expect(runs.length).toBeGreaterThan(0);
  });
});
