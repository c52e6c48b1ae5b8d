/**
 * Repository of chats (channels), their subscriptions and the feeds admins added for a chat (chat_feeds).
 * Every function takes a Kysely instance first, so it also runs inside a transaction. Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ChannelRef, Filters, Lang, Subscription, SubscriptionTarget } from '../domain/types.js';
import type { Database } from './schema.js';
import type { ChannelsTable, SubscriptionsTable } from './schema-subscriptions.js';

type Db = Kysely<Database>;

export interface Channel {
  id: number;
  ref: ChannelRef;
  language: Lang;
  pausedReason?: string;
  createdAt: number;
}

const toLang = (v: string): Lang => (v === 'en' ? 'en' : 'de');
const threadOf = (ref: ChannelRef): string => ref.threadId ?? '';

function rowToChannel(r: Selectable<ChannelsTable>): Channel {
  return {
    id: Number(r.id),
    ref: {
      platform: r.platform as ChannelRef['platform'],
      chatId: r.chat_id,
      ...(r.thread_id ? { threadId: r.thread_id } : {}),
    },
    language: toLang(r.language),
    pausedReason: r.paused_reason ?? undefined,
    createdAt: Number(r.created_at),
  };
}

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

// ---------- channels ----------

export async function getChannel(db: Db, ref: ChannelRef): Promise<Channel | undefined> {
  const r = await db
    .selectFrom('channels')
    .selectAll()
    .where('platform', '=', ref.platform)
    .where('chat_id', '=', ref.chatId)
    .where('thread_id', '=', threadOf(ref))
    .executeTakeFirst();
  return r ? rowToChannel(r) : undefined;
}

export async function getChannelById(db: Db, id: number): Promise<Channel | undefined> {
  const r = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToChannel(r) : undefined;
}

/** The channel row of `ref`, created with `language` when it does not exist yet (an existing language is kept). */
export async function ensureChannel(
  db: Db,
  ref: ChannelRef,
  language: Lang,
  now: number = Date.now(),
): Promise<Channel> {
  const existing = await getChannel(db, ref);
  if (existing) return existing;
  await db
    .insertInto('channels')
    .values({
      platform: ref.platform,
      chat_id: ref.chatId,
      thread_id: threadOf(ref),
      language,
      paused_reason: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['platform', 'chat_id', 'thread_id']).doNothing())
    .execute();
  const created = await getChannel(db, ref);
  if (!created) throw new Error(`channel ${ref.platform}:${ref.chatId} vanished after insert`);
  return created;
}

export async function setChannelLanguage(db: Db, ref: ChannelRef, language: Lang): Promise<void> {
  await db
    .updateTable('channels')
    .set({ language })
    .where('platform', '=', ref.platform)
    .where('chat_id', '=', ref.chatId)
    .where('thread_id', '=', threadOf(ref))
    .execute();
}

/** Pause a channel and all its subscriptions with `reason` (bot removed, missing permissions, ...). */
export async function pauseChannel(db: Db, ref: ChannelRef, reason: string): Promise<number> {
  const ch = await getChannel(db, ref);
  if (!ch) return 0;
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('channels').set({ paused_reason: reason }).where('id', '=', ch.id).execute();
    const r = await trx
      .updateTable('subscriptions')
      .set({ paused_reason: reason })
      .where('channel_id', '=', ch.id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}

/** Clear the pause of a channel and of all its subscriptions. */
export async function resumeChannel(db: Db, ref: ChannelRef): Promise<number> {
  const ch = await getChannel(db, ref);
  if (!ch) return 0;
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('channels').set({ paused_reason: null }).where('id', '=', ch.id).execute();
    const r = await trx
      .updateTable('subscriptions')
      .set({ paused_reason: null })
      .where('channel_id', '=', ch.id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}

/**
 * A chat moved to a new id (Telegram group → supergroup). All channel rows of the chat (every thread) and its
 * chat_feeds follow. When the new id already has a channel row, the old one's subscriptions are merged into it.
 */
export async function migrateChannel(db: Db, ref: ChannelRef, newChatId: string): Promise<void> {
  if (newChatId === ref.chatId) return;
  await db.transaction().execute(async (trx) => {
    const olds = await trx
      .selectFrom('channels')
      .selectAll()
      .where('platform', '=', ref.platform)
      .where('chat_id', '=', ref.chatId)
      .execute();
    for (const old of olds) await moveChannelRow(trx, old, newChatId);
    await moveChatFeeds(trx, ref, newChatId);
  });
}

async function moveChannelRow(trx: Db, old: Selectable<ChannelsTable>, newChatId: string): Promise<void> {
  const target = await trx
    .selectFrom('channels')
    .select('id')
    .where('platform', '=', old.platform)
    .where('chat_id', '=', newChatId)
    .where('thread_id', '=', old.thread_id)
    .executeTakeFirst();
  if (!target) {
    await trx.updateTable('channels').set({ chat_id: newChatId }).where('id', '=', old.id).execute();
    return;
  }
  const theirs = await trx
    .selectFrom('subscriptions')
    .select(['target_kind', 'feed_id', 'tag'])
    .where('channel_id', '=', target.id)
    .execute();
  const taken = new Set(theirs.map((s) => `${s.target_kind}:${s.feed_id}:${s.tag}`));
  const mine = await trx.selectFrom('subscriptions').selectAll().where('channel_id', '=', old.id).execute();
  const movable = mine.filter((s) => !taken.has(`${s.target_kind}:${s.feed_id}:${s.tag}`)).map((s) => s.id);
  if (movable.length > 0)
    await trx
      .updateTable('subscriptions')
      .set({ channel_id: target.id })
      .where('id', 'in', movable)
      .execute();
  await trx.deleteFrom('subscriptions').where('channel_id', '=', old.id).execute();
  await trx.deleteFrom('channels').where('id', '=', old.id).execute();
}

async function moveChatFeeds(trx: Db, ref: ChannelRef, newChatId: string): Promise<void> {
  const rows = await trx
    .selectFrom('chat_feeds')
    .selectAll()
    .where('platform', '=', ref.platform)
    .where('chat_id', '=', ref.chatId)
    .execute();
  for (const r of rows) {
    await trx
      .insertInto('chat_feeds')
      .values({ ...r, chat_id: newChatId })
      .onConflict((oc) => oc.columns(['platform', 'chat_id', 'feed_id']).doNothing())
      .execute();
  }
  await trx
    .deleteFrom('chat_feeds')
    .where('platform', '=', ref.platform)
    .where('chat_id', '=', ref.chatId)
    .execute();
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
      paused_reason: ch.pausedReason ?? null,
      created_by: s.createdBy,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'target_kind', 'feed_id', 'tag']).doNothing())
    .execute();
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

// ---------- feeds an admin added for a chat ----------

/** Link a feed to a chat. Returns false when it was linked already. */
export async function linkChatFeed(
  db: Db,
  platform: string,
  chatId: string,
  feedId: number,
  addedBy: string,
  now: number = Date.now(),
): Promise<boolean> {
  const r = await db
    .insertInto('chat_feeds')
    .values({ platform, chat_id: chatId, feed_id: feedId, added_by: addedBy, added_at: now })
    .onConflict((oc) => oc.columns(['platform', 'chat_id', 'feed_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unlinkChatFeed(
  db: Db,
  platform: string,
  chatId: string,
  feedId: number,
): Promise<boolean> {
  const r = await db
    .deleteFrom('chat_feeds')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId)
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ids of the feeds linked to a chat, in the order they were added. */
export async function listChatFeedIds(db: Db, platform: string, chatId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('chat_feeds')
    .select('feed_id')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId)
    .orderBy('added_at')
    .orderBy('feed_id')
    .execute();
  return rows.map((r) => Number(r.feed_id));
}

/** How many chats link this feed (an admin feed with none left may be removed). */
export async function countFeedLinks(db: Db, feedId: number): Promise<number> {
  const r = await db
    .selectFrom('chat_feeds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Remove every subscription of the chat (all threads) to `feedId`. Returns how many were removed. */
export async function removeChatFeedSubscriptions(
  db: Db,
  platform: string,
  chatId: string,
  feedId: number,
): Promise<number> {
  const channelIds = db
    .selectFrom('channels')
    .select('id')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId);
  const r = await db
    .deleteFrom('subscriptions')
    .where('channel_id', 'in', channelIds)
    .where('target_kind', '=', 'feed')
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
