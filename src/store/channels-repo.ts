/**
 * Channels (platform, chat id, optional thread/topic id) with their language and pause state; chat migration.
 * Subscriptions are ./subscriptions-repo.ts.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ChannelRef, Lang, Platform } from '../domain/types.js';
import type { Database } from './schema.js';
import type { ChannelsTable } from './schema-subscriptions.js';

type Db = Kysely<Database>;

export interface Channel {
  id: number;
  ref: ChannelRef;
  language: Lang;
  pausedReason?: string;
  createdAt: number;
}

export const toLang = (v: string): Lang => (v === 'en' ? 'en' : 'de');
export const threadOf = (ref: ChannelRef): string => ref.threadId ?? '';

export function rowToChannel(r: Selectable<ChannelsTable>): Channel {
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

/** The thread ids of a chat's channel rows ('' for the chat itself, else its forum topics or threads). */
export async function chatThreads(db: Db, platform: Platform, chatId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('channels')
    .select('thread_id')
    .where('platform', '=', platform)
    .where('chat_id', '=', chatId)
    .execute();
  return rows.map((r) => r.thread_id);
}

/** A platform's channels paused for one of `reasons`: the channel itself, or any of its subscriptions. */
export async function channelsPausedFor(
  db: Db,
  platform: Platform,
  reasons: string[],
): Promise<ChannelRef[]> {
  const rows = await db
    .selectFrom('channels')
    .select(['channels.chat_id', 'channels.thread_id'])
    .where('channels.platform', '=', platform)
    .where((eb) =>
      eb.or([
        eb('channels.paused_reason', 'in', reasons),
        eb.exists(
          eb
            .selectFrom('subscriptions')
            .select('subscriptions.id')
            .whereRef('subscriptions.channel_id', '=', 'channels.id')
            .where('subscriptions.paused_reason', 'in', reasons),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    platform,
    chatId: r.chat_id,
    ...(r.thread_id ? { threadId: r.thread_id } : {}),
  }));
}

/** Clear the pause of a channel and of these of its subscriptions, in one transaction. */
export async function clearPauses(db: Db, channelId: number, subscriptionIds: number[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('channels').set({ paused_reason: null }).where('id', '=', channelId).execute();
    if (subscriptionIds.length > 0)
      await trx
        .updateTable('subscriptions')
        .set({ paused_reason: null })
        .where('id', 'in', subscriptionIds)
        .execute();
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
