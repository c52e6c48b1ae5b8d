/**
 * Retention: the daily cleanup of everything that only grows — old articles with their digests and decisions,
 * finished decisions and messages after their own retention. Deleted in small batches (keyset order, each batch
 * one short transaction) with a yield to the event loop between batches, so a cleanup of millions of rows never
 * stops the process for long (better-sqlite3 runs each statement synchronously).
 *
 * What delivery still needs stays: articles not fanned out yet, articles with a message being sent right now,
 * unfinished decisions and messages. A decision still pending when its article goes (queued for a scheduled
 * digest, held while paused) is not dropped silently: it is finished as skipped with reason `expired` (its
 * unsent message too, when nothing else is left in it), kept as the record, and counted in the log.
 */
import { type Kysely, sql } from 'kysely';
import { encodeReason } from '../domain/delivery-reason.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface RetentionSettings {
  /** Dated articles published longer ago than this are deleted. */
  articleRetentionDays: number;
  /** Finished decisions and messages last changed longer ago than this are deleted. */
  deliveryRetentionDays: number;
  /** Rows per batch (default 200). */
  batch?: number;
}

export interface RetentionReport {
  articles: number;
  digests: number;
  /** Decisions deleted (with their article or after their own retention). */
  deliveries: number;
  /** Pending decisions of deleted articles, recorded as skipped (`expired`). */
  expired: number;
  outbox: number;
  batches: number;
}

const DAY = 86_400_000;
export const EXPIRED_REASON = encodeReason({ kind: 'expired' });

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** The next batch of deletable articles after the keyset cursor (published_at, pk). */
async function nextArticles(
  db: Db,
  before: number,
  after: { at: number; pk: number } | undefined,
  batch: number,
): Promise<{ pk: number; at: number }[]> {
  let q = db
    .selectFrom('articles')
    .select(['pk', 'published_at'])
    .where('published_at', 'is not', null)
    .where('published_at', '<', before);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('published_at', '>', after.at),
        eb.and([eb('published_at', '=', after.at), eb('pk', '>', after.pk)]),
      ]),
    );
  const rows = await q.orderBy('published_at').orderBy('pk').limit(batch).execute();
  return rows.map((r) => ({ pk: Number(r.pk), at: Number(r.published_at) }));
}

/** Of `pks`, those delivery no longer needs: fanned out (or never announced), no message being sent. */
async function deletable(db: Db, pks: number[]): Promise<number[]> {
  const keep = new Set<number>();
  const todo = await db
    .selectFrom('articles')
    .select('pk')
    .where('pk', 'in', pks)
    .where(sql<boolean>`announce = 1 and fanout_done = 0`)
    .execute();
  for (const r of todo) keep.add(Number(r.pk));
  const sending = await db
    .selectFrom('deliveries')
    .select('article_pk')
    .where('article_pk', 'in', pks)
    .where('status', '=', 'sending')
    .execute();
  for (const r of sending) keep.add(Number(r.article_pk));
  return pks.filter((pk) => !keep.has(pk));
}

async function deleteArticles(
  trx: Db,
  pks: number[],
  now: number,
): Promise<Omit<RetentionReport, 'outbox' | 'batches'>> {
  // the messages that carry pending decisions of these articles (read first: an id list keeps the update on the key)
  const carriers = await trx
    .selectFrom('deliveries')
    .select('outbox_id')
    .where('article_pk', 'in', pks)
    .where('status', '=', 'pending')
    .where('outbox_id', 'is not', null)
    .execute();
  const messageIds = [...new Set(carriers.map((c) => Number(c.outbox_id)))];
  // pending decisions of these articles: recorded as expired, not lost silently
  const expired = await trx
    .updateTable('deliveries')
    .set({ status: 'skipped', reason: EXPIRED_REASON, updated_at: now })
    .where('article_pk', 'in', pks)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  // their unsent messages, when nothing unfinished is left in them
  if (messageIds.length > 0)
    await trx
      .updateTable('outbox')
      .set({ status: 'skipped', reason: EXPIRED_REASON, claimed_until: 0, updated_at: now })
      .where('id', 'in', messageIds)
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('deliveries as d')
              .select('d.id')
              .whereRef('d.outbox_id', '=', 'outbox.id')
              .where('d.status', 'in', ['pending', 'sending']),
          ),
        ),
      )
      .execute();
  const deliveries = await trx
    .deleteFrom('deliveries')
    .where('article_pk', 'in', pks)
    .where((eb) => eb.or([eb('status', '!=', 'skipped'), eb('reason', '!=', EXPIRED_REASON)]))
    .executeTakeFirst();
  const digests = await trx.deleteFrom('digests').where('article_pk', 'in', pks).executeTakeFirst();
  const articles = await trx.deleteFrom('articles').where('pk', 'in', pks).executeTakeFirst();
  return {
    articles: Number(articles.numDeletedRows),
    digests: Number(digests.numDeletedRows),
    deliveries: Number(deliveries.numDeletedRows),
    expired: Number(expired.numUpdatedRows),
  };
}

/** Delete in batches of ids chosen by `select` until none is left; returns the rows deleted. */
async function deleteBatches(
  db: Db,
  table: 'deliveries' | 'outbox',
  select: (db: Db) => Promise<number[]>,
  onBatch: () => void,
): Promise<number> {
  let n = 0;
  for (;;) {
    const ids = await select(db);
    if (ids.length === 0) return n;
    const r = await db.deleteFrom(table).where('id', 'in', ids).executeTakeFirst();
    n += Number(r.numDeletedRows);
    onBatch();
    await yieldToLoop();
  }
}

/** Run every retention rule once, batch by batch. */
export async function runRetention(db: Db, s: RetentionSettings, now: number): Promise<RetentionReport> {
  const batch = s.batch ?? 200;
  const report: RetentionReport = {
    articles: 0,
    digests: 0,
    deliveries: 0,
    expired: 0,
    outbox: 0,
    batches: 0,
  };
  const onBatch = () => {
    report.batches++;
  };
  const articlesBefore = now - s.articleRetentionDays * DAY;
  let cursor: { at: number; pk: number } | undefined;
  for (;;) {
    const rows = await nextArticles(db, articlesBefore, cursor, batch);
    const last = rows.at(-1);
    if (!last) break;
    cursor = last;
    const pks = await deletable(
      db,
      rows.map((r) => r.pk),
    );
    if (pks.length > 0) {
      const r = await db.transaction().execute((trx) => deleteArticles(trx, pks, now));
      report.articles += r.articles;
      report.digests += r.digests;
      report.deliveries += r.deliveries;
      report.expired += r.expired;
    }
    onBatch();
    await yieldToLoop();
  }
  const deliveriesBefore = now - s.deliveryRetentionDays * DAY;
  report.deliveries += await deleteBatches(
    db,
    'deliveries',
    async (d) =>
      (
        await d
          .selectFrom('deliveries')
          .select('id')
          .where('updated_at', '<', deliveriesBefore)
          .where('status', 'in', ['delivered', 'failed', 'skipped'])
          .orderBy('updated_at')
          .limit(batch)
          .execute()
      ).map((r) => Number(r.id)),
    onBatch,
  );
  for (const status of ['delivered', 'failed', 'skipped'] as const) {
    report.outbox += await deleteBatches(
      db,
      'outbox',
      async (d) =>
        (
          await d
            .selectFrom('outbox')
            .select('id')
            .where('status', '=', status)
            .where('next_attempt_at', '<', deliveriesBefore)
            .where('updated_at', '<', deliveriesBefore)
            .orderBy('next_attempt_at')
            .limit(batch)
            .execute()
        ).map((r) => Number(r.id)),
      onBatch,
    );
  }
  return report;
}
