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

/**
 * Take the free shards once (awaited, at most one lease long: the start needs no shard to be free), then keep
 * trying every tick.
 */
export async function startShardKeeper(o: ShardKeeperOptions): Promise<ShardKeeper> {
  const spreadMs = Math.max(200, Math.floor(o.leaseMs / 5));
  const tickMs = Math.max(100, Math.min(1000, Math.floor(spreadMs / 3)));
  const running = new Map<number, Running>();
  /** Shards this instance found free while it held others: since when. */
  const freeSince = new Map<number, number>();
  /** Shards whose Client could not connect: not before this time again (back-off 1 s, 2 s, … 60 s). */
  const retryAt = new Map<number, { at: number; failures: number }>();
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
      retryAt.delete(id);
      if (running.get(id) === entry && !stopped) {
        entry.client = client;
        return;
      }
      // lost or stopped while connecting: close the gateway first, then give the lease up
      await client.destroy();
      await lease.release();
    } catch (e) {
      if (running.get(id) === entry) running.delete(id);
      await lease.release();
      const failures = (retryAt.get(id)?.failures ?? 0) + 1;
      const waitMs = Math.min(60_000, 1000 * 2 ** (failures - 1));
      retryAt.set(id, { at: Date.now() + waitMs, failures });
      const info = toErrorInfo(e);
      o.log.warn(
        { shard: id, code: info.code, err: info.detail, retryInMs: waitMs },
        'discord shard could not connect; lease released',
      );
    }
  }

  async function tryShard(id: number): Promise<void> {
    if ((retryAt.get(id)?.at ?? 0) > Date.now()) return;
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

  // the first round bounded: Redis may be unreachable at start (its commands then wait for the reconnect)
  await Promise.race([round(), new Promise((r) => setTimeout(r, o.leaseMs).unref())]);
  const timer = setInterval(() => void round(), tickMs);
  timer.unref();

  return {
    clients: () => [...running.values()].flatMap((r) => (r.client ? [r.client] : [])),
    held: () => [...running.entries()].filter(([, r]) => r.client).map(([id]) => id),
    async stop() {
      stopped = true;
      clearInterval(timer);
      // a shard still connecting is closed and released by take() once its connect settles
      const all = [...running.entries()].filter(([, r]) => r.client);
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
