/**
 * Telegram across instances (cluster mode, `deps.coordination` set):
 * - `dedupeUpdates`: the first middleware; an update runs only on the instance that claims its update_id first
 *   (webhook retries reaching another instance, a polling hand-over re-reading unconfirmed updates).
 * - `pollUnderLease`: long polling by exactly one instance, the holder of the `telegram:polling` lease; the others
 *   try again every third of the lease and take over when it runs out (a killed holder) or is given up (a stop).
 *   A holder that loses the lease stops its runner at once. Publishing (bot.api) works on every instance.
 */
import type { RunnerHandle } from '@grammyjs/runner';
import type { Context, MiddlewareFn } from 'grammy';
import type { Coordination, HeldLease } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';

/** How long an update_id stays claimed: Telegram gives up re-delivering an update long before. */
export const UPDATE_CLAIM_MS = 24 * 3_600_000;
export const POLLING_LEASE = 'telegram:polling';

export function dedupeUpdates(coordination: Coordination, log: Logger): MiddlewareFn<Context> {
  let warned = false;
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    let first: boolean;
    try {
      // a claim Redis does not answer within 2 s rejects: the update runs (at least once)
      first = await coordination.claimOnce(`telegram:update:${id}`, UPDATE_CLAIM_MS);
      warned = false;
    } catch (e) {
      // prefer a possibly doubled answer over a lost command while Redis is away
      if (!warned)
        log.warn({ code: 'cluster.unavailable', err: String(e) }, 'telegram: update dedupe skipped');
      warned = true;
      first = true;
    }
    if (!first) {
      log.debug({ update: id }, 'telegram: duplicate update dropped');
      return;
    }
    await next();
  };
}

export interface LeasedPolling {
  /** True while this instance holds the lease and its runner polls. */
  polling(): boolean;
  /** Stop polling and give the lease up so another instance takes over at once. */
  stop(): Promise<void>;
}

export interface LeasedPollingOptions {
  coordination: Coordination;
  ttlMs: number;
  log: Logger;
  /** Starts a runner (called each time the lease is taken). */
  startRunner: () => RunnerHandle;
}

export function pollUnderLease(o: LeasedPollingOptions): LeasedPolling {
  const retryMs = Math.max(100, Math.floor(o.ttlMs / 3));
  let stopped = false;
  let runner: RunnerHandle | undefined;
  let wake: () => void = () => undefined;
  const stopSignal = new Promise<void>((r) => {
    wake = r;
  });
  let redisWarned = false;
  let failing = false;

  async function acquire(): Promise<HeldLease | undefined> {
    try {
      const held = await o.coordination.tryAcquire(POLLING_LEASE, o.ttlMs);
      redisWarned = false;
      return held;
    } catch (e) {
      if (!redisWarned)
        o.log.warn(
          { code: 'cluster.unavailable', err: String(e) },
          'telegram polling lease unavailable; retrying',
        );
      redisWarned = true;
      return undefined;
    }
  }

  /** Poll while the lease is ours; resolves when it is lost, the runner failed, or stop() was called. */
  async function hold(lease: HeldLease): Promise<void> {
    if (failing) o.log.debug({ owner: o.coordination.owner }, 'telegram polling taken again');
    else o.log.info({ owner: o.coordination.owner }, 'telegram polling taken');
    const since = Date.now();
    const r = o.startRunner();
    runner = r;
    const task = r.task() ?? Promise.resolve();
    const outcome = await Promise.race([
      lease.lost.then(() => 'lost' as const),
      task.then(
        () => 'ended' as const,
        (e: unknown) => e,
      ),
      stopSignal.then(() => 'stopped' as const),
    ]);
    runner = undefined;
    if (r.isRunning()) await r.stop();
    if (outcome === 'lost') {
      o.log.warn({ owner: o.coordination.owner }, 'telegram polling lost');
      return;
    }
    if (outcome !== 'stopped') {
      // e.g. 409 when a webhook is set or a poller outside the cluster runs: logged once until polling lasts
      const status =
        typeof outcome === 'object' ? (outcome as { error_code?: number } | null)?.error_code : undefined;
      const fields = { owner: o.coordination.owner, status, err: String(outcome) };
      if (failing) o.log.debug(fields, 'telegram polling failed again; giving the lease up');
      else o.log.warn(fields, 'telegram polling failed; giving the lease up');
      failing = Date.now() - since < o.ttlMs;
    } else failing = false;
    await lease.release();
  }

  const loop = (async () => {
    while (!stopped) {
      // a take that waits on an unreachable Redis must not hold up stop()
      const taking = acquire();
      const lease = await Promise.race([taking, stopSignal.then(() => undefined)]);
      if (stopped) {
        void taking.then((l) => l?.release());
        break;
      }
      if (lease) await hold(lease);
      if (stopped) break;
      await Promise.race([sleep(retryMs), stopSignal]);
    }
  })();

  return {
    polling: () => runner?.isRunning() === true,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
