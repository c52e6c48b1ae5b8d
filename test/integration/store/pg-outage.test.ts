/**
 * PostgreSQL going away while the bot runs, through a loopback TCP proxy that cuts every connection (the shared
 * server keeps running): an idle pool survives the cut (before: an unhandled 'error' event killed the process),
 * the outage is logged once, queries and commands answer `store.unavailable` at once ("temporarily
 * unavailable", German and English), the readiness state says since when, and the store comes back by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/index.js';
import { type ProxiedStore, proxiedPostgresStore } from '../../helpers/proxied-store.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';
import { req, seedCatalog, startHarness } from '../commands/harness.js';

function logCollector() {
  const lines: { level: number; msg: string; code?: string; waitedMs?: number; downMs?: number }[] = [];
  const log = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
  return { log, lines, with: (code: string) => lines.filter((l) => l.code === code) };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const start = Date.now();
  while (!check() && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 50));
  return check();
}

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL outage through a TCP proxy', () => {
  let ps: ProxiedStore | undefined;
  afterEach(async () => {
    await ps?.cleanup();
    ps = undefined;
  });

  it('an idle bot survives a cut, logs it once, fails fast while down and recovers by itself', async () => {
    const logs = logCollector();
    ps = await proxiedPostgresStore(TEST_DATABASE_URL as string, logs.log);
    const { store, proxy } = ps;
    // a few connections go idle in the pool
    await Promise.all([1, 2, 3].map(() => store.db.selectFrom('feeds').select('id').execute()));
    expect(proxy.stats().open).toBeGreaterThan(0);
    expect(store.health.readiness().store.reachable).toBe(true);

    const cutAt = Date.now();
    proxy.cut();
    // the idle connections' end is noticed without any query
    expect(await until(() => !store.health.available(), 5_000)).toBe(true);
    const r = store.health.readiness();
    expect(r.ready).toBe(false);
    expect(r.store.reachable).toBe(false);
    expect(r.store.since).toBeGreaterThanOrEqual(cutAt);
    expect(r.store.outages).toBe(1);

    // queries fail with the coded error, at once, however many there are
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.db.selectFrom('feeds').select('id').execute()),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const x of results) {
      expect(x.status).toBe('rejected');
      expect((x as PromiseRejectedResult).reason).toMatchObject({ code: 'store.unavailable' });
    }
    await new Promise((r) => setTimeout(r, 1_500));
    expect(logs.with('store.unavailable')).toHaveLength(1);
    expect(logs.with('store.unavailable')[0]?.level).toBe(40);

    proxy.restore();
    expect(await until(() => store.health.available(), 10_000)).toBe(true);
    expect(await store.db.selectFrom('feeds').select('id').execute()).toEqual([]);
    expect(logs.with('store.recovered')).toHaveLength(1);
    expect(logs.with('store.recovered')[0]?.downMs).toBeGreaterThanOrEqual(1_500);
    expect(logs.with('store.unavailable')).toHaveLength(1);
    expect(store.health.readiness().store.reachable).toBe(true);
  }, 30_000);

  it('a second outage is noticed and survived again', async () => {
    ps = await proxiedPostgresStore(TEST_DATABASE_URL as string);
    const { store, proxy } = ps;
    for (let round = 1; round <= 2; round++) {
      await store.db.selectFrom('feeds').select('id').execute();
      proxy.cut();
      await expect(store.db.selectFrom('feeds').select('id').execute()).rejects.toMatchObject({
        code: 'store.unavailable',
      });
      proxy.restore();
      expect(await until(() => store.health.available(), 10_000)).toBe(true);
      expect(store.health.readiness().store.outages).toBe(round);
    }
  }, 30_000);

  it('commands answer "temporarily unavailable" in the chat language during the cut, and work after it', async () => {
    const h = await startHarness({}, async () => {
      ps = await proxiedPostgresStore(TEST_DATABASE_URL as string);
      return ps;
    });
    try {
      await seedCatalog(h);
      const before = await h.router.handle(req('feeds list', {}, { locale: 'en' }));
      expect(before.error).toBeUndefined();
      expect(before.text).toMatch(/catalog offers 2/);

      ps?.proxy.cut();
      const de = await h.router.handle(req('list', {}, { locale: 'de' }));
      expect(de.error?.code).toBe('store.unavailable');
      expect(de.text).toMatch(/vorübergehend nicht erreichbar/);
      const en = await h.router.handle(req('list', {}, { locale: 'en', admin: false }));
      expect(en.error?.code).toBe('store.unavailable');
      expect(en.text).toMatch(/temporarily unavailable/);
      // no internals in the answer
      expect(en.text).not.toMatch(/ECONN|terminated|127\.0\.0\.1/);
      const sub = await h.router.handle(req('subscribe', { target: 'tag:world' }, { locale: 'en' }));
      expect(sub.error?.code).toBe('store.unavailable');

      ps?.proxy.restore();
      expect(await until(() => ps?.store.health.available() === true, 10_000)).toBe(true);
      const after = await h.router.handle(req('feeds list', {}, { locale: 'en' }));
      expect(after.error).toBeUndefined();
      expect(after.text).toMatch(/catalog offers 2/);
    } finally {
      await h.fetcher.close();
      h.site.server.closeAllConnections();
      await new Promise<void>((r) => h.site.server.close(() => r()));
    }
  }, 30_000);
});
