/**
 * /readyz in cluster mode: 200 while the store and Redis are reachable; 503 `redis.unavailable` while Redis is cut
 * off (the app reaches Redis through a TCP proxy that drops every connection), the process keeps running (one
 * `redis unavailable` line per connection, no crash), and 200 again once Redis is back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { type App, startApp } from '../../../src/main.js';
import { until } from '../../helpers/app.js';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

async function readyz(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!TEST_REDIS_URL)('/readyz with Redis (cluster mode)', () => {
  let app: App | undefined;
  let proxy: TcpProxy | undefined;
  let redis: TestRedis | undefined;
  let store: TestStore | undefined;

  afterAll(async () => {
    proxy?.restore();
    await app?.stop();
    await proxy?.close();
    await redis?.cleanup();
    await store?.cleanup();
  });

  it('answers 503 redis.unavailable while Redis is cut off and 200 again after', async () => {
    redis = await testRedis();
    store = await sqliteTestStore();
    await store.store.close();
    const target = new URL(redis.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const lines: string[] = [];
    app = await startApp(
      configWith({
        DATABASE_URL: store.url,
        FEEDS_DIR: './no-such-catalog',
        HTTP_PORT: '0',
        LOG_LEVEL: 'info',
        REDIS_URL: proxy.through(redis.url),
        REDIS_PREFIX: redis.prefix.slice(0, -1),
      }),
      { stdout: () => undefined, stderr: (l) => lines.push(l) },
    );
    const port = app.httpPort as number;
    expect(await readyz(port)).toEqual({ status: 200, body: { ready: true } });

    proxy.cut();
    const down = await until(async () => {
      const r = await readyz(port);
      return r.status === 503 ? r : undefined;
    }, '/readyz 503');
    expect(down.body).toEqual({ ready: false, reason: 'redis.unavailable' });
    expect(app.readiness()).toMatchObject({
      ready: false,
      store: { reachable: true },
      redis: { reachable: false },
    });
    // still down a while later: the process lives on
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await readyz(port)).status).toBe(503);

    proxy.restore();
    await until(async () => ((await readyz(port)).status === 200 ? true : undefined), '/readyz 200 again');
    const outage = lines.filter((l) => l.includes('redis unavailable'));
    expect(outage.length).toBeGreaterThan(0);
    // once per connection, not once per reconnect attempt
    expect(outage.length).toBeLessThanOrEqual(5);
    expect(lines.join('\n')).not.toMatch(/"level":(50|60).*uncaught/);
  }, 30_000);

  it('starts while Redis is unreachable (no hang, no crash), reports 503 and becomes ready when Redis comes', async () => {
    await app?.stop();
    await proxy?.close();
    const r = redis ?? (await testRedis());
    redis = r;
    if (!store) {
      store = await sqliteTestStore();
      await store.store.close();
    }
    const target = new URL(r.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    proxy.cut();
    const t0 = Date.now();
    app = await startApp(
      configWith({
        DATABASE_URL: (store as TestStore).url,
        FEEDS_DIR: './no-such-catalog',
        HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
        REDIS_URL: proxy.through(r.url),
        REDIS_PREFIX: r.prefix.slice(0, -1),
      }),
      { stdout: () => undefined, stderr: () => undefined },
    );
    // the first job sync waits at most 5 s for Redis, then goes on in the background
    expect(Date.now() - t0).toBeLessThan(15_000);
    const port = app.httpPort as number;
    expect(await readyz(port)).toEqual({ status: 503, body: { ready: false, reason: 'redis.unavailable' } });
    proxy.restore();
    await until(async () => ((await readyz(port)).status === 200 ? true : undefined), '/readyz 200');
    // the job schedulers were written once Redis answered (the daily cleanup at least)
    await until(async () => {
      const keys = await r.redis.keys(`${r.prefix}maintenance:repeat*`);
      return keys.length > 0 ? true : undefined;
    }, 'cleanup scheduler in Redis');
  }, 30_000);
});
