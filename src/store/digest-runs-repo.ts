/**
 * Scheduled digests: the decisions waiting for a subscription's next digest, and when each subscription's digest
 * last ran and is next due (`digest_runs`, so a digest missed while the bot was down is sent once at start).
 * Every function takes a Kysely instance first, so it also runs inside a transaction. Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { DeliveryRow } from './outbox-repo.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Deliveries of a subscription waiting for its scheduled digest. */
export async function queuedForDigest(db: Db, subscriptionIds: number[]): Promise<DeliveryRow[]> {
  if (subscriptionIds.length === 0) return [];
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('subscription_id', 'in', subscriptionIds)
    .where('status', '=', 'pending')
    .where('outbox_id', 'is', null)
    .orderBy('id')
    .execute();
}

export async function setDigestRun(db: Db, subscriptionId: number, at: number): Promise<void> {
  await db
    .insertInto('digest_runs')
    .values({ subscription_id: subscriptionId, last_run_at: at })
    .onConflict((oc) => oc.column('subscription_id').doUpdateSet({ last_run_at: at }))
    .execute();
}

/** Remember when these subscriptions' scheduled digest is next due (null: unknown). */
export async function setDigestDue(db: Db, subscriptionIds: number[], dueAt: number | null): Promise<void> {
  for (const id of subscriptionIds) {
    await db
      .insertInto('digest_runs')
      .values({ subscription_id: id, last_run_at: 0, next_due_at: dueAt })
      .onConflict((oc) => oc.column('subscription_id').doUpdateSet({ next_due_at: dueAt }))
      .execute();
  }
}

/** Whether a scheduled digest of these subscriptions came due before `now` and has not run since. */
export async function digestMissed(db: Db, subscriptionIds: number[], now: number): Promise<boolean> {
  return (await missedDigestDue(db, subscriptionIds, now)) !== undefined;
}

/** The due time of a scheduled digest of these subscriptions that came due before `now` and has not run since. */
export async function missedDigestDue(
  db: Db,
  subscriptionIds: number[],
  now: number,
): Promise<number | undefined> {
  if (subscriptionIds.length === 0) return undefined;
  const rows = await db
    .selectFrom('digest_runs')
    .select(['last_run_at', 'next_due_at'])
    .where('subscription_id', 'in', subscriptionIds)
    .execute();
  const missed = rows
    .filter(
      (r) =>
        r.next_due_at !== null &&
        Number(r.next_due_at) <= now &&
        Number(r.last_run_at) < Number(r.next_due_at),
    )
    .map((r) => Number(r.next_due_at));
  return missed.length > 0 ? Math.max(...missed) : undefined;
}
