/**
 * Leases and claims on Redis, the standard single-instance Redis lock: `SET key owner NX PX ttl` takes a lease,
 * a script extends it only while the value is still ours, another deletes it only if ours. A holder renews every
 * third of the TTL; when a renewal finds the lease gone or taken (or Redis unreachable past the TTL), the lease
 * is lost and `lost` resolves, so the holder stops the work the lease guarded. A killed holder's lease runs out
 * after the TTL and another instance takes it.
 */
import type { Coordination, HeldLease } from '../domain/types.js';
import type { Logger } from '../log/index.js';
import type { Redis } from './redis.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface CoordinationOptions {
  redis: Redis;
  owner: string;
  /** Key prefix (default `newsdigest:`). */
  prefix?: string;
  log: Logger;
}

export function createCoordination(o: CoordinationOptions): Coordination {
  const prefix = o.prefix ?? 'newsdigest:';
  const key = (name: string) => `${prefix}lease:${name}`;

  function hold(name: string, ttlMs: number): HeldLease {
    let resolveLost: () => void = () => undefined;
    const lost = new Promise<void>((r) => {
      resolveLost = r;
    });
    let done = false;
    let lastRenewed = Date.now();
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(timer);
      resolveLost();
    };
    const renew = async () => {
      try {
        const ok = Number(await o.redis.eval(RENEW, 1, key(name), o.owner, String(ttlMs)));
        if (done) return;
        if (ok === 1) {
          lastRenewed = Date.now();
          return;
        }
        o.log.warn({ lease: name }, 'lease lost: another instance holds it now');
        finish();
      } catch {
        // Redis unreachable: the lease is ours until its TTL would have run out, then it is lost
        if (!done && Date.now() - lastRenewed >= ttlMs) {
          o.log.warn({ lease: name }, 'lease lost: redis unreachable for longer than its ttl');
          finish();
        }
      }
    };
    const timer = setInterval(() => void renew(), Math.max(50, Math.floor(ttlMs / 3)));
    timer.unref();
    return {
      name,
      lost,
      async release() {
        if (done) return;
        finish();
        await o.redis.eval(RELEASE, 1, key(name), o.owner).catch(() => undefined);
      },
    };
  }

  return {
    owner: o.owner,
    async tryAcquire(name, ttlMs) {
      const r = await o.redis.set(key(name), o.owner, 'PX', ttlMs, 'NX');
      return r === 'OK' ? hold(name, ttlMs) : undefined;
    },
    async claimOnce(claim, ttlMs) {
      const r = await o.redis.set(`${prefix}once:${claim}`, o.owner, 'PX', ttlMs, 'NX');
      return r === 'OK';
    },
  };
}
