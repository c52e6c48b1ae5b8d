/**
 * Fan-out: each announced article that the engine has not handled yet × the subscriptions that match its feed
 * (by feed or tag) → one recorded decision per pair, written before anything is sent, in the same transaction that
 * marks the article done. Decisions, in order: too old, filtered, duplicate in the channel, paused (pending but
 * held without a message until a resume, see pause.ts), else pending (instant: with its own outbox message; digest
 * mode: queued for the next scheduled digest).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { encodeReason, type StoredReason } from '../domain/delivery-reason.js';
import type { Subscription } from '../domain/types.js';
import type { Logger } from '../log/index.js';
import { isTooOld } from '../pipeline/refresh/rules.js';
import {
  latestArticles,
  listPendingFanout,
  markFanoutDone,
  type StoredArticle,
} from '../store/articles-repo.js';
import { getFeed } from '../store/feeds-repo.js';
import { inTransaction } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { type Channel, getChannel } from '../store/channels-repo.js';
import { deleteOutbox, insertDelivery, insertOutbox, type NewDelivery } from '../store/outbox-repo.js';
import {
  indexStory,
  keyTokens,
  storyCandidates,
  storyWindow,
  tokenFrequencies,
} from '../store/story-index.js';
import { listSubscriptions, subscriptionsForFeed } from '../store/subscriptions-repo.js';
import { compileFilters } from './filters.js';
import { compareStories, type StoryContext, sameFeedUpdate, storyKey } from './story.js';

type Db = Kysely<Database>;

export interface FanOutOptions {
  db: Db;
  log: Logger;
  now: () => number;
  /** Articles published longer ago than this are recorded as too old. */
  maxAgeMs: number;
  /** Stories within this window in a channel are compared for duplicates. */
  clusterWindowMs: number;
  batch?: number;
}

export interface Decision {
  status: 'pending' | 'skipped';
  reason: StoredReason;
  duplicateOf?: number;
  /** Pending but held (no message) while the subscription is paused. */
  held?: boolean;
}

/** A fresh idempotency key: 20 hex characters (Discord allows nonces up to 25). */
export function newNonce(): string {
  return randomBytes(10).toString('hex');
}

function filterDecision(sub: Subscription, a: StoredArticle): Decision | undefined {
  const compiled = compileFilters(sub.filters);
  if (!compiled.ok)
    return { status: 'skipped', reason: encodeReason({ kind: 'invalid_filter', code: compiled.error.code }) };
  const v = compiled.value(a.title, a.text);
  if (v.pass) return undefined;
  const reason =
    v.term === undefined && v.rule === 'include'
      ? encodeReason({ kind: 'no_include' })
      : encodeReason({ kind: 'filtered', term: v.term ?? v.rule ?? '' });
  return { status: 'skipped', reason };
}

/**
 * Same story as one this chat already got in its window (its newest 500 primary stories of the last
 * clusterWindowMs)? Only stories with the same canonical URL or a headline token in common can match (the rule
 * needs a shared headline word), so those few are read by index (store/story-index.ts) and compared, newest
 * first; the word weights are counted over the whole window by index too, as storyContext would over its keys.
 */
async function duplicateDecision(
  db: Db,
  o: FanOutOptions,
  channelId: number,
  a: StoredArticle,
  key: string,
): Promise<Decision | undefined> {
  const since = o.now() - o.clusterWindowMs;
  const w = { ...(await storyWindow(db, channelId, since)), since };
  const own = keyTokens(key);
  const candidates = await storyCandidates(db, channelId, w, a.canonicalUrl, own.title);
  if (candidates.length === 0) return undefined;
  // how common each compared word is among the chat's recent stories: an outlet's series name is no evidence
  const words = new Set([...own.title, ...candidates.flatMap((c) => keyTokens(c.story_key).title)]);
  const df = await tokenFrequencies(db, channelId, w, [...words]);
  for (const t of [...own.title, ...own.lead]) df.set(t, (df.get(t) ?? 0) + 1);
  const ctx: StoryContext = { size: w.size + 1, df };
  const same = candidates.find((r) => {
    if (r.canonical_url === a.canonicalUrl) return true;
    // one feed tells distinct stories; only a near-identical headline is an update of the same report
    if (r.feed_id === a.feedId) return sameFeedUpdate(r.story_key, key);
    return compareStories(r.story_key, key, ctx).same;
  });
  if (!same) return undefined;
  return {
    status: 'skipped',
    reason: encodeReason({ kind: 'duplicate', of: same.id }),
    duplicateOf: same.id,
  };
}

/** Decide one (subscription, article) pair. */
export async function decide(
  db: Db,
  o: FanOutOptions,
  sub: Subscription,
  channel: Channel,
  a: StoredArticle,
  key: string,
): Promise<Decision> {
  if (isTooOld(a.publishedAt, o.now(), o.maxAgeMs)) {
    return { status: 'skipped', reason: encodeReason({ kind: 'too_old' }) };
  }
  const filtered = filterDecision(sub, a);
  if (filtered) return filtered;
  const dup = await duplicateDecision(db, o, channel.id, a, key);
  if (dup) return dup;
  // paused: held without a message until the subscription is resumed (then sent, or recorded too old)
  const paused = sub.pausedReason ?? channel.pausedReason;
  if (paused) return { status: 'pending', reason: encodeReason({ kind: 'held', code: paused }), held: true };
  return { status: 'pending', reason: encodeReason({ kind: 'queued' }) };
}

/** Decide one pair and record it (with its outbox message when it is sent at once). True when it went pending. */
export async function recordDecision(
  trx: Db,
  o: FanOutOptions,
  sub: Subscription,
  channel: Channel,
  a: StoredArticle,
  key: string,
): Promise<boolean> {
  const d = await decide(trx, o, sub, channel, a, key);
  const now = o.now();
  const row: NewDelivery = {
    subscription_id: sub.id,
    channel_id: channel.id,
    article_pk: a.pk,
    canonical_url: a.canonicalUrl,
    language: sub.language,
    status: d.status,
    reason: d.reason,
    duplicate_of: d.duplicateOf ?? null,
    story_key: key,
    outbox_id: null,
    last_error_code: null,
    platform_message_id: null,
    created_at: now,
    updated_at: now,
  };
  if (d.status === 'pending' && !d.held && sub.mode === 'instant') {
    row.outbox_id = await insertOutbox(trx, {
      channelId: channel.id,
      subscriptionId: sub.id,
      kind: 'instant',
      nonce: newNonce(),
      locale: sub.language,
      now,
    });
  }
  const id = await insertDelivery(trx, row);
  if (id !== undefined && d.status === 'pending')
    await indexStory(trx, { deliveryId: id, channelId: channel.id, key, now });
  if (id === undefined && row.outbox_id) {
    // decided before (a concurrent fan-out): drop the message made for nothing
    await deleteOutbox(trx, row.outbox_id);
  }
  return id !== undefined && d.status === 'pending';
}

async function fanOutArticle(trx: Db, o: FanOutOptions, a: StoredArticle): Promise<number> {
  const feed = await getFeed(trx, a.feedId);
  if (!feed) return 0;
  const subs = await subscriptionsForFeed(trx, a.feedId, feed.tags, { includePaused: true });
  const key = storyKey(a.title, a.text);
  let pending = 0;
  for (const sub of subs) {
    const channel = await getChannel(trx, sub.channel);
    if (channel && (await recordDecision(trx, o, sub, channel, a, key))) pending++;
  }
  await markFanoutDone(trx, [a.pk]);
  return pending;
}

/** Handle every announced article not fanned out yet. Returns articles handled and deliveries made pending. */
export async function fanOut(o: FanOutOptions): Promise<{ articles: number; pending: number }> {
  let articles = 0;
  let pending = 0;
  for (let round = 0; round < 1000; round++) {
    const batch = await listPendingFanout(o.db, o.batch ?? 100);
    if (batch.length === 0) break;
    for (const a of batch) {
      pending += await inTransaction(o.db, (trx) => fanOutArticle(trx, o, a));
      articles++;
    }
  }
  if (articles > 0) o.log.debug({ articles, pending }, 'fan-out done');
  return { articles, pending };
}

/**
 * Deliver the newest stored articles of a channel's subscribed feeds once (a fresh console on `npm start`
 * would otherwise stay silent until the feeds publish something new). Same decisions as the fan-out.
 */
export async function backfill(
  o: FanOutOptions,
  ref: Subscription['channel'],
  limit: number,
): Promise<number> {
  const channel = await getChannel(o.db, ref);
  if (!channel) return 0;
  const subs = (await listSubscriptions(o.db, ref)).filter((s) => s.target.kind === 'feed');
  const byFeed = new Map(subs.map((s) => [s.target.kind === 'feed' ? s.target.feedId : 0, s]));
  const articles = await latestArticles(o.db, { feedIds: [...byFeed.keys()], limit });
  let pending = 0;
  for (const a of articles.reverse()) {
    const sub = byFeed.get(a.feedId);
    if (!sub) continue;
    const key = storyKey(a.title, a.text);
    if (await inTransaction(o.db, (trx) => recordDecision(trx, o, sub, channel, a, key))) pending++;
  }
  return pending;
}
