/**
 * Queries of the delivery area: decisions (`deliveries`), send units (`outbox`) and digest runs.
 * Every function takes a Kysely instance first, so it also runs inside a transaction. Same SQL on SQLite and PostgreSQL.
 */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { encodeReason, type StoredReason } from '../domain/delivery-reason.js';
import type { Database } from './schema.js';
import type { DeliveriesTable, OutboxTable } from './schema-delivery.js';

type Db = Kysely<Database>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewDelivery = Insertable<DeliveriesTable>;

/** Insert a decision; returns its id, or undefined when (subscription, article) was decided before. */
export async function insertDelivery(db: Db, row: NewDelivery): Promise<number | undefined> {
  const r = await db
    .insertInto('deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['subscription_id', 'article_pk']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

/** Primary (non-duplicate, not filtered) stories of a channel since `since`, newest first, with their feed. */
export async function recentStories(
  db: Db,
  channelId: number,
  since: number,
  limit = 500,
): Promise<(Pick<DeliveryRow, 'id' | 'canonical_url' | 'story_key'> & { feed_id: number | null })[]> {
  const rows = await db
    .selectFrom('deliveries')
    .leftJoin('articles', 'articles.pk', 'deliveries.article_pk')
    .select(['deliveries.id', 'deliveries.canonical_url', 'deliveries.story_key', 'articles.feed_id'])
    .where('deliveries.channel_id', '=', channelId)
    .where('deliveries.created_at', '>=', since)
    .where('deliveries.duplicate_of', 'is', null)
    .where('deliveries.status', 'in', ['pending', 'sending', 'delivered'])
    .orderBy('deliveries.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    feed_id: r.feed_id === null ? null : Number(r.feed_id),
  }));
}

export interface NewOutbox {
  channelId: number;
  subscriptionId: number;
  kind: 'instant' | 'digest';
  nonce: string;
  title?: string;
  locale: string;
  now: number;
}

export async function insertOutbox(db: Db, o: NewOutbox): Promise<number> {
  const r = await db
    .insertInto('outbox')
    .values({
      channel_id: o.channelId,
      subscription_id: o.subscriptionId,
      kind: o.kind,
      status: 'pending',
      attempts: 0,
      failures: 0,
      next_attempt_at: o.now,
      claimed_until: 0,
      lease_owner: '',
      nonce: o.nonce,
      title: o.title ?? null,
      locale: o.locale,
      platform_message_ids: null,
      last_error_code: null,
      reason: null,
      created_at: o.now,
      updated_at: o.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Attach queued deliveries to an outbox message; returns how many were still unattached. */
export async function attachToOutbox(db: Db, ids: number[], outboxId: number, now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('deliveries')
    .set({ outbox_id: outboxId, reason: encodeReason({ kind: 'queued' }), updated_at: now })
    .where('id', 'in', ids)
    .where('outbox_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The due head of each channel's queue: the oldest outbox row per channel that is pending and due, or whose
 * lease ran out while sending (a crashed or stopped sender). One per channel keeps each chat's order.
 * Cost O(chats with pending messages), independent of the backlog: the chats are walked over the index
 * outbox_queue (status, channel_id, id, next_attempt_at) one index probe each (a recursive "next channel after c",
 * the same on SQLite and PostgreSQL), each chat's head is one more probe of that index (its smallest due id),
 * and the first `limit` heads in due order are then read by primary key.
 * Sending rows are few (one per chat in flight).
 */
export async function dueHeads(db: Db, now: number, limit: number): Promise<OutboxRow[]> {
  const expired = await db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'sending')
    .where('claimed_until', '<=', now)
    .execute();
  // a chat's expired sending row may stand in for its pending head: read enough to still fill `limit`.
  // Scalar subqueries only (never a join the planner could turn into a hash join over all of outbox).
  const ids = (
    await sql<{ id: number }>`with recursive chats(c) as (
        select (select min(channel_id) from outbox where status = 'pending')
        union all
        select (select min(q.channel_id) from outbox q where q.status = 'pending' and q.channel_id > chats.c)
        from chats where chats.c is not null),
      heads(id) as materialized (select (select h.id from outbox h where h.status = 'pending' and h.channel_id = chats.c
        and h.next_attempt_at <= ${now} order by h.id limit 1) from chats where chats.c is not null)
      select id from heads where id is not null
      order by (select d.next_attempt_at from outbox d where d.id = heads.id), id
      limit ${limit + expired.length}`.execute(db)
  ).rows.map((r) => Number(r.id));
  const pending =
    ids.length === 0 ? [] : await db.selectFrom('outbox').selectAll().where('id', 'in', ids).execute();
  const heads = new Map<number, OutboxRow>();
  for (const r of [...pending, ...expired]) {
    const ch = Number(r.channel_id);
    const had = heads.get(ch);
    if (!had || Number(r.id) < Number(had.id)) heads.set(ch, r);
  }
  return [...heads.values()]
    .sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || Number(a.id) - Number(b.id))
    .slice(0, limit);
}

/** The oldest due row of one channel (its next head after a send), if any. */
export async function nextHeadOf(db: Db, channelId: number, now: number): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Outbox rows not finished yet (pending or sending), and the earliest time one is due. */
export async function unfinished(db: Db): Promise<{ count: number; nextAt?: number }> {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('next_attempt_at').as('next')])
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  const count = Number(r?.n ?? 0);
  return count === 0 ? { count } : { count, nextAt: Number(r?.next ?? 0) };
}

/** How long until an outbox row may be due: a backoff or a lease running out (undefined: none unfinished). */
export async function nextDueIn(db: Db, now: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('next_attempt_at').as('next')])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const s = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('claimed_until').as('next')])
    .where('status', '=', 'sending')
    .executeTakeFirst();
  const times = [r, s].filter((x) => Number(x?.n ?? 0) > 0).map((x) => Number(x?.next ?? now) - now);
  return times.length === 0 ? undefined : Math.max(0, Math.min(...times));
}

/** Drop an outbox message (one made for a decision that turned out to exist already). */
export async function deleteOutbox(db: Db, id: number): Promise<void> {
  await db.deleteFrom('outbox').where('id', '=', id).execute();
}

/** Record decisions as skipped for `reason` (an article gone before its send, items beyond a digest's maximum). */
export async function skipDeliveries(
  db: Db,
  ids: number[],
  reason: StoredReason,
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('deliveries')
    .set({ status: 'skipped', reason, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** Take the lease of a due row. The nonce stays the row's own, so a re-claim after a crash re-sends the same key. */
export async function claimOutbox(
  db: Db,
  id: number,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sending',
      claimed_until: now + leaseMs,
      lease_owner: owner,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deliveriesOfOutbox(db: Db, outboxId: number): Promise<DeliveryRow[]> {
  return db.selectFrom('deliveries').selectAll().where('outbox_id', '=', outboxId).orderBy('id').execute();
}

/** Record a send that the platform accepted: the message and its deliveries, in one transaction. */
export async function recordDelivered(db: Db, id: number, messageIds: string[], now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox')
      .set({
        status: 'delivered',
        platform_message_ids: JSON.stringify(messageIds),
        claimed_until: 0,
        reason: encodeReason({ kind: 'delivered' }),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', 'in', ['sending', 'pending'])
      .execute();
    await trx
      .updateTable('deliveries')
      .set({
        status: 'delivered',
        reason: encodeReason({ kind: 'delivered' }),
        platform_message_id: messageIds[0] ?? null,
        updated_at: now,
      })
      .where('outbox_id', '=', id)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
  });
}

/** Back to pending for a later attempt (rate limit, server or network error). */
export async function reschedule(
  db: Db,
  id: number,
  p: { nextAt: number; countFailure: boolean; code?: string; now: number },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'pending',
      next_attempt_at: p.nextAt,
      claimed_until: 0,
      failures: p.countFailure ? eb('failures', '+', 1) : eb.ref('failures'),
      last_error_code: p.code ?? null,
      updated_at: p.now,
    }))
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Finish a message without sending it (failed or skipped), recording the reason on it and its deliveries. */
export async function finishUnsent(
  db: Db,
  id: number,
  p: { status: 'failed' | 'skipped'; reason: StoredReason; code?: string; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox')
      .set({
        status: p.status,
        reason: p.reason,
        last_error_code: p.code ?? null,
        claimed_until: 0,
        updated_at: p.now,
      })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
    await trx
      .updateTable('deliveries')
      .set({ status: p.status, reason: p.reason, last_error_code: p.code ?? null, updated_at: p.now })
      .where('outbox_id', '=', id)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
  });
}

/** After a chat migration: rows of the old channel row now belong to the new one. */
export async function moveChannelRows(db: Db, fromChannelId: number, toChannelId: number): Promise<void> {
  if (fromChannelId === toChannelId) return;
  await db
    .updateTable('outbox')
    .set({ channel_id: toChannelId })
    .where('channel_id', '=', fromChannelId)
    .execute();
  await db
    .updateTable('deliveries')
    .set({ channel_id: toChannelId })
    .where('channel_id', '=', fromChannelId)
    .execute();
}

/** How many decisions are duplicates of each of `ids` (ids without duplicates are missing). */
export async function duplicateCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['duplicate_of', (eb) => eb.fn.countAll<number>().as('n')])
    .where('duplicate_of', 'in', ids)
    .groupBy('duplicate_of')
    .execute();
  return new Map(rows.map((r) => [Number(r.duplicate_of), Number(r.n)]));
}

/** The article of a decision, by the decision's id. */
export async function deliveryArticlePk(db: Db, id: number): Promise<number | undefined> {
  const r = await db.selectFrom('deliveries').select('article_pk').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.article_pk) : undefined;
}

export async function duplicatesOf(db: Db, ids: number[]): Promise<DeliveryRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('deliveries').selectAll().where('duplicate_of', 'in', ids).orderBy('id').execute();
}

/** Decisions about an URL in a channel (by canonical URL). */
export async function deliveriesForUrl(db: Db, channelIds: number[], urls: string[]): Promise<DeliveryRow[]> {
  if (channelIds.length === 0 || urls.length === 0) return [];
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('channel_id', 'in', channelIds)
    .where('canonical_url', 'in', urls)
    .orderBy('id')
    .execute();
}

/** The queue's depth for /metrics: rows waiting (`pending`) and in flight (`sending`), by status. One query. */
export async function outboxDepth(db: Db): Promise<{ pending: number; sending: number }> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'sending'])
    .groupBy('status')
    .execute();
  const out = { pending: 0, sending: 0 };
  for (const r of rows) if (r.status === 'pending' || r.status === 'sending') out[r.status] = Number(r.n);
  return out;
}
