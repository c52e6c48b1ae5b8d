/**
 * Deliveries held while their channel is paused (see src/delivery/pause.ts for the rules): the queue of a paused
 * channel given back as held decisions, and the held decisions found and queued again on a resume.
 * Every function takes a Kysely instance first, so it also runs inside a transaction. Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
import { encodeReason, type StoredReason } from '../domain/delivery-reason.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * Take queued messages of a channel back into held deliveries (status pending, reason `held.reason`, no message):
 * every pending message, and `sendingId` (the one whose send was just refused). Messages being sent by someone
 * else are left alone. Returns the deliveries held.
 */
export async function holdOutbox(
  db: Db,
  channelId: number,
  held: { code: string; reason: StoredReason },
  now: number,
  sendingId?: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'status'])
      .where('channel_id', '=', channelId)
      .where((eb) =>
        sendingId === undefined
          ? eb('status', '=', 'pending')
          : eb.or([
              eb('status', '=', 'pending'),
              eb.and([eb('id', '=', sendingId), eb('status', '=', 'sending')]),
            ]),
      )
      .execute();
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => Number(r.id));
    const result = await trx
      .updateTable('deliveries')
      .set({
        status: 'pending',
        reason: held.reason,
        outbox_id: null,
        last_error_code: held.code,
        updated_at: now,
      })
      .where('outbox_id', 'in', ids)
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    await trx
      .updateTable('outbox')
      .set({
        status: 'skipped',
        reason: held.reason,
        last_error_code: held.code,
        claimed_until: 0,
        updated_at: now,
      })
      .where('id', 'in', ids)
      .execute();
    return Number(result.numUpdatedRows);
  });
}

export interface HeldDelivery {
  id: number;
  subscriptionId: number;
  articlePk: number;
  language: string;
  createdAt: number;
}

/** The held decisions (pending, no message, reason matching `reasonPattern`, a LIKE pattern) of these subscriptions, oldest first. */
export async function heldDeliveries(
  db: Db,
  subscriptionIds: number[],
  reasonPattern: StoredReason,
): Promise<HeldDelivery[]> {
  if (subscriptionIds.length === 0) return [];
  const rows = await db
    .selectFrom('deliveries')
    .select(['id', 'subscription_id', 'article_pk', 'language', 'created_at'])
    .where('subscription_id', 'in', subscriptionIds)
    .where('status', '=', 'pending')
    .where('outbox_id', 'is', null)
    .where('reason', 'like', reasonPattern)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    subscriptionId: Number(r.subscription_id),
    articlePk: Number(r.article_pk),
    language: r.language,
    createdAt: Number(r.created_at),
  }));
}

/** Queue a held decision again: with its new message (instant), or for the next digest (outboxId null). */
export async function requeueHeld(db: Db, id: number, outboxId: number | null, now: number): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      reason: encodeReason({ kind: 'queued' }),
      outbox_id: outboxId,
      last_error_code: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}
