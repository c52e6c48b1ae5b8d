/**
 * Leases and claims on Redis, the standard single-instance Redis lock: `SET key owner NX PX ttl` takes a lease,
 * a script extends it only while the value is still ours, another deletes it only if ours. A holder renews every
 * third of the TTL; when a renewal finds the lease gone or taken, or no renewal succeeded for two thirds of the TTL
 * (Redis unreachable: each call gives up after a third of the TTL, since the connection would wait through the
 * outage), the lease is lost and `lost` resolves — before the key can expire in Redis and another instance take
 * it — so the holder stops the work the lease guarded. A killed holder's lease runs out after the TTL and another
 * instance takes it.
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

/** A claim that Redis has not answered within this rejects (the connection would wait through an outage). */
export const CLAIM_WAIT_MS = 2_000;

/** `p`, or a rejection after `ms` (the call itself may still complete later). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
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
    const every = Math.max(50, Math.floor(ttlMs / 3));
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(timer);
      resolveLost();
    };
    const renew = async () => {
      try {
        const ok = Number(await within(o.redis.eval(RENEW, 1, key(name), o.owner, String(ttlMs)), every));
        if (done) return;
        if (ok === 1) {
          lastRenewed = Date.now();
          return;
        }
        o.log.warn({ lease: name }, 'lease lost: another instance holds it now');
        finish();
      } catch {
        // Redis unreachable: given up a renewal interval before the key could expire (then another may take it)
        if (!done && Date.now() - lastRenewed >= ttlMs - every) {
          o.log.warn({ lease: name }, 'lease lost: redis unreachable for longer than its ttl');
          finish();
        }
      }
    };
    const timer = setInterval(() => void renew(), every);
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
      // a call that waits longer than a third of the TTL counts as "not taken" (its key, if set late, runs out)
      const r = await within(o.redis.set(key(name), o.owner, 'PX', ttlMs, 'NX'), Math.max(50, ttlMs / 3));
      return r === 'OK' ? hold(name, ttlMs) : undefined;
    },
    async claimOnce(claim, ttlMs) {
      const r = await within(
        o.redis.set(`${prefix}once:${claim}`, o.owner, 'PX', ttlMs, 'NX'),
        CLAIM_WAIT_MS,
      );
      return r === 'OK';
    },
  };
}
