/**
 * Repository of chats (channels), their subscriptions and the feeds admins added for a chat (chat_feeds).
 * Channels and chat feeds live in ./channels-repo.ts and ./chat-feeds-repo.ts.
 * Every function takes a Kysely instance first, so it also runs inside a transaction. Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ChannelRef, Filters, Lang, Subscription, SubscriptionTarget } from '../domain/types.js';
import { ensureChannel, getChannel, threadOf, toLang } from './channels-repo.js';
import type { Database } from './schema.js';
import type { ChannelsTable, SubscriptionsTable } from './schema-subscriptions.js';

type Db = Kysely<Database>;

export function parseFilters(json: string): Filters {
  try {
    const v = JSON.parse(json) as Partial<Filters>;
    const strings = (x: unknown): string[] =>
      Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
    const out: Filters = { include: strings(v.include), exclude: strings(v.exclude) };
    if (typeof v.regex === 'string' && v.regex !== '') out.regex = v.regex;
    return out;
  } catch {
    return { include: [], exclude: [] };
  }
}

type SubRow = Selectable<SubscriptionsTable> &
  Pick<Selectable<ChannelsTable>, 'platform' | 'chat_id' | 'thread_id'>;

function rowToSubscription(r: SubRow): Subscription {
  const target: SubscriptionTarget =
    r.target_kind === 'tag' ? { kind: 'tag', tag: r.tag } : { kind: 'feed', feedId: Number(r.feed_id) };
  return {
    id: Number(r.id),
    channel: {
      platform: r.platform as ChannelRef['platform'],
      chatId: r.chat_id,
      ...(r.thread_id ? { threadId: r.thread_id } : {}),
    },
    target,
    language: toLang(r.language),
    mode: r.mode === 'digest' ? 'digest' : 'instant',
    cron: r.cron,
    timezone: r.timezone,
    filters: parseFilters(r.filters_json),
    maxItems: Number(r.max_items),
    summarizer: r.summarizer ?? undefined,
    pausedReason: r.paused_reason ?? undefined,
    createdAt: Number(r.created_at),
  };
}

function subscriptionsQuery(db: Db) {
  return db
    .selectFrom('subscriptions')
    .innerJoin('channels', 'channels.id', 'subscriptions.channel_id')
    .selectAll('subscriptions')
    .select(['channels.platform', 'channels.chat_id', 'channels.thread_id']);
}

// ---------- subscriptions ----------

export interface NewSubscription {
  target: SubscriptionTarget;
  language: Lang;
  mode: 'instant' | 'digest';
  cron: string;
  timezone: string;
  filters?: Filters;
  maxItems?: number;
  summarizer?: string;
  createdBy: string;
}

function targetColumns(t: SubscriptionTarget): { target_kind: 'feed' | 'tag'; feed_id: number; tag: string } {
  return t.kind === 'feed'
    ? { target_kind: 'feed', feed_id: t.feedId, tag: '' }
    : { target_kind: 'tag', feed_id: 0, tag: t.tag.trim().toLowerCase() };
}

/** The channel's subscription to `target`, if any. */
export async function findSubscription(
  db: Db,
  ref: ChannelRef,
  target: SubscriptionTarget,
): Promise<Subscription | undefined> {
  const ch = await getChannel(db, ref);
  if (!ch) return undefined;
  const t = targetColumns(target);
  const r = await subscriptionsQuery(db)
    .where('subscriptions.channel_id', '=', ch.id)
    .where('subscriptions.target_kind', '=', t.target_kind)
    .where('subscriptions.feed_id', '=', t.feed_id)
    .where('subscriptions.tag', '=', t.tag)
    .executeTakeFirst();
  return r ? rowToSubscription(r) : undefined;
}

/**
 * Subscribe a channel (created on demand with the subscription's language) to a feed or tag.
 * An existing subscription to the same target is returned unchanged with `created: false`.
 */
export async function subscribe(
  db: Db,
  ref: ChannelRef,
  s: NewSubscription,
  now: number = Date.now(),
): Promise<{ subscription: Subscription; created: boolean }> {
  const ch = await ensureChannel(db, ref, s.language, now);
  const before = await findSubscription(db, ref, s.target);
  if (before) return { subscription: before, created: false };
  await db
    .insertInto('subscriptions')
    .values({
      channel_id: ch.id,
      ...targetColumns(s.target),
      language: s.language,
      mode: s.mode,
      cron: s.cron,
      timezone: s.timezone,
      filters_json: JSON.stringify(s.filters ?? { include: [], exclude: [] }),
      max_items: s.maxItems ?? 10,
      summarizer: s.summarizer ?? null,
      // a new subscription starts active, even in a paused channel (its other subscriptions stay paused)
      paused_reason: null,
      created_by: s.createdBy,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'target_kind', 'feed_id', 'tag']).doNothing())
    .execute();
  if (ch.pausedReason)
    await db.updateTable('channels').set({ paused_reason: null }).where('id', '=', ch.id).execute();
  const sub = await findSubscription(db, ref, s.target);
  if (!sub) throw new Error('subscription vanished after insert');
  return { subscription: sub, created: true };
}

/** Remove one subscription of the channel, by id or by target. Returns the removed subscription. */
export async function unsubscribe(
  db: Db,
  ref: ChannelRef,
  which: { id: number } | { target: SubscriptionTarget },
): Promise<Subscription | undefined> {
  const sub =
    'id' in which
      ? await getChannelSubscription(db, ref, which.id)
      : await findSubscription(db, ref, which.target);
  if (!sub) return undefined;
  await db.deleteFrom('subscriptions').where('id', '=', sub.id).execute();
  return sub;
}

export async function getSubscription(db: Db, id: number): Promise<Subscription | undefined> {
  const r = await subscriptionsQuery(db).where('subscriptions.id', '=', id).executeTakeFirst();
  return r ? rowToSubscription(r) : undefined;
}

/** A subscription by id, only when it belongs to this channel. */
export async function getChannelSubscription(
  db: Db,
  ref: ChannelRef,
  id: number,
): Promise<Subscription | undefined> {
  const r = await subscriptionsQuery(db)
    .where('subscriptions.id', '=', id)
    .where('channels.platform', '=', ref.platform)
    .where('channels.chat_id', '=', ref.chatId)
    .where('channels.thread_id', '=', threadOf(ref))
    .executeTakeFirst();
  return r ? rowToSubscription(r) : undefined;
}

/** The channel's subscriptions, oldest first. */
export async function listSubscriptions(db: Db, ref: ChannelRef): Promise<Subscription[]> {
  const rows = await subscriptionsQuery(db)
    .where('channels.platform', '=', ref.platform)
    .where('channels.chat_id', '=', ref.chatId)
    .where('channels.thread_id', '=', threadOf(ref))
    .orderBy('subscriptions.id')
    .execute();
  return rows.map(rowToSubscription);
}

/** Subscriptions in the whole chat (every thread/topic): the per-chat cap counts these. */
export async function countChatSubscriptions(db: Db, platform: string, chatId: string): Promise<number> {
  const r = await db
    .selectFrom('subscriptions')
    .innerJoin('channels', 'channels.id', 'subscriptions.channel_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('channels.platform', '=', platform)
    .where('channels.chat_id', '=', chatId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Subscriptions that receive articles of `feedId`: subscribed to the feed itself or to one of `tags`.
 * Paused ones are left out unless `includePaused`.
 */
export async function subscriptionsForFeed(
  db: Db,
  feedId: number,
  tags: string[],
  opts: { includePaused?: boolean } = {},
): Promise<Subscription[]> {
  const lower = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  let q = subscriptionsQuery(db).where((eb) =>
    eb.or([
      eb.and([eb('subscriptions.target_kind', '=', 'feed'), eb('subscriptions.feed_id', '=', feedId)]),
      ...(lower.length > 0
        ? [eb.and([eb('subscriptions.target_kind', '=', 'tag'), eb('subscriptions.tag', 'in', lower)])]
        : []),
    ]),
  );
  if (!opts.includePaused) q = q.where('subscriptions.paused_reason', 'is', null);
  const rows = await q.orderBy('subscriptions.id').execute();
  return rows.map(rowToSubscription);
}

/** Every subscription (optionally one mode; paused left out unless asked): the scheduler's view. */
export async function listAllSubscriptions(
  db: Db,
  opts: { mode?: 'instant' | 'digest'; includePaused?: boolean } = {},
): Promise<Subscription[]> {
  let q = subscriptionsQuery(db);
  if (opts.mode) q = q.where('subscriptions.mode', '=', opts.mode);
  if (!opts.includePaused) q = q.where('subscriptions.paused_reason', 'is', null);
  const rows = await q.orderBy('subscriptions.id').execute();
  return rows.map(rowToSubscription);
}

export interface SubscriptionPatch {
  language?: Lang;
  mode?: 'instant' | 'digest';
  cron?: string;
  timezone?: string;
  filters?: Filters;
  maxItems?: number;
  summarizer?: string | null;
  pausedReason?: string | null;
}

export async function updateSubscription(db: Db, id: number, p: SubscriptionPatch): Promise<void> {
  const set: Updateable<SubscriptionsTable> = {};
  if (p.language !== undefined) set.language = p.language;
  if (p.mode !== undefined) set.mode = p.mode;
  if (p.cron !== undefined) set.cron = p.cron;
  if (p.timezone !== undefined) set.timezone = p.timezone;
  if (p.filters !== undefined) set.filters_json = JSON.stringify(p.filters);
  if (p.maxItems !== undefined) set.max_items = p.maxItems;
  if (p.summarizer !== undefined) set.summarizer = p.summarizer;
  if (p.pausedReason !== undefined) set.paused_reason = p.pausedReason;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('subscriptions').set(set).where('id', '=', id).execute();
}
