/**
 * Scheduled digests: the deliveries queued for digest-mode subscriptions are ranked (stories reported by more
 * outlets first, then the newest) and put into ONE outbox message per chat run (the adapter splits it to its
 * limits). Items beyond the subscription's maximum are recorded as not selected, never dropped silently.
 */
import type { Kysely } from 'kysely';
import { encodeReason } from '../domain/delivery-reason.js';
import type { Lang, Subscription } from '../domain/types.js';
import { t } from '../i18n/index.js';
import { articleDates } from '../store/articles-repo.js';
import { inTransaction } from '../store/db.js';
import type { Database } from '../store/schema.js';
import type { Channel } from '../store/channels-repo.js';
import { newNonce } from './fanout.js';
import {
  attachToOutbox,
  type DeliveryRow,
  duplicateCounts,
  insertOutbox,
  skipDeliveries,
} from '../store/outbox-repo.js';
import { queuedForDigest, setDigestRun } from '../store/digest-runs-repo.js';

type Db = Kysely<Database>;

interface Ranked {
  row: DeliveryRow;
  sources: number;
  at: number;
}

export async function rank(db: Db, rows: DeliveryRow[]): Promise<Ranked[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const counts = await duplicateCounts(db, ids);
  const pks = rows.map((r) => Number(r.article_pk));
  const when = await articleDates(db, pks);
  return rows
    .map((row) => ({
      row,
      sources: 1 + (counts.get(Number(row.id)) ?? 0),
      at: when.get(Number(row.article_pk)) ?? Number(row.created_at),
    }))
    .sort((a, b) => b.sources - a.sources || b.at - a.at || Number(a.row.id) - Number(b.row.id));
}

export interface DigestRun {
  /** Items put into the digest message. */
  items: number;
  outboxId?: number;
}

/** Put the queued items of `subs` (all of one channel) into one digest message. */
export async function runDigest(
  db: Db,
  channel: Channel,
  subs: Subscription[],
  locale: Lang,
  now: number,
): Promise<DigestRun> {
  if (subs.length === 0) return { items: 0 };
  return inTransaction(db, async (trx) => {
    const ranked = await rank(
      trx,
      await queuedForDigest(
        trx,
        subs.map((s) => s.id),
      ),
    );
    for (const s of subs) await setDigestRun(trx, s.id, now);
    if (ranked.length === 0) return { items: 0 };
    const max = Math.max(1, ...subs.map((s) => s.maxItems));
    const chosen = ranked.slice(0, max).map((r) => Number(r.row.id));
    const rest = ranked.slice(max).map((r) => Number(r.row.id));
    const outboxId = await insertOutbox(trx, {
      channelId: channel.id,
      subscriptionId: subs[0]?.id ?? 0,
      kind: 'digest',
      nonce: newNonce(),
      title: t(locale, 'delivery.digest_title'),
      locale,
      now,
    });
    const attached = await attachToOutbox(trx, chosen, outboxId, now);
    if (attached !== chosen.length) throw new Error('digest items were taken by a concurrent run');
    await skipDeliveries(trx, rest, encodeReason({ kind: 'not_selected', max }), now);
    return { items: chosen.length, outboxId };
  });
}
