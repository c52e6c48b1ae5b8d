/**
 * "Why was (or wasn't) this article posted here?": the recorded decisions about an URL in one channel,
 * with their reasons as stored (src/domain/delivery-reason.ts), a duplicate's first delivery resolved to "title — url".
 */
import type { Kysely } from 'kysely';
import type { WhyRecord } from '../commands/deps.js';
import { decodeReason, encodeReason } from '../domain/delivery-reason.js';
import type { ErrorCode } from '../domain/errors.js';
import type { ChannelRef, DeliveryStatus } from '../domain/types.js';
import { normalizeUrl } from '../pipeline/identify/index.js';
import { getArticleByPk } from '../store/articles-repo.js';
import type { Database } from '../store/schema.js';
import { getChannel } from '../store/channels-repo.js';
import { type DeliveryRow, deliveriesForUrl, deliveryArticlePk } from '../store/outbox-repo.js';

type Db = Kysely<Database>;

async function readableReason(db: Db, row: DeliveryRow): Promise<string> {
  const r = decodeReason(row.reason);
  if (r.kind !== 'duplicate' || typeof r.of !== 'number') return row.reason;
  const firstPk = await deliveryArticlePk(db, r.of);
  const a = firstPk === undefined ? undefined : await getArticleByPk(db, firstPk);
  return a ? encodeReason({ kind: 'duplicate', of: `${a.title} — ${a.url}` }) : row.reason;
}

export async function whyRecords(db: Db, channel: ChannelRef, url: string): Promise<WhyRecord[]> {
  const ch = await getChannel(db, channel);
  if (!ch) return [];
  const urls = [...new Set([url.trim(), normalizeUrl(url.trim()) ?? url.trim()])];
  const rows = await deliveriesForUrl(db, [ch.id], urls);
  const out: WhyRecord[] = [];
  for (const r of rows) {
    const a = await getArticleByPk(db, Number(r.article_pk));
    out.push({
      subscriptionId: Number(r.subscription_id),
      ...(a ? { title: a.title } : {}),
      status: r.status as DeliveryStatus,
      reason: await readableReason(db, r),
      ...(r.last_error_code ? { errorCode: r.last_error_code as ErrorCode } : {}),
      at: Number(r.updated_at),
    });
  }
  return out;
}
