import { afterEach, describe, expect, it } from 'vitest';
import { createCoordination } from '../../../src/cluster/lease.js';
import { connectRedis } from '../../../src/cluster/redis.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';
import { silentLogger } from '../../../src/log/index.js';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

describe.skipIf(!TEST_REDIS_URL)('leases and claims on a real Redis', () => {
  let r: TestRedis | undefined;
  afterEach(async () => {
    await r?.cleanup();
    r = undefined;
  });
  const coord = (t: TestRedis, owner: string) =>
    createCoordination({ redis: t.redis, owner, prefix: t.prefix, log: silentLogger });

  it('gives a lease to one instance, keeps it renewed past its ttl, and hands it over after release', async () => {
    r = await testRedis();
    const a = coord(r, 'a');
    const b = coord(r, 'b');
    const held = await a.tryAcquire('poll', 300);
    expect(held).toBeDefined();
    expect(await b.tryAcquire('poll', 300)).toBeUndefined();
    // renewed every ttl/3: still a's after twice the ttl
    await new Promise((res) => setTimeout(res, 700));
    expect(await b.tryAcquire('poll', 300)).toBeUndefined();
    await held?.release();
    const next = await b.tryAcquire('poll', 300);
    expect(next).toBeDefined();
    await next?.release();
  });

  it('lets another instance take a lease whose holder stopped renewing (killed), and tells the old holder', async () => {
    r = await testRedis();
    const a = coord(r, 'a');
    const b = coord(r, 'b');
    const held = await a.tryAcquire('shard:0', 200);
    expect(held).toBeDefined();
    // simulate a killed holder: its key is taken over behind its back once it expired
    await r.redis.set(`${r.prefix}lease:shard:0`, 'b', 'PX', 200);
    const lost = await Promise.race([
      held?.lost.then(() => 'lost'),
      new Promise((res) => setTimeout(() => res('kept'), 1_000)),
    ]);
    expect(lost).toBe('lost');
    expect(await b.tryAcquire('shard:0', 200)).toBeUndefined();
  });

  it('lets exactly one of several callers claim a key', async () => {
    r = await testRedis();
    const cs = ['a', 'b', 'c'].map((o) => coord(r as TestRedis, o));
    const wins = await Promise.all(
      cs.flatMap((c) => [c.claimOnce('update:42', 5_000), c.claimOnce('update:42', 5_000)]),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await cs[0]?.claimOnce('update:43', 5_000)).toBe(true);
  });

  it('gives a lease up before its key can expire when Redis stops answering (the connection waits, renewals time out)', async () => {
    r = await testRedis();
    const u = new URL(r.url);
    const proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 6379) });
    // as the cluster connects: requests wait through a reconnect instead of failing
    const redis = connectRedis(proxy.through(r.url), { log: silentLogger, role: 'test' });
    try {
      const a = createCoordination({ redis, owner: 'a', prefix: r.prefix, log: silentLogger });
      const held = await a.tryAcquire('shard:1', 600);
      expect(held).toBeDefined();
      proxy.cut();
      await held?.lost;
      // given up before the key expires in Redis (600 ms after the last renewal), so no two holders overlap
      const ttlLeft = await r.redis.pttl(`${r.prefix}lease:shard:1`);
      expect(ttlLeft).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
      await proxy.close();
    }
  });
});
