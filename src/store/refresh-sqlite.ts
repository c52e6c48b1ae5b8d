/**
 * The group commit's writes on SQLite without the query builder: the same statements `saveRefreshIn` builds
 * through Kysely (same columns, values, conflict rules and constraints), prepared once per connection and run
 * in one synchronous better-sqlite3 transaction, so nothing else can interleave and a throw rolls it all back.
 * Used only when Kysely has no transaction open on the connection; PostgreSQL always takes the Kysely path.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ArticleInput, StoredArticle } from './articles-repo.js';
import { errorParamsJson, type FeedStatePatch } from './feeds-repo.js';
import type { SaveRefreshInput } from './refresh-write.js';
import type { Database } from './schema.js';

const handles = new WeakMap<Kysely<Database>, BetterSqlite3.Database>();

/** Remember the better-sqlite3 connection under a Kysely instance (openStore does this). */
export function registerSqlite(db: Kysely<Database>, sqlite: BetterSqlite3.Database): void {
  handles.set(db, sqlite);
}

/** The better-sqlite3 connection under a Kysely instance (undefined on PostgreSQL). */
export function sqliteHandle(db: Kysely<Database>): BetterSqlite3.Database | undefined {
  return handles.get(db);
}

const INSERT_ARTICLE = `insert into articles (feed_id, id, url, canonical_url, title, published_at, text, language,
  image_url, author, announce, fanout_done, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
  on conflict (feed_id, id) do nothing returning pk`;
const INSERT_DIGEST = `insert into digests (article_pk, language, summarizer, json, created_at) values (?, ?, ?, ?, ?)
  on conflict (article_pk, language, summarizer) do nothing`;
// a patch field that is undefined leaves its column as it is (flag 0), null clears it
const UPDATE_FEED = `update feeds set next_check_at = ?, health = ?, error_count = ?, last_checked_at = ?,
  etag = case when ? then ? else etag end, last_modified = case when ? then ? else last_modified end,
  body_hash = case when ? then ? else body_hash end, last_error_code = case when ? then ? else last_error_code end,
  last_error_params = case when ? then ? else last_error_params end,
  last_error_at = case when ? then ? else last_error_at end, last_item_at = case when ? then ? else last_item_at end,
  initialized = case when ? then ? else initialized end where id = ?`;

interface Statements {
  article: BetterSqlite3.Statement;
  digest: BetterSqlite3.Statement;
  feed: BetterSqlite3.Statement;
}

const prepared = new WeakMap<BetterSqlite3.Database, Statements>();

function statements(sqlite: BetterSqlite3.Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    s = {
      article: sqlite.prepare(INSERT_ARTICLE),
      digest: sqlite.prepare(INSERT_DIGEST),
      feed: sqlite.prepare(UPDATE_FEED),
    };
    prepared.set(sqlite, s);
  }
  return s;
}

const opt = <T>(v: T | undefined): [number, T | null] => (v === undefined ? [0, null] : [1, v]);

function feedParams(feedId: number, p: FeedStatePatch): unknown[] {
  const initialized = p.initialized === undefined ? undefined : p.initialized ? 1 : 0;
  return [
    p.nextCheckAt,
    p.health,
    p.errorCount,
    p.lastCheckedAt,
    ...opt(p.etag),
    ...opt(p.lastModified),
    ...opt(p.bodyHash),
    ...opt(p.lastErrorCode),
    ...opt(p.lastErrorParams === undefined ? undefined : errorParamsJson(p.lastErrorParams ?? undefined)),
    ...opt(p.lastErrorAt),
    ...opt(p.lastItemAt),
    ...opt(initialized),
    feedId,
  ];
}

function insertArticle(s: Statements, a: ArticleInput, now: number): number | undefined {
  const row = s.article.get(
    a.feedId,
    a.id,
    a.url,
    a.canonicalUrl,
    a.title,
    a.publishedAt ?? null,
    a.text,
    a.language,
    a.imageUrl ?? null,
    a.author ?? null,
    a.announce ? 1 : 0,
    now,
  ) as { pk: number | bigint } | undefined;
  return row === undefined ? undefined : Number(row.pk);
}

function saveOne(s: Statements, input: SaveRefreshInput): StoredArticle[] {
  const out: StoredArticle[] = [];
  for (const a of input.articles) {
    const pk = insertArticle(s, a, input.now);
    if (pk === undefined) continue; // stored already (same feed and id)
    for (const d of a.digests ?? []) s.digest.run(pk, d.language, d.summarizer, JSON.stringify(d), input.now);
    const { digests: _d, ...article } = a;
    out.push({ ...article, pk, fanoutDone: false, createdAt: input.now });
  }
  s.feed.run(...feedParams(input.feedId, input.state));
  return out;
}

/**
 * Write the refreshes in one SQLite transaction, or return undefined when this store is not SQLite or Kysely
 * has a transaction open on the connection (the caller then takes the Kysely path). Throws (after rollback)
 * when any write fails.
 */
export function saveRefreshesSqlite(
  db: Kysely<Database>,
  inputs: SaveRefreshInput[],
): StoredArticle[][] | undefined {
  const sqlite = handles.get(db);
  if (!sqlite || sqlite.inTransaction) return undefined;
  const s = statements(sqlite);
  return sqlite.transaction(() => inputs.map((input) => saveOne(s, input)))();
}

const lookups = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * Which of `values` (at most 500) the feed has stored in `column`, or undefined when this store is not SQLite
 * or a Kysely transaction is open on the connection (its uncommitted rows must not count as seen; the caller
 * then asks through Kysely).
 */
export function knownSqlite(
  db: Kysely<Database>,
  column: 'id' | 'canonical_url',
  feedId: number,
  values: string[],
): Set<string> | undefined {
  const sqlite = handles.get(db);
  if (!sqlite || sqlite.inTransaction || values.length === 0 || values.length > 500) return undefined;
  let cache = lookups.get(sqlite);
  if (!cache) {
    cache = new Map();
    lookups.set(sqlite, cache);
  }
  const key = `${column}:${values.length}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const marks = values.map(() => '?').join(', ');
    // `+feed_id` keeps SQLite's planner on the canonical_url index: by feed_id it would read all of the feed's
    // rows (text included) to find five URLs; the id lookup is a covering search of the (feed_id, id) index
    const feed = column === 'id' ? 'feed_id' : '+feed_id';
    stmt = sqlite
      .prepare(`select ${column} from articles where ${feed} = ? and ${column} in (${marks})`)
      .pluck();
    cache.set(key, stmt);
  }
  return new Set(stmt.all(feedId, ...values) as string[]);
}

const feedIdStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/**
 * Up to `limit` ids the feed has stored, the most recently stored first (the (feed_id, created_at) index), or
 * undefined when this
 * store is not SQLite or a Kysely transaction is open on the connection (as for knownSqlite).
 */
export function feedIdsSqlite(db: Kysely<Database>, feedId: number, limit: number): string[] | undefined {
  const sqlite = handles.get(db);
  if (!sqlite || sqlite.inTransaction) return undefined;
  let stmt = feedIdStatements.get(sqlite);
  if (!stmt) {
    stmt = sqlite
      .prepare('select id from articles where feed_id = ? order by created_at desc, pk desc limit ?')
      .pluck();
    feedIdStatements.set(sqlite, stmt);
  }
  return stmt.all(feedId, limit) as string[];
}
