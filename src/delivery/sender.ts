/**
 * The sender: claim (lease) → compose → publish → record, in that order, so that a crash at any point leaves
 * the row either pending, or sending with a lease that runs out and is re-claimed with the SAME nonce.
 * Rate limits are checked before a claim; the platform's answer decides: delivered, retry later (rate limit,
 * server or network error, with backoff), or permanent (the channel's subscriptions are paused, admins told).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import { encodeReason } from '../domain/delivery-reason.js';
import { type ErrorInfo, toErrorInfo } from '../domain/errors.js';
import type {
  LimitScope,
  Platform,
  PublishResult,
  Publisher,
  SendLimiter,
  Summarizer,
} from '../domain/types.js';
import { t } from '../i18n/index.js';
import type { Logger } from '../log/index.js';
import type { StoreHealth } from '../store/health.js';
import type { Database } from '../store/schema.js';
import {
  type Channel,
  getChannel,
  getChannelById,
  migrateChannel,
  pauseChannel,
} from '../store/channels-repo.js';
import { getSubscription } from '../store/subscriptions-repo.js';
import type { Clock } from './clock.js';
import { type Composed, composeMessage } from './compose.js';
import { waitForPermit } from './limiter.js';
import { holdQueue } from './pause.js';
import {
  claimOutbox,
  dueHeads,
  finishUnsent,
  moveChannelRows,
  nextHeadOf,
  type OutboxRow,
  recordDelivered,
  reschedule,
  skipDeliveries,
} from '../store/outbox-repo.js';

type Db = Kysely<Database>;
type Failure = Extract<PublishResult, { ok: false }>;

/** A Publisher; its optional `notifyAdmins` tells a chat's admins when posting there was paused. */
export type AdminNotifier = Publisher;

export interface SenderDeps {
  db: Db;
  config: Config;
  log: Logger;
  clock: Clock;
  limiter: SendLimiter;
  /** A send was held back by a rate limit for about `ms` (metrics). */
  onLimitWait?: (platform: Platform, scope: LimitScope, ms: number) => void;
  summarizer: Summarizer;
  publishers: Map<Platform, AdminNotifier>;
  /** Lease owner id of this process. */
  owner: string;
  /** The store's health: a send's outcome is recorded once the store is back after an outage. */
  health?: StoreHealth;
}

/** While shutting down, how long a send's outcome waits for an unavailable store (then the lease covers it). */
const STOPPING_PERSIST_MS = 5_000;

/** Codes that mean "this chat is gone for us": pause the channel. Others fail only the message. */
const PAUSING = new Set(['delivery.missing_permissions', 'delivery.chat_not_found', 'delivery.blocked']);

export function backoffMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 5 * 60_000);
}

export interface RoundResult {
  /** Messages handed to a publisher this round. */
  started: number;
  /** When nothing could start: milliseconds until a rate limit frees up (undefined = nothing due). */
  waitMs?: number;
}

export function createSender(d: SenderDeps) {
  const inFlight = new Set<Promise<void>>();
  /** Channels with a send in flight: one message at a time per chat keeps its order. */
  const busy = new Set<number>();
  /** Set by stop(): sends still waiting for a rate-limit token give their message back instead. */
  let stopping = false;

  async function publishSafely(
    p: Publisher,
    row: OutboxRow,
    ch: Channel,
  ): Promise<PublishResult | ErrorInfo | 'released'> {
    let composed: Composed;
    try {
      const sub = await getSubscription(d.db, Number(row.subscription_id));
      composed = await composeMessage(d.db, d.summarizer, row, ch, sub?.summarizer);
    } catch (e) {
      return toErrorInfo(e);
    }
    const { message, missing } = composed;
    if (missing.length > 0) {
      await skipDeliveries(d.db, missing, encodeReason({ kind: 'article_gone' }), d.clock.now());
    }
    if (message.digests.length === 0) return { ok: true, messageIds: [] };
    // the tokens right before publishing (after composing, which may call a slow summarizer)
    const release = await waitForPermit(d.limiter, ch.ref, d.clock, () => stopping, d.onLimitWait);
    if (!release) return 'released';
    try {
      return await p.publish(message);
    } catch (e) {
      return { ok: false, code: 'delivery.network', permanent: false, detail: toErrorInfo(e).detail };
    } finally {
      release(d.clock.now());
    }
  }

  /**
   * Record a send's outcome, waiting through a store outage: a message that went out must be recorded as
   * delivered, or the lease would run out and it would be sent again (a platform without nonces shows it twice).
   */
  async function persist(fn: () => Promise<unknown>): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        await fn();
        return;
      } catch (e) {
        if (!d.health || toErrorInfo(e).code !== 'store.unavailable') throw e;
        if (stopping && Date.now() - started > STOPPING_PERSIST_MS) throw e;
        await Promise.all([d.health.whenAvailable(1_000), new Promise((r) => setTimeout(r, 100))]);
      }
    }
  }

  /** A retryable failure: back off, or record it failed once the attempts are used up. */
  async function retryOrFail(row: OutboxRow, code: string, retryAfterMs = 0): Promise<void> {
    const now = d.clock.now();
    const id = Number(row.id);
    const failures = Number(row.failures) + 1;
    if (failures >= d.config.DELIVERY_MAX_ATTEMPTS) {
      d.log.warn({ outbox: id, code, failures }, 'delivery failed after retries');
      await finishUnsent(d.db, id, {
        status: 'failed',
        reason: encodeReason({ kind: 'failed', code }),
        code,
        now,
      });
      return;
    }
    const nextAt = now + Math.max(retryAfterMs, backoffMs(failures));
    await reschedule(d.db, id, { nextAt, countFailure: true, code, now });
  }

  async function onFailure(row: OutboxRow, ch: Channel, p: AdminNotifier, r: Failure): Promise<void> {
    const now = d.clock.now();
    const id = Number(row.id);
    if (r.migrateToChatId) {
      await migrateChannel(d.db, ch.ref, r.migrateToChatId);
      invalidate();
      const moved = await getChannel(d.db, { ...ch.ref, chatId: r.migrateToChatId });
      if (moved) await moveChannelRows(d.db, ch.id, moved.id);
      await reschedule(d.db, id, { nextAt: now, countFailure: false, code: r.code, now });
      return;
    }
    if (r.code === 'delivery.rate_limited' && !r.permanent) {
      const until = now + (r.retryAfterMs ?? 1000);
      await d.limiter.blockChat(ch.ref, until, now);
      await reschedule(d.db, id, { nextAt: until, countFailure: false, code: r.code, now });
      return;
    }
    if (r.permanent) return permanentFailure(row, ch, p, r);
    await retryOrFail(row, r.code, r.retryAfterMs);
  }

  async function permanentFailure(row: OutboxRow, ch: Channel, p: AdminNotifier, r: Failure): Promise<void> {
    const now = d.clock.now();
    if (!PAUSING.has(r.code)) {
      await finishUnsent(d.db, Number(row.id), {
        status: 'failed',
        reason: encodeReason({ kind: 'failed', code: r.code }),
        code: r.code,
        now,
      });
      return;
    }
    // the chat refused us: pause it and hold this message and the queue behind it until it is resumed
    const n = await pauseChannel(d.db, ch.ref, r.code);
    await holdQueue(d.db, ch.id, r.code, now, Number(row.id));
    invalidate();
    d.log.warn(
      { channel: ch.id, platform: ch.ref.platform, code: r.code, subscriptions: n },
      'channel paused',
    );
    if (!p.notifyAdmins) return;
    const text = t(ch.language, 'delivery.paused_notice', {
      reason: t(ch.language, r.code),
      command: t(ch.language, `delivery.resume_command.${ch.ref.platform}`),
    });
    await p.notifyAdmins(ch.ref, text).catch((e: unknown) => {
      d.log.warn({ channel: ch.id, err: toErrorInfo(e).detail }, 'could not tell the chat admins');
    });
  }

  async function sendOne(row: OutboxRow, ch: Channel, p: AdminNotifier): Promise<void> {
    const result = await publishSafely(p, row, ch);
    if (result === 'released') {
      // shutting down while waiting for a rate-limit token: give the message back, unsent, same nonce
      const now = d.clock.now();
      await persist(() => reschedule(d.db, Number(row.id), { nextAt: now, countFailure: false, now }));
      return;
    }
    if (!('ok' in result) && result.code === 'store.unavailable') {
      // the store went away while composing: give the message back unsent once it is back, no failure counted
      await persist(() =>
        reschedule(d.db, Number(row.id), { nextAt: d.clock.now(), countFailure: false, now: d.clock.now() }),
      );
      return;
    }
    if (!('ok' in result)) {
      d.log.warn(
        { outbox: Number(row.id), code: result.code, detail: result.detail },
        'could not compose message',
      );
      await retryOrFail(row, result.code);
      return;
    }
    if (result.ok) {
      const at = d.clock.now();
      await persist(() => recordDelivered(d.db, Number(row.id), result.messageIds, at));
      return;
    }
    await onFailure(row, ch, p, result);
  }

  /** Claim and start one row; false when another sender got it first or it was finished without sending. */
  async function start(row: OutboxRow, cached: Channel, p: AdminNotifier): Promise<boolean> {
    const now = d.clock.now();
    let ch = cached;
    if (ch.pausedReason) {
      // the cache may be older than a resume: read again; still paused → hold the queue for the resume
      const fresh = await getChannelById(d.db, ch.id);
      channels.set(ch.id, fresh);
      if (!fresh || fresh.pausedReason) {
        await holdQueue(d.db, ch.id, fresh?.pausedReason ?? ch.pausedReason, now);
        return false;
      }
      ch = fresh;
    }
    if (!(await claimOutbox(d.db, Number(row.id), d.owner, now, d.config.DELIVERY_LEASE_MS))) return false;
    busy.add(ch.id);
    const failed = (e: unknown) => {
      const err = toErrorInfo(e);
      // a store outage is logged once by the store's health; the lease brings the row back
      if (err.code === 'store.unavailable') d.log.debug({ outbox: Number(row.id), err }, 'send interrupted');
      else d.log.error({ outbox: Number(row.id), err }, 'send failed');
    };
    const job = sendOne(row, ch, p)
      .catch(failed)
      .then(() => followUp(ch.id))
      .catch(failed)
      .finally(() => {
        inFlight.delete(job);
        busy.delete(ch.id);
      });
    inFlight.add(job);
    return true;
  }

  /** Channels of the cached heads, read again every CHANNEL_TTL_MS (pause/resume by commands) and after a pause. */
  const channels = new Map<number, Channel | undefined>();
  let channelsAt = Number.NEGATIVE_INFINITY;
  const CHANNEL_TTL_MS = 5000;
  async function channelOf(row: OutboxRow) {
    const now = d.clock.now();
    if (now - channelsAt >= CHANNEL_TTL_MS || now < channelsAt || channels.size > 10_000) {
      channels.clear();
      channelsAt = now;
    }
    const id = Number(row.channel_id);
    if (!channels.has(id)) channels.set(id, await getChannelById(d.db, id));
    return channels.get(id);
  }

  /**
   * Due heads, cached between rounds (a query per sent message would cap the rate): re-read when used up, when
   * older than REFRESH_MS, or when nothing in the cache could start. Stale entries are harmless: claims are conditional.
   */
  let cache: OutboxRow[] = [];
  let cacheAt = Number.NEGATIVE_INFINITY;
  const REFRESH_MS = 250;
  /** After a send, the chat's next message joins the cached heads at once (no wait for the next refresh). */
  async function followUp(channelId: number): Promise<void> {
    if (cacheAt === Number.NEGATIVE_INFINITY) return;
    const next = await nextHeadOf(d.db, channelId, d.clock.now());
    if (next && !cache.some((r) => Number(r.id) === Number(next.id))) cache.push(next);
  }

  function invalidate(): void {
    cacheAt = Number.NEGATIVE_INFINITY;
    cache = [];
    channelsAt = Number.NEGATIVE_INFINITY;
  }
  async function candidates(now: number, force: boolean): Promise<OutboxRow[]> {
    if (force || cache.length === 0 || now - cacheAt >= REFRESH_MS || now < cacheAt) {
      cache = await dueHeads(d.db, now, 1000);
      cacheAt = now;
      d.limiter.sweep(now);
    }
    return cache;
  }

  async function tryRows(rows: OutboxRow[], free: number, now: number) {
    const used = new Set<OutboxRow>();
    let started = 0;
    let blocked = 0;
    let waitMs: number | undefined;
    let limited: { platform: Platform; scope: LimitScope } | undefined;
    const globalWait = new Map<string, number>();
    for (const row of rows) {
      if (started >= free) break;
      const ch = await channelOf(row);
      if (!ch) {
        used.add(row);
        await finishUnsent(d.db, Number(row.id), {
          status: 'skipped',
          reason: encodeReason({ kind: 'channel_gone' }),
          now,
        });
        continue;
      }
      const p = d.publishers.get(ch.ref.platform);
      if (!p) continue;
      if (busy.has(ch.id)) {
        blocked++;
        continue;
      }
      // the global bucket first: when it is empty, no row of that platform can go (cheap with many chats)
      let g = globalWait.get(ch.ref.platform);
      if (g === undefined) {
        g = await d.limiter.globalWaitMs(ch.ref.platform, now);
        globalWait.set(ch.ref.platform, g);
      }
      const w = g > 0 ? g : await d.limiter.waitMs(ch.ref, now);
      if (w > 0) {
        blocked++;
        if (w < (waitMs ?? Infinity))
          limited = { platform: ch.ref.platform, scope: g > 0 ? 'global' : 'chat' };
        waitMs = Math.min(waitMs ?? w, w);
        continue;
      }
      used.add(row);
      globalWait.delete(ch.ref.platform);
      if (await start(row, ch, p)) started++;
    }
    cache = cache.filter((r) => !used.has(r));
    return { started, waitMs, blocked, limited };
  }

  /** One round: start every due head whose rate limits allow it, up to the concurrency. */
  async function round(): Promise<RoundResult> {
    const free = d.config.DELIVERY_CONCURRENCY - inFlight.size;
    if (free <= 0) return { started: 0, waitMs: 0 };
    const now = d.clock.now();
    const fresh = cacheAt === now;
    let r = await tryRows(await candidates(now, false), free, now);
    if (r.started === 0 && !fresh && cacheAt !== now)
      r = await tryRows(await candidates(now, true), free, now);
    // nothing could start because of a rate limit: the engine waits (metrics)
    if (r.started === 0 && r.limited && r.waitMs !== undefined)
      d.onLimitWait?.(r.limited.platform, r.limited.scope, r.waitMs);
    return r;
  }

  /** Wait for the sends in flight (graceful shutdown, tests). */
  async function settle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  /** Wait until one send in flight finishes. */
  async function settleOne(): Promise<void> {
    if (inFlight.size > 0) await Promise.race([...inFlight]);
  }

  /** Graceful shutdown: sends in flight finish; those still waiting for a token are released (pending again). */
  async function stop(): Promise<void> {
    stopping = true;
    await settle();
  }

  return { round, settle, settleOne, stop, inFlight: () => inFlight.size };
}

export type Sender = ReturnType<typeof createSender>;
