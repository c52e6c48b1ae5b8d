/**
 * Retention: the daily cleanup of everything that only grows — old articles with their digests and decisions,
 * finished decisions and messages after their own retention, the duplicate check's story index after 14 days.
 * Deleted in small batches (keyset order, each batch one short transaction, sized to take about 20 ms) with a
 * yield to the event loop between batches, so a cleanup of millions of rows never stops the process for long
 * (better-sqlite3 runs each statement synchronously; WAL checkpoints run in a worker meanwhile, ./checkpoint.ts).
 *
 * What delivery still needs stays: articles not fanned out yet, articles with a message being sent right now,
 * unfinished decisions and messages. A decision still pending when its article goes (queued for a scheduled
 * digest, held while paused) is not dropped silently: it is finished as skipped with reason `expired` (its
 * unsent message too, when nothing else is left in it), kept as the record, and counted in the log.
 */
import { type Kysely, sql } from 'kysely';
import { encodeReason } from '../domain/delivery-reason.js';
import { withOffloadedCheckpoints } from './checkpoint.js';
import type { Database } from './schema.js';
import { oldStoryTokens } from './story-index.js';

type Db = Kysely<Database>;

export interface RetentionSettings {
  /** Dated articles published longer ago than this are deleted. */
  articleRetentionDays: number;
  /** Finished decisions and messages last changed longer ago than this are deleted. */
  deliveryRetentionDays: number;
  /** Rows of the first batch (default 200); later batches are sized to take about `batchMs`. */
  batch?: number;
  /**
   * Wall time one batch should take (default 20 ms): a slower batch shrinks the next, a faster one grows it;
   * 0 keeps every batch at `batch`.
   */
  batchMs?: number;
}

export interface RetentionReport {
  articles: number;
  digests: number;
  /** Decisions deleted (with their article or after their own retention). */
  deliveries: number;
  /** Pending decisions of deleted articles, recorded as skipped (`expired`). */
  expired: number;
  outbox: number;
  /** Rows of the duplicate check's story index (kept STORY_INDEX_DAYS). */
  storyTokens: number;
  batches: number;
}

const DAY = 86_400_000;
/** The duplicate check's story index is kept as long as the longest duplicate window (14 days). */
export const STORY_INDEX_DAYS = 14;
export const EXPIRED_REASON = encodeReason({ kind: 'expired' });

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

const MIN_BATCH = 10;
const MAX_BATCH = 2_000;

/**
 * Adaptive batch size: each batch is timed and the next is sized to take about `targetMs` (at most twice the
 * last size, at least MIN_BATCH or the first size when smaller), so one batch stays short whatever the store's
 * size, disk and load.
 */
export class BatchSizer {
  private readonly min: number;

  constructor(
    public size: number,
    private readonly targetMs: number,
  ) {
    this.min = Math.min(MIN_BATCH, size);
  }

  /** Time `fn` (one batch) and size the next batch from it. */
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const r = await fn();
    if (this.targetMs <= 0) return r;
    const ms = Math.max(performance.now() - t0, 0.1);
    const next = Math.round((this.size * this.targetMs) / ms);
    this.size = Math.max(this.min, Math.min(MAX_BATCH, this.size * 2, next));
    return r;
  }
}

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
): Promise<Omit<RetentionReport, 'outbox' | 'storyTokens' | 'batches'>> {
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
  table: 'deliveries' | 'outbox' | 'story_tokens',
  select: (db: Db, limit: number) => Promise<number[]>,
  sizer: BatchSizer,
  onBatch: () => void,
): Promise<number> {
  let n = 0;
  for (;;) {
    const done = await sizer.time(async () => {
      const ids = await select(db, sizer.size);
      if (ids.length === 0) return true;
      const r = await db.deleteFrom(table).where('id', 'in', ids).executeTakeFirst();
      n += Number(r.numDeletedRows);
      return false;
    });
    if (done) return n;
    onBatch();
    await yieldToLoop();
  }
}

/**
 * Run every retention rule once, batch by batch. On SQLite the write-ahead log is checkpointed by a worker
 * thread meanwhile (./checkpoint.ts): a checkpoint's fsync on the event loop was the longest stall.
 */
export function runRetention(db: Db, s: RetentionSettings, now: number): Promise<RetentionReport> {
  return withOffloadedCheckpoints(db, () => retain(db, s, now));
}

async function retain(db: Db, s: RetentionSettings, now: number): Promise<RetentionReport> {
  const sizer = new BatchSizer(s.batch ?? 200, s.batchMs ?? 20);
  const report: RetentionReport = {
    articles: 0,
    digests: 0,
    deliveries: 0,
    expired: 0,
    outbox: 0,
    storyTokens: 0,
    batches: 0,
  };
  const onBatch = () => {
    report.batches++;
  };
  const articlesBefore = now - s.articleRetentionDays * DAY;
  let cursor: { at: number; pk: number } | undefined;
  for (;;) {
    const done = await sizer.time(async () => {
      const rows = await nextArticles(db, articlesBefore, cursor, sizer.size);
      const last = rows.at(-1);
      if (!last) return true;
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
      return false;
    });
    if (done) break;
    onBatch();
    await yieldToLoop();
  }
  const deliveriesBefore = now - s.deliveryRetentionDays * DAY;
  report.deliveries += await deleteBatches(
    db,
    'deliveries',
    async (d, limit) =>
      (
        await d
          .selectFrom('deliveries')
          .select('id')
          .where('updated_at', '<', deliveriesBefore)
          .where('status', 'in', ['delivered', 'failed', 'skipped'])
          .orderBy('updated_at')
          .limit(limit)
          .execute()
      ).map((r) => Number(r.id)),
    sizer,
    onBatch,
  );
  for (const status of ['delivered', 'failed', 'skipped'] as const) {
    report.outbox += await deleteBatches(
      db,
      'outbox',
      async (d, limit) =>
        (
          await d
            .selectFrom('outbox')
            .select('id')
            .where('status', '=', status)
            .where('next_attempt_at', '<', deliveriesBefore)
            .where('updated_at', '<', deliveriesBefore)
            .orderBy('next_attempt_at')
            .limit(limit)
            .execute()
        ).map((r) => Number(r.id)),
      sizer,
      onBatch,
    );
  }
  report.storyTokens = await deleteBatches(
    db,
    'story_tokens',
    (d, limit) => oldStoryTokens(d, now - STORY_INDEX_DAYS * DAY, limit),
    sizer,
    onBatch,
  );
  return report;
}
