/**
 * Discord gateway shards with the real discord.js against the fake Discord speaking 2 shards. One process
 * (no Redis): one Client runs both shards. Cluster mode (real Redis): three adapters with their own
 * coordination split the shards by leases — each shard connected once, interactions answered once by the
 * holder of their guild's shard, digests posted by an adapter that holds no shard, and a killed holder's shard
 * taken over by another adapter once its lease ran out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';
import { type Adapter, digestMessage, type ShardWorld, startShardWorld } from './shards-harness.js';

let w: ShardWorld | undefined;
let r: TestRedis | undefined;

afterEach(async () => {
  await w?.close();
  await r?.cleanup();
  w = undefined;
  r = undefined;
});

/** Send /help in the guild of `shard` and wait until it was answered. */
async function helpOn(world: ShardWorld, shard: number): Promise<string> {
  const i = world.fake.interact({ command: 'help', guildId: world.guilds[shard]!.guildId });
  await world.fake.waitFor(() => (world.fake.callbacks.get(i.id) ?? 0) >= 1, `answer on shard ${shard}`);
  return i.id;
}

describe('Discord shards in one process', () => {
  it('runs both shards of DISCORD_SHARD_COUNT=2 in one Client and answers in the guilds of each', async () => {
    w = await startShardWorld(2);
    await w.start('single');
    expect(w.fake.connectedShards()).toEqual([0, 1]);
    expect(w.fake.identifies.map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    const ids = [await helpOn(w, 0), await helpOn(w, 1)];
    expect(ids.map((id) => w?.fake.callbacks.get(id))).toEqual([1, 1]);
    expect(w.fake.violations).toEqual([]);
  });

  it('takes the count Discord recommends with DISCORD_SHARD_COUNT=auto', async () => {
    w = await startShardWorld(2);
    await w.start('auto', { settings: { DISCORD_SHARD_COUNT: 'auto' } });
    expect(w.fake.connectedShards()).toEqual([0, 1]);
    expect(w.fake.callsTo('GET', /\/gateway\/bot$/).length).toBeGreaterThan(0);
    await helpOn(w, 1);
  });

  it('runs only the shards of DISCORD_SHARD_IDS', async () => {
    w = await startShardWorld(2);
    await w.start('only-1', { settings: { DISCORD_SHARD_IDS: '1' } });
    expect(w.fake.identifies).toEqual([[1, 2]]);
    await helpOn(w, 1);
  });
});

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

// a shard is taken over after about this; an instance holding one shard waits a fifth of it before a second
const LEASE_MS = '5000';

/** Which adapter's owner holds the lease of each shard (read from Redis). */
async function holders(t: TestRedis, shards: number): Promise<(string | null)[]> {
  return Promise.all(
    Array.from({ length: shards }, (_, id) => t.redis.get(`${t.prefix}lease:discord:shard:${id}`)),
  );
}

describe.skipIf(!TEST_REDIS_URL)('Discord shards split across instances (real Redis)', () => {
  it('connects each shard once, answers each interaction once, posts without a shard, takes over a killed holder', async () => {
    r = await testRedis();
    const t = r;
    const world = await startShardWorld(2);
    w = world;
    const settings = { DISCORD_SHARD_LEASE_MS: LEASE_MS };
    // started one after the other (a rolling start): the first must not take both shards
    const adapters: Adapter[] = [];
    for (const o of ['a', 'b', 'c']) adapters.push(await world.start(o, { redis: t, settings }));
    const byOwner = (o: string | null | undefined) => adapters.find((a) => a.owner === o) as Adapter;

    // each shard connected once, by two different instances; the third stands by
    await world.fake.waitFor(() => world.fake.connectedShards().join() === '0,1', 'both shards');
    const [h0, h1] = await holders(t, 2);
    expect(h0).not.toBeNull();
    expect(h1).not.toBeNull();
    expect(h0).not.toBe(h1);
    const standby = adapters.find((a) => a.owner !== h0 && a.owner !== h1) as Adapter;
    expect(world.fake.identifies).toHaveLength(2);

    // an interaction in a guild of each shard is answered once (only its shard's connection gets it)
    const asked = [await helpOn(world, 0), await helpOn(world, 1)];

    // the instance that holds no shard posts a digest over REST
    const res = await standby.handle.publisher.publish(digestMessage(world.guilds[1]!.textChannelId));
    expect(res.ok).toBe(true);
    expect(world.fake.messagesIn(world.guilds[1]!.textChannelId)).toHaveLength(1);

    // the holder of shard 0 dies without releasing its lease: another instance takes the shard after the ttl
    await byOwner(h0).kill();
    expect((await holders(t, 2))[0]).toBe(h0);
    await world.fake.waitFor(() => world.fake.connectedShards().join() === '1', 'shard 0 gone');
    await world.fake.waitFor(() => world.fake.connectedShards().join() === '0,1', 'shard 0 taken over');
    expect(world.fake.violations).toEqual([]);
    asked.push(await helpOn(world, 0));
    const [n0] = await holders(t, 2);
    expect(n0).not.toBe(h0);
    expect(asked.map((id) => world.fake.callbacks.get(id))).toEqual([1, 1, 1]);
    expect(byOwner(n0).logLines.some((l) => /"shard":0.*discord shard taken/.test(l))).toBe(true);
  }, 30_000);

  it('closes the gateway of a shard whose lease was lost, and takes the shard again once it is free', async () => {
    r = await testRedis();
    const t = r;
    const world = await startShardWorld(2);
    w = world;
    const settings = { DISCORD_SHARD_LEASE_MS: '3000' };
    const a = await world.start('a', { redis: t, settings });
    await world.start('b', { redis: t, settings });
    await world.fake.waitFor(() => world.fake.connectedShards().join() === '0,1', 'both shards');
    const [h0] = await holders(t, 2);
    expect(h0).toBe('a');
    // another owner holds shard 0's lease now (as after a Redis failover that lost a's key)
    await t.redis.set(`${t.prefix}lease:discord:shard:0`, 'intruder', 'PX', 2500);
    await world.fake.waitFor(() => world.fake.connectedShards().join() === '1', 'shard 0 closed');
    expect(a.logLines.some((l) => /"shard":0.*discord shard lost/.test(l))).toBe(true);
    await world.fake.waitFor(() => world.fake.connectedShards().join() === '0,1', 'shard 0 again');
    expect(world.fake.violations).toEqual([]);
    await helpOn(world, 0);
  }, 30_000);
});
