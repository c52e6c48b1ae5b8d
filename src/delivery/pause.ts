/**
 * Pause and resume of a channel's posting. A pause (the platform refused: 403 Missing Permissions, bot removed,
 * chat gone) pauses the channel and its subscriptions and *holds* what was queued: the messages not sent yet give
 * their deliveries back as `pending` / `held(<code>)` without a message, and the fan-out holds new items the same
 * way. A resume (the `resume` command, or the platform saying the bot may post again) clears the pause and releases
 * the held items: those still within MAX_ITEM_AGE_HOURS are queued again (a new message each for instant
 * subscriptions, the next digest for digest ones), older ones are recorded `too_old(paused:<hours>)`.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { encodeReason, reasonKindPattern } from '../domain/delivery-reason.js';
import type { ChannelRef, ResumeOutcome } from '../domain/types.js';
import { getArticleByPk } from '../store/articles-repo.js';
import { clearPauses, getChannel, pauseChannel } from '../store/channels-repo.js';
import { inTransaction } from '../store/db.js';
import { heldDeliveries, holdOutbox, requeueHeld } from '../store/held-repo.js';
import { insertOutbox, skipDeliveries } from '../store/outbox-repo.js';
import type { Database } from '../store/schema.js';
import { listSubscriptions } from '../store/subscriptions-repo.js';

type Db = Kysely<Database>;

/**
 * Take queued messages of a channel back into held deliveries: every pending message (and `sendingId`, the one
 * whose send was just refused). Messages being sent by someone else are left alone (they finish or fail on
 * their own, and a refusal holds them then).
 */
export async function holdQueue(
  db: Db,
  channelId: number,
  code: string,
  now: number,
  sendingId?: number,
): Promise<number> {
  return holdOutbox(db, channelId, { code, reason: encodeReason({ kind: 'held', code }) }, now, sendingId);
}

/** Pause a channel (all its subscriptions) and hold its queue. Returns the subscriptions paused. */
export async function pauseAndHold(db: Db, ref: ChannelRef, code: string, now: number): Promise<number> {
  const n = await pauseChannel(db, ref, code);
  const ch = await getChannel(db, ref);
  if (ch) await holdQueue(db, ch.id, code, now);
  return n;
}

/** Held items queued again, and those older than the maximum age, recorded too_old. */
export type ReleaseResult = Omit<ResumeOutcome, 'resumed'>;

/** Release the held items of these subscriptions (in the order they arrived). */
export async function releaseHeld(
  db: Db,
  subs: { id: number; mode: 'instant' | 'digest'; channelId: number }[],
  now: number,
  maxAgeMs: number,
): Promise<ReleaseResult> {
  const out: ReleaseResult = { queued: 0, tooOld: 0 };
  if (subs.length === 0) return out;
  const bySub = new Map(subs.map((s) => [s.id, s]));
  const rows = await heldDeliveries(db, [...bySub.keys()], reasonKindPattern('held'));
  const hours = Math.round(maxAgeMs / 3_600_000);
  for (const r of rows) {
    const sub = bySub.get(r.subscriptionId);
    if (!sub) continue;
    const article = await getArticleByPk(db, r.articlePk);
    // the item's age: when it was published, else when the bot first saw it
    const born = article?.publishedAt ?? r.createdAt;
    await inTransaction(db, async (trx) => {
      if (now - born > maxAgeMs) {
        await skipDeliveries(trx, [r.id], encodeReason({ kind: 'too_old_paused', hours }), now);
        out.tooOld++;
        return;
      }
      const outboxId =
        sub.mode === 'instant'
          ? await insertOutbox(trx, {
              channelId: sub.channelId,
              subscriptionId: sub.id,
              kind: 'instant',
              nonce: randomBytes(10).toString('hex'),
              locale: r.language,
              now,
            })
          : null;
      await requeueHeld(trx, r.id, outboxId, now);
      out.queued++;
    });
  }
  return out;
}

export type ResumeResult = ResumeOutcome;

/**
 * Resume a channel's paused subscriptions (all, or the one with `subscriptionId`), and release what they held.
 * The channel itself is unpaused either way: a resumed subscription must be able to post. `onlyReasons` limits
 * an automatic resume to pauses of those causes (a permission update does not bring back a deleted channel).
 */
export async function resumeSubscriptions(
  db: Db,
  ref: ChannelRef,
  opts: { now: number; maxAgeMs: number; subscriptionId?: number; onlyReasons?: string[] },
): Promise<ResumeResult | undefined> {
  const ch = await getChannel(db, ref);
  if (!ch) return undefined;
  const subs = await listSubscriptions(db, ref);
  const paused = subs.filter(
    (s) =>
      s.pausedReason &&
      (opts.subscriptionId === undefined || s.id === opts.subscriptionId) &&
      (!opts.onlyReasons || opts.onlyReasons.includes(s.pausedReason)),
  );
  const channelPaused =
    !!ch.pausedReason && (!opts.onlyReasons || opts.onlyReasons.includes(ch.pausedReason));
  if (paused.length === 0 && !channelPaused) return { resumed: [], queued: 0, tooOld: 0 };
  const ids = paused.map((s) => s.id);
  await clearPauses(db, ch.id, ids);
  const released = await releaseHeld(
    db,
    paused.map((s) => ({ id: s.id, mode: s.mode, channelId: ch.id })),
    opts.now,
    opts.maxAgeMs,
  );
  return { resumed: ids, ...released };
}
