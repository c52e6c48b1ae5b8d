/**
 * Repository of the feeds area: feeds (one row per URL), their refresh state and health.
 * Articles and digests live in ./articles-repo.ts; writing a refresh is ./refresh-write.ts.
 * Every function takes a Kysely instance, so it also runs inside a transaction.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ErrorCode } from '../domain/errors.js';
import type { FeedHealth, FeedSource, Lang } from '../domain/types.js';
import type { Database } from './schema.js';
import type { FeedsTable } from './schema-feeds.js';

type Db = Kysely<Database>;
export type FeedRow = Selectable<FeedsTable>;

export interface NewFeed {
  url: string;
  name: string;
  language: Lang;
  tags: string[];
  intervalMinutes: number;
  fullText: boolean;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const num = (v: number | null): number | undefined => (v === null ? undefined : Number(v));

export function parseTags(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Message parameters as stored: an object of strings and numbers, anything else dropped. */
export function parseErrorParams(json: string | null): Record<string, string | number> | undefined {
  if (!json) return undefined;
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const out: Record<string, string | number> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number') out[k] = x;
    return out;
  } catch {
    return undefined;
  }
}

/** Error parameters to store: primitives only, strings cut to 200 characters; null when there are none. */
export function errorParamsJson(params: Record<string, unknown> | undefined): string | null {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (typeof v === 'string') out[k] = v.slice(0, 200);
  }
  return Object.keys(out).length > 0 ? JSON.stringify(out) : null;
}

export function rowToFeed(r: FeedRow): FeedSource & { initialized: boolean; lastCheckedAt?: number } {
  return {
    id: Number(r.id),
    url: r.url,
    name: r.name,
    language: r.language === 'en' ? 'en' : 'de',
    tags: parseTags(r.tags),
    intervalMinutes: Number(r.interval_minutes),
    fullText: Number(r.full_text) === 1,
    origin: r.origin,
    etag: opt(r.etag),
    lastModified: opt(r.last_modified),
    bodyHash: opt(r.body_hash),
    nextCheckAt: Number(r.next_check_at),
    health: r.health,
    errorCount: Number(r.error_count),
    lastErrorCode: opt(r.last_error_code) as ErrorCode | undefined,
    lastErrorParams: parseErrorParams(r.last_error_params),
    lastErrorAt: num(r.last_error_at),
    lastItemAt: num(r.last_item_at),
    lastCheckedAt: num(r.last_checked_at),
    initialized: Number(r.initialized) === 1,
  };
}

export type StoredFeed = ReturnType<typeof rowToFeed>;

function tagList(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
}

function normTags(tags: string[]): string {
  return JSON.stringify(tagList(tags));
}

/** Keep `feed_tags` (topic → feeds) in step with a feed's tags. */
async function setFeedTags(db: Db, feedId: number, tags: string[]): Promise<void> {
  await db.deleteFrom('feed_tags').where('feed_id', '=', feedId).execute();
  const list = tagList(tags);
  if (list.length > 0)
    await db
      .insertInto('feed_tags')
      .values(list.map((tag) => ({ tag, feed_id: feedId })))
      // another instance wrote the same tags at the same time
      .onConflict((oc) => oc.columns(['tag', 'feed_id']).doNothing())
      .execute();
}

/** Ids of the feeds carrying any of `tags`, at most `limit` (an index read of feed_tags, not of every feed). */
export async function feedIdsWithTags(db: Db, tags: string[], limit?: number): Promise<number[]> {
  const list = tagList(tags);
  if (list.length === 0) return [];
  let q = db.selectFrom('feed_tags').select('feed_id').distinct().where('tag', 'in', list);
  if (limit !== undefined) q = q.limit(limit);
  const rows = await q.execute();
  return rows.map((r) => Number(r.feed_id));
}

/** The feeds with these ids (any order); ids without a feed are left out. */
export async function getFeedsByIds(db: Db, ids: number[]): Promise<StoredFeed[]> {
  const out: StoredFeed[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('feeds')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    out.push(...rows.map(rowToFeed));
  }
  return out;
}

function insertValues(f: NewFeed, origin: 'catalog' | 'admin', now: number) {
  return {
    url: f.url,
    name: f.name,
    language: f.language,
    tags: normTags(f.tags),
    interval_minutes: f.intervalMinutes,
    full_text: f.fullText ? 1 : 0,
    origin,
    etag: null,
    last_modified: null,
    body_hash: null,
    next_check_at: now,
    health: 'ok' as const,
    error_count: 0,
    last_error_code: null,
    last_error_at: null,
    last_checked_at: null,
    last_item_at: null,
    initialized: 0,
    created_at: now,
  };
}

/** The catalog's fields of a feed (name, language, tags, interval, full text); state, health and origin are kept. */
async function updateCatalogFields(db: Db, id: number, origin: FeedRow['origin'], f: NewFeed): Promise<void> {
  await db
    .updateTable('feeds')
    .set({
      name: f.name,
      language: f.language,
      tags: normTags(f.tags),
      interval_minutes: f.intervalMinutes,
      full_text: f.fullText ? 1 : 0,
      // a retired catalog feed that is back in the catalog is polled again
      origin: origin === 'retired' ? 'catalog' : origin,
    })
    .where('id', '=', id)
    .execute();
  await setFeedTags(db, id, f.tags);
}

/**
 * Insert or update the catalog's feeds (by URL). Name, language, tags, interval and full-text follow the catalog;
 * state, health and origin of existing rows are kept. Returns how many rows were new. Safe when several
 * instances load the catalog at once: a row another instance inserted meanwhile is adopted (insert … on
 * conflict do nothing, then update), never a duplicate-key error.
 */
export async function upsertCatalogFeeds(db: Db, feeds: NewFeed[], now: number): Promise<{ added: number }> {
  let added = 0;
  await db.transaction().execute(async (trx) => {
    for (const f of feeds) {
      const existing = await trx
        .selectFrom('feeds')
        .select(['id', 'origin'])
        .where('url', '=', f.url)
        .executeTakeFirst();
      if (existing) {
        await updateCatalogFields(trx, Number(existing.id), existing.origin, f);
        continue;
      }
      const r = await trx
        .insertInto('feeds')
        .values(insertValues(f, 'catalog', now))
        .onConflict((oc) => oc.column('url').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (r) {
        await setFeedTags(trx, Number(r.id), f.tags);
        added++;
        continue;
      }
      // inserted by another instance since our select (its transaction committed): adopt it
      const theirs = await trx
        .selectFrom('feeds')
        .select(['id', 'origin'])
        .where('url', '=', f.url)
        .executeTakeFirstOrThrow();
      await updateCatalogFields(trx, Number(theirs.id), theirs.origin, f);
    }
  });
  return { added };
}

/**
 * Catalog feeds whose URL is no longer in the catalog: one that a chat added too becomes an admin feed (still
 * polled for that chat); the others are retired (kept, not polled).
 */
export async function retireCatalogFeeds(
  db: Db,
  catalogUrls: string[],
): Promise<{ retired: number; adopted: number }> {
  const keep = new Set(catalogUrls);
  let retired = 0;
  let adopted = 0;
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('feeds')
      .select(['id', 'url'])
      .where('origin', '=', 'catalog')
      .execute();
    for (const r of rows) {
      if (keep.has(r.url)) continue;
      const links = await trx
        .selectFrom('chat_feeds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('feed_id', '=', r.id)
        .executeTakeFirst();
      const origin = Number(links?.n ?? 0) > 0 ? 'admin' : 'retired';
      await trx.updateTable('feeds').set({ origin }).where('id', '=', r.id).execute();
      if (origin === 'admin') adopted++;
      else retired++;
    }
  });
  return { retired, adopted };
}

/** A chat admin added a retired catalog feed: it is an admin feed (polled) from now on. */
export async function adoptRetiredFeed(db: Db, feedId: number): Promise<void> {
  await db
    .updateTable('feeds')
    .set({ origin: 'admin' })
    .where('id', '=', feedId)
    .where('origin', '=', 'retired')
    .execute();
}

/** Add a feed from an admin command. An already known URL is returned as it is (`created: false`). */
export async function addFeed(
  db: Db,
  f: NewFeed,
  now: number,
): Promise<{ feed: StoredFeed; created: boolean }> {
  const before = await getFeedByUrl(db, f.url);
  if (before) return { feed: before, created: false };
  const r = await db
    .insertInto('feeds')
    .values(insertValues(f, 'admin', now))
    .onConflict((oc) => oc.column('url').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (r) await setFeedTags(db, Number(r.id), f.tags);
  const feed = await getFeedByUrl(db, f.url);
  if (!feed) throw new Error(`feed ${f.url} vanished after insert`);
  return { feed, created: true };
}

/** Remove a feed with its articles and digests. Returns false when it did not exist. */
export async function removeFeed(db: Db, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const pks = trx.selectFrom('articles').select('pk').where('feed_id', '=', id);
    await trx.deleteFrom('digests').where('article_pk', 'in', pks).execute();
    await trx.deleteFrom('articles').where('feed_id', '=', id).execute();
    await trx.deleteFrom('feed_tags').where('feed_id', '=', id).execute();
    const r = await trx.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  });
}

export async function getFeed(db: Db, id: number): Promise<StoredFeed | undefined> {
  const r = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToFeed(r) : undefined;
}

export async function getFeedByUrl(db: Db, url: string): Promise<StoredFeed | undefined> {
  const r = await db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
  return r ? rowToFeed(r) : undefined;
}

/** All feeds (ordered by name), optionally only those carrying `tag` or in one health state. */
export async function listFeeds(
  db: Db,
  opts: { tag?: string; health?: FeedHealth } = {},
): Promise<StoredFeed[]> {
  let q = db.selectFrom('feeds').selectAll().orderBy('name').orderBy('id');
  if (opts.health) q = q.where('health', '=', opts.health);
  const tag = opts.tag?.trim().toLowerCase();
  if (tag) q = q.where('tags', 'like', `%${JSON.stringify(tag)}%`);
  const rows = (await q.execute()).map(rowToFeed);
  return tag ? rows.filter((f) => f.tags.includes(tag)) : rows;
}

/** Feeds due at `now` (not disabled), the most overdue first. */
/** The URL of every stored feed. */
export async function listFeedUrls(db: Db): Promise<string[]> {
  return (await db.selectFrom('feeds').select('url').execute()).map((r) => r.url);
}

export async function listDueFeeds(db: Db, now: number, limit: number): Promise<StoredFeed[]> {
  const rows = await db
    .selectFrom('feeds')
    .selectAll()
    .where('health', '!=', 'disabled')
    .where('origin', '!=', 'retired')
    .where('next_check_at', '<=', now)
    .orderBy('next_check_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(rowToFeed);
}

/** The refresh state written after a poll (success or failure). */
export interface FeedStatePatch {
  etag?: string | null;
  lastModified?: string | null;
  bodyHash?: string | null;
  nextCheckAt: number;
  health: FeedHealth;
  errorCount: number;
  lastErrorCode?: ErrorCode | null;
  /** Written with lastErrorCode: the error's message parameters (null: none). */
  lastErrorParams?: Record<string, string | number> | null;
  lastErrorAt?: number | null;
  lastCheckedAt: number;
  lastItemAt?: number;
  initialized?: boolean;
}

export async function updateFeedState(db: Db, feedId: number, p: FeedStatePatch): Promise<void> {
  const set: Updateable<FeedsTable> = {
    next_check_at: p.nextCheckAt,
    health: p.health,
    error_count: p.errorCount,
    last_checked_at: p.lastCheckedAt,
  };
  if (p.etag !== undefined) set.etag = p.etag;
  if (p.lastModified !== undefined) set.last_modified = p.lastModified;
  if (p.bodyHash !== undefined) set.body_hash = p.bodyHash;
  if (p.lastErrorCode !== undefined) set.last_error_code = p.lastErrorCode;
  if (p.lastErrorParams !== undefined)
    set.last_error_params = errorParamsJson(p.lastErrorParams ?? undefined);
  if (p.lastErrorAt !== undefined) set.last_error_at = p.lastErrorAt;
  if (p.lastItemAt !== undefined) set.last_item_at = p.lastItemAt;
  if (p.initialized !== undefined) set.initialized = p.initialized ? 1 : 0;
  await db.updateTable('feeds').set(set).where('id', '=', feedId).execute();
}

/** Re-enable a disabled feed (admin action): health ok, error count reset, due now. */
export async function enableFeed(db: Db, feedId: number, now: number): Promise<void> {
  await db
    .updateTable('feeds')
    .set({ health: 'ok', error_count: 0, next_check_at: now })
    .where('id', '=', feedId)
    .execute();
}

/** Feeds per health (`ok`, `failing`, `disabled`) for /metrics. One query. */
export async function feedsByHealth(db: Db): Promise<Record<FeedHealth, number>> {
  const rows = await db
    .selectFrom('feeds')
    .select((eb) => ['health', eb.fn.countAll<number>().as('n')])
    .groupBy('health')
    .execute();
  const out: Record<FeedHealth, number> = { ok: 0, failing: 0, disabled: 0 };
  for (const r of rows) if (r.health in out) out[r.health] = Number(r.n);
  return out;
}
