/**
 * The unit of work "write a refresh": a feed's new articles, their digests and its new state, all or nothing.
 * `saveRefresh` writes one refresh in one transaction; the group commit (`createRefreshWriter`) writes refreshes
 * that finish close together in one transaction (each feed's articles, digests and state still all-or-nothing,
 * since they share it). SQLite pays per commit, so a poll cycle of thousands of feeds commits tens of times
 * instead of thousands. A batch is written when `maxBatch` results wait or `windowMs` after the first of them
 * arrived, whichever comes first. When a shared transaction fails, its feeds are retried one transaction each, so
 * one bad feed cannot fail the others.
 *
 * On SQLite (no Kysely transaction open on the connection) the group commit's writes skip the query builder: the
 * same statements `saveRefreshIn` builds through Kysely (same columns, values, conflict rules and constraints),
 * prepared once per connection and run in one synchronous better-sqlite3 transaction, so nothing else can
 * interleave and a throw rolls it all back. PostgreSQL always takes the Kysely path.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { type ArticleInput, insertArticles, insertDigests, type StoredArticle } from './articles-repo.js';
import { errorParamsJson, type FeedStatePatch, updateFeedState } from './feeds-repo.js';
import { sqliteOf } from './refresh-sqlite.js';
import type { Database } from './schema.js';
import { underLockWatch } from './sqlite-lock.js';

type Db = Kysely<Database>;

export interface SaveRefreshInput {
  feedId: number;
  articles: ArticleInput[];
  state: FeedStatePatch;
  now: number;
}

/**
 * Store a feed's new articles with their digests and its new state in one transaction. Articles already stored
 * (same feed and id, e.g. from a concurrent poll) are skipped. Returns the stored articles (with pk) in input order.
 */
export async function saveRefresh(db: Db, input: SaveRefreshInput): Promise<StoredArticle[]> {
  return db.transaction().execute((trx) => saveRefreshIn(trx, input));
}

/** The writes of `saveRefresh` on a connection that is already inside a transaction. */
export async function saveRefreshIn(trx: Db, input: SaveRefreshInput): Promise<StoredArticle[]> {
  const pks = input.articles.length > 0 ? await insertArticles(trx, input.articles, input.now) : new Map();
  const digests = input.articles.flatMap((a) => {
    const pk = pks.get(a.id);
    return pk === undefined ? [] : (a.digests ?? []).map((digest) => ({ pk, digest }));
  });
  await insertDigests(trx, digests, input.now);
  await updateFeedState(trx, input.feedId, input.state);
  return input.articles.flatMap((a) => {
    const pk = pks.get(a.id);
    if (pk === undefined) return [];
    const { digests: _d, ...article } = a;
    return [{ ...article, pk, fanoutDone: false, createdAt: input.now }];
  });
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
function saveRefreshesSqlite(
  db: Kysely<Database>,
  inputs: SaveRefreshInput[],
): StoredArticle[][] | undefined {
  const sqlite = sqliteOf(db);
  if (!sqlite || sqlite.inTransaction) return undefined;
  const s = statements(sqlite);
  return sqlite.transaction(() => inputs.map((input) => saveOne(s, input)))();
}

export interface RefreshWriter {
  save(input: SaveRefreshInput): Promise<StoredArticle[]>;
}

export interface RefreshWriterOptions {
  /** Write as soon as this many results wait (default 10; the poller passes half its concurrency). */
  maxBatch?: number;
  /** Longest a result waits for others to join its transaction, in ms (default 10). */
  windowMs?: number;
}

interface Pending {
  input: SaveRefreshInput;
  resolve: (v: StoredArticle[]) => void;
  reject: (e: unknown) => void;
}

export function createRefreshWriter(db: Kysely<Database>, opts: RefreshWriterOptions = {}): RefreshWriter {
  const maxBatch = Math.max(1, opts.maxBatch ?? 10);
  const windowMs = Math.max(0, opts.windowMs ?? 10);
  const queue: Pending[] = [];
  let writing = false;
  let timer: NodeJS.Timeout | undefined;

  /** All inputs in one transaction: raw prepared statements on SQLite, Kysely otherwise. */
  async function saveAll(inputs: SaveRefreshInput[]): Promise<StoredArticle[][]> {
    // SQLite locked by another process: waited for (and logged) without blocking the event loop
    const fast = await underLockWatch(db, () => saveRefreshesSqlite(db, inputs));
    if (fast) return fast;
    return db.transaction().execute(async (trx) => {
      const out: StoredArticle[][] = [];
      for (const input of inputs) out.push(await saveRefreshIn(trx, input));
      return out;
    });
  }

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await saveAll(batch.map((p) => p.input));
      batch.forEach((p, i) => {
        p.resolve(results[i] ?? []);
      });
    } catch (e) {
      if (batch.length === 1) return batch[0]?.reject(e);
      for (const p of batch) await saveAll([p.input]).then((r) => p.resolve(r[0] ?? []), p.reject);
    }
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = true;
    try {
      await writeBatch(queue.splice(0, maxBatch));
    } finally {
      writing = false;
      schedule();
    }
  }

  /** Write now if a full batch waits, else once the window of the oldest waiting result closes. */
  function schedule(): void {
    if (writing || queue.length === 0) return;
    if (queue.length >= maxBatch || windowMs === 0) void flush();
    else timer ??= setTimeout(() => void flush(), windowMs);
  }

  return {
    save(input) {
      return new Promise<StoredArticle[]>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        schedule();
      });
    },
  };
}
