/**
 * Cluster mode: Discord gateway shards split across instances by leases (`discord:shard:<id>`, Coordination on
 * Redis). An instance runs one discord.js Client per shard whose lease it holds, destroys that Client when the
 * lease is lost, and keeps trying the free shards among its allowed ids, so a killed instance's shard is taken
 * about one lease TTL after it died.
 *
 * Spreading without a registry: an instance that holds no shard takes a free one at once; an instance that holds
 * k shards, when it finds one free, gives it straight back and takes it only if it is still free k × spread later
 * (spread = a fifth of the lease). An instance with fewer shards, trying every tick, takes it first. So with 2
 * shards and 3 instances, two instances get one each and the third stands by.
 */
import type { Client } from 'discord.js';
import { toErrorInfo } from '../../domain/errors.js';
import type { Coordination, HeldLease } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';

export interface ShardKeeperOptions {
  coordination: Coordination;
  /** Shard ids this instance may run. */
  allowed: number[];
  leaseMs: number;
  log: Logger;
  /** Start a Client running shard `id` and resolve once it is ready; reject when it cannot. */
  connect(id: number): Promise<Client>;
}

export interface ShardKeeper {
  /** The Clients of the shards held now. */
  clients(): Client[];
  /** The shard ids held now. */
  held(): number[];
  /** Stop taking shards, destroy the Clients, then give the leases up. */
  stop(): Promise<void>;
}

interface Running {
  lease: HeldLease;
  client?: Client;
}

export const shardLease = (id: number) => `discord:shard:${id}`;

/** Take the free shards once (awaited: the start needs no shard to be free), then keep trying every tick. */
export async function startShardKeeper(o: ShardKeeperOptions): Promise<ShardKeeper> {
  const spreadMs = Math.max(200, Math.floor(o.leaseMs / 5));
  const tickMs = Math.max(100, Math.min(1000, Math.floor(spreadMs / 3)));
  const running = new Map<number, Running>();
  /** Shards this instance found free while it held others: since when. */
  const freeSince = new Map<number, number>();
  let stopped = false;
  let busy = false;
  let redisDown = false;

  async function acquire(id: number): Promise<HeldLease | undefined> {
    try {
      const lease = await o.coordination.tryAcquire(shardLease(id), o.leaseMs);
      if (redisDown) o.log.info('discord shard leases: redis reachable again');
      redisDown = false;
      return lease;
    } catch (e) {
      if (!redisDown)
        o.log.warn({ err: toErrorInfo(e).detail }, 'discord shard leases: redis unreachable; retrying');
      redisDown = true;
      return undefined;
    }
  }

  async function onLost(id: number, entry: Running): Promise<void> {
    if (running.get(id) !== entry) return;
    running.delete(id);
    if (!stopped)
      o.log.warn({ shard: id }, 'discord shard lost: its lease ran out or another instance holds it');
    await entry.client?.destroy();
  }

  async function take(id: number, lease: HeldLease): Promise<void> {
    const entry: Running = { lease };
    running.set(id, entry);
    void lease.lost.then(() => onLost(id, entry));
    o.log.info({ shard: id }, 'discord shard taken');
    try {
      const client = await o.connect(id);
      if (running.get(id) === entry && !stopped) entry.client = client;
      else await client.destroy();
    } catch (e) {
      if (running.get(id) === entry) running.delete(id);
      await lease.release();
      const info = toErrorInfo(e);
      o.log.warn(
        { shard: id, code: info.code, err: info.detail },
        'discord shard could not connect; released',
      );
    }
  }

  async function tryShard(id: number): Promise<void> {
    const k = running.size;
    const since = freeSince.get(id);
    if (k > 0 && since !== undefined && Date.now() - since < k * spreadMs) return;
    const lease = await acquire(id);
    if (!lease) {
      freeSince.delete(id);
      return;
    }
    if (k > 0 && since === undefined) {
      // free, but this instance holds shards already: give it back and look again later
      freeSince.set(id, Date.now());
      await lease.release();
      return;
    }
    freeSince.delete(id);
    if (stopped) return void (await lease.release());
    await take(id, lease);
  }

  async function round(): Promise<void> {
    if (busy || stopped) return;
    busy = true;
    try {
      for (const id of o.allowed) if (!stopped && !running.has(id)) await tryShard(id);
    } finally {
      busy = false;
    }
  }

  await round();
  const timer = setInterval(() => void round(), tickMs);
  timer.unref();

  return {
    clients: () => [...running.values()].flatMap((r) => (r.client ? [r.client] : [])),
    held: () => [...running.entries()].filter(([, r]) => r.client).map(([id]) => id),
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (busy) await new Promise((r) => setTimeout(r, 20));
      const all = [...running.entries()];
      running.clear();
      await Promise.allSettled(
        all.map(async ([id, r]) => {
          await r.client?.destroy();
          await r.lease.release();
          o.log.info({ shard: id }, 'discord shard released');
        }),
      );
    },
  };
}
