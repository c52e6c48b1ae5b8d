/**
 * Articles (the persistent seen-set of every feed); their digests are ./digests-repo.ts. Writing a refresh (a feed's new articles,
 * their digests and the feed's state in ONE transaction) is ./refresh-write.ts.
 */
import { type Kysely, type SelectQueryBuilder, type Selectable, sql } from 'kysely';
import type { Article, DetectedLang, Digest } from '../domain/types.js';
import { feedIdsWithTags } from './feeds-repo.js';
import { feedIdsSqlite, knownSqlite } from './refresh-sqlite.js';
import type { Database } from './schema.js';
import type { ArticlesTable } from './schema-feeds.js';

type Db = Kysely<Database>;
type ArticleRow = Selectable<ArticlesTable>;
type ArticleQuery = SelectQueryBuilder<Database, 'articles', ArticleRow>;

/** An article as stored: the domain Article plus its surrogate key and delivery flags. */
export interface StoredArticle extends Article {
  /** Integer surrogate key (articles.pk); digests and the delivery outbox refer to it. */
  pk: number;
  announce: boolean;
  fanoutDone: boolean;
  createdAt: number;
}

export interface ArticleInput extends Article {
  announce: boolean;
  /** Digests to store with the article (one per language/summarizer). */
  digests?: Digest[];
}

const CHUNK = 200;

/** `xs` in parts of at most `n` (bound parameters per statement stay under both engines' limits). */
export function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export function rowToArticle(r: ArticleRow): StoredArticle {
  return {
    pk: Number(r.pk),
    id: r.id,
    feedId: Number(r.feed_id),
    url: r.url,
    canonicalUrl: r.canonical_url,
    title: r.title,
    publishedAt: r.published_at === null ? undefined : Number(r.published_at),
    text: r.text,
    language: r.language as DetectedLang,
    imageUrl: r.image_url ?? undefined,
    author: r.author ?? undefined,
    announce: Number(r.announce) === 1,
    fanoutDone: Number(r.fanout_done) === 1,
    createdAt: Number(r.created_at),
  };
}

function toRow(a: ArticleInput, now: number) {
  return {
    feed_id: a.feedId,
    id: a.id,
    url: a.url,
    canonical_url: a.canonicalUrl,
    title: a.title,
    published_at: a.publishedAt ?? null,
    text: a.text,
    language: a.language,
    image_url: a.imageUrl ?? null,
    author: a.author ?? null,
    announce: a.announce ? 1 : 0,
    fanout_done: 0,
    created_at: now,
  };
}

/** Up to `limit` ids this feed has stored, the most recently stored first. */
export async function recentIds(db: Db, feedId: number, limit: number): Promise<string[]> {
  const fast = feedIdsSqlite(db, feedId, limit);
  if (fast) return fast;
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('feed_id', '=', feedId)
    .orderBy('created_at', 'desc')
    .orderBy('pk', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Most ids one known-id list holds (a feed storing more is covered by its most recent ones). */
export const KNOWN_IDS_CAP = 50_000;

/**
 * The known-id list of the refresh's known-item shortcut: the feed's stored ids, most recently stored first,
 * sized from the feed's own item count (all of them up to `cap`). `complete`: every stored id is in the list.
 */
export async function knownIdList(
  db: Db,
  feedId: number,
  cap = KNOWN_IDS_CAP,
): Promise<{ ids: string[]; complete: boolean }> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  const count = Number(r?.n ?? 0);
  if (count === 0) return { ids: [], complete: true };
  const ids = await recentIds(db, feedId, Math.min(count, cap));
  return { ids, complete: count <= cap && ids.length >= count };
}

/** Which of `ids` this feed has stored already. */
export async function knownIds(db: Db, feedId: number, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(ids)], 500)) {
    if (part.length === 0) continue;
    const fast = knownSqlite(db, 'id', feedId, part);
    if (fast) {
      for (const id of fast) out.add(id);
      continue;
    }
    const rows = await db
      .selectFrom('articles')
      .select('id')
      .where('feed_id', '=', feedId)
      .where('id', 'in', part)
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Which of `urls` (canonical) this feed has stored already. */
export async function knownCanonicalUrls(db: Db, feedId: number, urls: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(urls)], 500)) {
    if (part.length === 0) continue;
    const fast = knownSqlite(db, 'canonical_url', feedId, part);
    if (fast) {
      for (const url of fast) out.add(url);
      continue;
    }
    const rows = await db
      .selectFrom('articles')
      .select('canonical_url')
      .where('feed_id', '=', feedId)
      .where('canonical_url', 'in', part)
      .execute();
    for (const r of rows) out.add(r.canonical_url);
  }
  return out;
}

/** Which of `ids` and of `canonicalUrls` this feed has stored already (one query per 250 of each). */
export async function knownArticles(
  db: Db,
  feedId: number,
  ids: string[],
  canonicalUrls: string[],
): Promise<{ ids: Set<string>; canonicalUrls: Set<string> }> {
  const out = { ids: new Set<string>(), canonicalUrls: new Set<string>() };
  const idParts = chunks([...new Set(ids)], 250);
  const urlParts = chunks([...new Set(canonicalUrls)], 250);
  for (let k = 0; k < Math.max(idParts.length, urlParts.length); k++) {
    const idPart = idParts[k] ?? [];
    const urlPart = urlParts[k] ?? [];
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'canonical_url'])
      .where('feed_id', '=', feedId)
      .where((eb) =>
        eb.or([
          ...(idPart.length > 0 ? [eb('id', 'in', idPart)] : []),
          ...(urlPart.length > 0 ? [eb('canonical_url', 'in', urlPart)] : []),
        ]),
      )
      .execute();
    for (const r of rows) {
      out.ids.add(r.id);
      out.canonicalUrls.add(r.canonical_url);
    }
  }
  return out;
}

/** Insert articles (skipping those stored already, same feed and id); returns the pk of each inserted id. */
export async function insertArticles(
  db: Db,
  articles: ArticleInput[],
  now: number,
): Promise<Map<string, number>> {
  const pks = new Map<string, number>();
  for (const part of chunks(articles)) {
    const rows = await db
      .insertInto('articles')
      .values(part.map((a) => toRow(a, now)))
      .onConflict((oc) => oc.columns(['feed_id', 'id']).doNothing())
      .returning(['pk', 'id'])
      .execute();
    for (const r of rows) pks.set(r.id, Number(r.pk));
  }
  return pks;
}

export async function getArticle(db: Db, feedId: number, id: string): Promise<StoredArticle | undefined> {
  const r = await db
    .selectFrom('articles')
    .selectAll()
    .where('feed_id', '=', feedId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? rowToArticle(r) : undefined;
}

export async function getArticleByPk(db: Db, pk: number): Promise<StoredArticle | undefined> {
  const r = await db.selectFrom('articles').selectAll().where('pk', '=', pk).executeTakeFirst();
  return r ? rowToArticle(r) : undefined;
}

/** The most recently stored article with this canonical URL (any feed), if any. */
export async function findArticleByUrl(db: Db, canonicalUrl: string): Promise<StoredArticle | undefined> {
  const r = await db
    .selectFrom('articles')
    .selectAll()
    .where('canonical_url', '=', canonicalUrl)
    .orderBy('created_at', 'desc')
    .orderBy('pk', 'desc')
    .executeTakeFirst();
  return r ? rowToArticle(r) : undefined;
}

/** When the feed's first stored items were stored (its first poll), or undefined when it has none. */
export async function firstStoredAt(db: Db, feedId: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.min<number>('created_at').as('first'))
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return r?.first === null || r?.first === undefined ? undefined : Number(r.first);
}

/** Whether the feed stored another article with this canonical URL before `before`. */
export async function storedBefore(
  db: Db,
  feedId: number,
  canonicalUrl: string,
  before: number,
): Promise<boolean> {
  const r = await db
    .selectFrom('articles')
    .select('pk')
    .where('feed_id', '=', feedId)
    .where('canonical_url', '=', canonicalUrl)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return r !== undefined;
}

export interface LatestQuery {
  feedIds?: number[];
  /** Feeds carrying any of these tags. */
  tags?: string[];
  limit: number;
  /** Only articles that were announced (default false: everything stored). */
  announcedOnly?: boolean;
  /** Only articles stored at or after this time. */
  since?: number;
}

/** Up to this many feeds are read one index range each; more are read in one pass over the newest articles. */
const LATEST_PER_FEED_MAX = 50;

/** When an article counts as new: its publication date, else when it was stored (indexed expression, 009). */
const newest = sql<number>`coalesce(published_at, created_at)`;

function newestFirst(a: StoredArticle, b: StoredArticle): number {
  return (b.publishedAt ?? b.createdAt) - (a.publishedAt ?? a.createdAt) || b.pk - a.pk;
}

/**
 * Newest articles first (by publication date, else by when they were stored). Cost independent of the store's
 * size: a few feeds are read newest-first one index range each; many feeds (a broad topic) in one pass over
 * the newest articles of the store, keeping those of the wanted feeds.
 */
export async function latestArticles(db: Db, q: LatestQuery): Promise<StoredArticle[]> {
  const tags = (q.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean);
  const explicit = [...new Set(q.feedIds ?? [])];
  // the topics' feeds, read only as far as deciding between the two plans
  const tagged = tags.length > 0 ? await feedIdsWithTags(db, tags, LATEST_PER_FEED_MAX + 1) : [];
  const few = [...new Set([...tagged, ...explicit])];
  if (few.length === 0 && (tags.length > 0 || q.feedIds)) return [];
  const filtered = (feedFilter: (b: ArticleQuery) => ArticleQuery) => {
    let b = feedFilter(db.selectFrom('articles').selectAll('articles'));
    if (q.announcedOnly) b = b.where('announce', '=', 1);
    if (q.since !== undefined) b = b.where('created_at', '>=', q.since);
    return b.orderBy(newest, 'desc').orderBy('pk', 'desc').limit(q.limit);
  };
  if (few.length > 0 && few.length <= LATEST_PER_FEED_MAX && tagged.length <= LATEST_PER_FEED_MAX) {
    const parts = few.map((id, i) =>
      db.selectFrom(filtered((b) => b.where('feed_id', '=', id)).as(`f${i}`)).selectAll(),
    );
    const [first, ...rest] = parts;
    if (!first) return [];
    const rows = await rest.reduce((u, p) => u.unionAll(p), first).execute();
    return rows.map(rowToArticle).sort(newestFirst).slice(0, q.limit);
  }
  // `feed_id + 0` is no index column: the planner walks the newest-articles index and filters, it never sorts
  const feed = sql<number>`feed_id + 0`;
  const rows = await filtered((b) => {
    if (tags.length === 0 && !q.feedIds) return b;
    return b.where((eb) =>
      eb.or([
        ...(tags.length > 0
          ? [
              eb(
                feed,
                'in',
                eb.selectFrom('feed_tags').select('feed_tags.feed_id').where('feed_tags.tag', 'in', tags),
              ),
            ]
          : []),
        ...(explicit.length > 0 ? [eb(feed, 'in', explicit)] : []),
      ]),
    );
  }).execute();
  return rows.map(rowToArticle);
}

/** When each article was published, else when it was stored, by pk. */
export async function articleDates(db: Db, pks: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const part of chunks(pks, 500)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('articles')
      .select(['pk', 'published_at', 'created_at'])
      .where('pk', 'in', part)
      .execute();
    for (const a of rows) out.set(Number(a.pk), Number(a.published_at ?? a.created_at));
  }
  return out;
}

/** Announced articles the delivery fan-out has not handled yet, oldest first. */
export async function listPendingFanout(db: Db, limit: number): Promise<StoredArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .selectAll()
    // literals, so both planners use the partial index articles_fanout_todo (009)
    .where(sql<boolean>`announce = 1 and fanout_done = 0`)
    .orderBy('pk')
    .limit(limit)
    .execute();
  return rows.map(rowToArticle);
}

export async function markFanoutDone(db: Db, pks: number[]): Promise<void> {
  for (const part of chunks(pks, 500)) {
    if (part.length > 0)
      await db.updateTable('articles').set({ fanout_done: 1 }).where('pk', 'in', part).execute();
  }
}
