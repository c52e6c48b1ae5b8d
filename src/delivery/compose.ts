/**
 * Build the OutgoingMessage of an outbox row: the digests of its deliveries in the subscription's language
 * (pipeline/refresh/digest.ts: a stored digest in that language, else the injected Summarizer with targetLang,
 * which translates or notes that it could not), and for each story the other outlets that reported it.
 */
import type { Kysely } from 'kysely';
import type { Digest, Lang, OutgoingMessage, Summarizer } from '../domain/types.js';
import { digestIn } from '../pipeline/refresh/digest.js';
import { getArticleByPk } from '../store/articles-repo.js';
import { getFeed } from '../store/feeds-repo.js';
import type { Database } from '../store/schema.js';
import type { Channel } from '../store/channels-repo.js';
import { rank } from './digests.js';
import { type DeliveryRow, deliveriesOfOutbox, duplicatesOf, type OutboxRow } from '../store/outbox-repo.js';

type Db = Kysely<Database>;

const toLang = (v: string): Lang => (v === 'en' ? 'en' : 'de');

async function feedName(db: Db, feedId: number, cache: Map<number, string>): Promise<string> {
  let name = cache.get(feedId);
  if (name === undefined) {
    name = (await getFeed(db, feedId))?.name ?? '';
    cache.set(feedId, name);
  }
  return name;
}

/** The other outlets that reported the story of delivery `d` (whose article came from `ownFeed`), each once. */
async function alsoReported(
  db: Db,
  d: DeliveryRow,
  ownFeed: number,
  names: Map<number, string>,
): Promise<{ name: string; url: string }[]> {
  const dups = await duplicatesOf(db, [d.id]);
  const out: { name: string; url: string }[] = [];
  const seen = new Set<number>([ownFeed]);
  for (const dup of dups) {
    const a = await getArticleByPk(db, Number(dup.article_pk));
    if (!a || seen.has(a.feedId) || a.canonicalUrl === d.canonical_url) continue;
    seen.add(a.feedId);
    out.push({ name: await feedName(db, a.feedId, names), url: a.url });
  }
  return out;
}

export interface Composed {
  message: OutgoingMessage;
  /** Deliveries whose article is gone (retention cleanup): recorded as skipped by the sender. */
  missing: number[];
}

export async function composeMessage(
  db: Db,
  summarizer: Summarizer,
  row: OutboxRow,
  channel: Channel,
  preferredSummarizer?: string,
): Promise<Composed> {
  const rows = await deliveriesOfOutbox(db, Number(row.id));
  // a digest keeps the order it was ranked in (more outlets first, then newest)
  const deliveries = row.kind === 'digest' ? (await rank(db, rows)).map((r) => r.row) : rows;
  const names = new Map<number, string>();
  const digests: Digest[] = [];
  const also: { name: string; url: string }[][] = [];
  const missing: number[] = [];
  for (const d of deliveries) {
    const a = await getArticleByPk(db, Number(d.article_pk));
    if (!a) {
      missing.push(Number(d.id));
      continue;
    }
    const source = await feedName(db, a.feedId, names);
    digests.push(await digestIn(db, summarizer, a, toLang(d.language), source, preferredSummarizer));
    also.push(await alsoReported(db, d, a.feedId, names));
  }
  const message: OutgoingMessage = {
    channel: channel.ref,
    digests,
    nonce: row.nonce,
    locale: toLang(row.locale),
    ...(also.some((x) => x.length > 0) ? { alsoReportedBy: also } : {}),
    ...(row.title ? { title: row.title } : {}),
  };
  return { message, missing };
}
