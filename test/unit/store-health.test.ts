/**
 * Store health: which errors mean "the server is gone", one log line per outage and per recovery however many
 * queries fail, a probe that backs off until the server answers, and the readiness view.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/log/index.js';
import { createStoreHealth, isConnectionError } from '../../src/store/health.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('store health', () => {
  it('tells connection failures from query errors', () => {
    for (const e of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
      new AppError('store.unavailable', 'down'),
      new Error('wrapped', { cause: withCode('ECONNRESET') }),
    ])
      expect(isConnectionError(e), String(e)).toBe(true);
    for (const e of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "feeds" does not exist'),
      withCode('SQLITE_CONSTRAINT'),
      new Error('syntax error at or near "selec"'),
      new AppError('fetch.timeout'),
      'a string',
      undefined,
    ])
      expect(isConnectionError(e), String(e)).toBe(false);
  });

  it('logs an outage once, fails over to store.unavailable, probes with backoff and logs the recovery once', async () => {
    const lines: { level: number; code?: string; downMs?: number }[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
    let serverUp = false;
    let probes = 0;
    const probeTimes: number[] = [];
    const h = createStoreHealth({
      log,
      probeMinMs: 20,
      probeMaxMs: 80,
      probe: async () => {
        probes++;
        probeTimes.push(Date.now());
        if (!serverUp) throw withCode('ECONNREFUSED');
      },
    });
    const changes: boolean[] = [];
    h.onChange((v) => changes.push(v));
    expect(h.available()).toBe(true);
    // a query error is not an outage
    const q = withCode('23505');
    expect(h.failed(q)).toBe(q);
    expect(h.available()).toBe(true);

    const mapped = Array.from({ length: 50 }, () => h.failed(withCode('ECONNRESET')));
    expect(mapped.every((e) => e instanceof AppError && e.code === 'store.unavailable')).toBe(true);
    expect(h.available()).toBe(false);
    const r = h.readiness();
    expect(r).toMatchObject({ ready: false, store: { reachable: false, outages: 1 } });
    expect(r.store.detail).toMatch(/ECONNRESET/);
    expect(new Date(r.store.sinceIso).getTime()).toBe(r.store.since);

    const waiting = h.whenAvailable();
    expect(await h.whenAvailable(30)).toBe(false);
    await new Promise((res) => setTimeout(res, 400));
    expect(probes).toBeGreaterThanOrEqual(3);
    // backoff: the gaps grow up to the maximum
    const gaps = probeTimes.slice(1).map((t, i) => t - (probeTimes[i] as number));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(60);

    serverUp = true;
    expect(await waiting).toBe(true);
    expect(h.available()).toBe(true);
    expect(h.readiness()).toMatchObject({ ready: true, store: { reachable: true, outages: 1 } });
    expect(h.readiness().store.detail).toBeUndefined();
    expect(changes).toEqual([false, true]);
    expect(lines.filter((l) => l.code === 'store.unavailable')).toHaveLength(1);
    expect(lines.filter((l) => l.code === 'store.unavailable')[0]?.level).toBe(40);
    expect(lines.filter((l) => l.code === 'store.recovered')).toHaveLength(1);
    const n = probes;
    await new Promise((res) => setTimeout(res, 150));
    // no probing while the store is available
    expect(probes).toBe(n);
    h.close();
  });

  it('stops probing when closed, and its waiters get false', async () => {
    let probes = 0;
    const h = createStoreHealth({
      probeMinMs: 10,
      probe: async () => {
        probes++;
        throw withCode('ECONNREFUSED');
      },
    });
    h.failed(withCode('ECONNREFUSED'));
    const waiting = h.whenAvailable();
    await new Promise((res) => setTimeout(res, 50));
    h.close();
    expect(await waiting).toBe(false);
    const n = probes;
    await new Promise((res) => setTimeout(res, 100));
    expect(probes).toBe(n);
  });
});
