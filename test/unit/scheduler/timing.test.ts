import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  failureState,
  nextCheckAfterSuccess,
  nextRegularCheck,
} from '../../../src/pipeline/refresh/timing.js';
import { assertDailyCron, assertTimezone, createLimiter } from '../../../src/scheduler/index.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 25, 9, 3, 17);

describe('next check', () => {
  it('keeps each feed on its own phase and spreads feeds over the interval', () => {
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      const url = `https://feeds.example.org/${i}.xml`;
      const next = nextRegularCheck(url, 10, NOW);
      expect(next).toBeGreaterThanOrEqual(NOW + 5 * MIN);
      expect(next).toBeLessThan(NOW + 15 * MIN);
      // one interval later the phase is the same
      expect(nextRegularCheck(url, 10, next)).toBe(next + 10 * MIN);
      buckets[Math.floor((next % (10 * MIN)) / MIN)]++;
    }
    for (const b of buckets) {
      expect(b).toBeGreaterThan(100);
      expect(b).toBeLessThan(300);
    }
  });

  it('enforces the 2-minute minimum interval', () => {
    const next = nextRegularCheck('https://a.example/', 1, NOW);
    expect(next).toBeGreaterThanOrEqual(NOW + MIN);
    expect(next).toBeLessThan(NOW + 3 * MIN);
  });

  it('lets freshness hints push the next check later, never beyond 24 h, never earlier', () => {
    const url = 'https://a.example/feed';
    const regular = nextRegularCheck(url, 10, NOW);
    expect(nextCheckAfterSuccess(url, 10, NOW, { freshUntil: NOW + MIN })).toBe(regular);
    expect(nextCheckAfterSuccess(url, 10, NOW, { freshUntil: NOW + 60 * MIN })).toBe(NOW + 60 * MIN);
    expect(nextCheckAfterSuccess(url, 10, NOW, { ttlMinutes: 90 })).toBe(NOW + 90 * MIN);
    expect(nextCheckAfterSuccess(url, 10, NOW, { ttlMinutes: 99_999 })).toBe(NOW + 24 * 60 * MIN);
  });
});

describe('backoff', () => {
  it('doubles from 5 minutes, caps at 24 hours and disables after 10 failures', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([5 * MIN, 10 * MIN, 20 * MIN, 40 * MIN]);
    expect(backoffMs(9)).toBe(1280 * MIN);
    expect(backoffMs(10)).toBe(24 * 60 * MIN);
    expect(backoffMs(50)).toBe(24 * 60 * MIN);
    expect(failureState(0, NOW)).toEqual({ errorCount: 1, health: 'failing', nextCheckAt: NOW + 5 * MIN });
    expect(failureState(8, NOW).health).toBe('failing');
    expect(failureState(9, NOW).health).toBe('disabled');
    expect(failureState(0, NOW, 3 * 60 * MIN).nextCheckAt).toBe(NOW + 3 * 60 * MIN);
    expect(failureState(0, NOW, 99 * 60 * 60 * MIN).nextCheckAt).toBe(NOW + 24 * 60 * MIN);
  });
});

describe('cron guards', () => {
  it('refuses unknown timezones and daily work between 02:00 and 03:00', () => {
    expect(() => assertTimezone('Europe/Berlin')).not.toThrow();
    expect(() => assertTimezone('Mars/Olympus_Mons')).toThrow(/unknown timezone/);
    expect(() => assertDailyCron('17 4 * * *')).not.toThrow();
    expect(() => assertDailyCron('30 2 * * *')).toThrow(/02:00/);
    expect(() => assertDailyCron('0 1-3 * * *')).toThrow(/02:00/);
    expect(() => assertDailyCron('0 30 2 * * *')).toThrow(/02:00/);
    expect(() => assertDailyCron('not cron')).toThrow(/invalid cron/);
  });
});

describe('limiter', () => {
  it('bounds concurrency overall and per host', async () => {
    const limiter = createLimiter(3, 2);
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    let total = 0;
    let peakTotal = 0;
    const task = (host: string) =>
      limiter.run(`https://${host}/feed`, async () => {
        total++;
        active.set(host, (active.get(host) ?? 0) + 1);
        peakTotal = Math.max(peakTotal, total);
        peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host) ?? 0));
        await new Promise((r) => setTimeout(r, 2));
        active.set(host, (active.get(host) ?? 0) - 1);
        total--;
        return host;
      });
    const hosts = ['a.example', 'b.example', 'c.example'];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => task(hosts[i % 3] ?? '')));
    expect(results).toHaveLength(30);
    expect(peakTotal).toBe(3);
    for (const h of hosts) expect(peak.get(h)).toBeLessThanOrEqual(2);
  });
});
