/**
 * The unit of work "write a refresh": a feed's new articles, their digests and its new state, all or nothing
 * (`saveRefresh`: one transaction; on SQLite the group commit's writes skip the query builder, ./refresh-sqlite.ts).
 *
 * Group commit for poll results: refreshes that finish close together are written in one transaction
 * (each feed's articles, digests and state still all-or-nothing, since they share it). SQLite pays per commit,
 * so a poll cycle of thousands of feeds commits tens of times instead of thousands. A batch is written when
 * `maxBatch` results wait or `windowMs` after the first of them arrived, whichever comes first. When a shared
 * transaction fails, its feeds are retried one transaction each, so one bad feed cannot fail the others.
 */
import type { Kysely } from 'kysely';
import { type ArticleInput, insertArticles, type StoredArticle } from './articles-repo.js';
import { insertDigests } from './digests-repo.js';
import { type FeedStatePatch, updateFeedState } from './feeds-repo.js';
import { saveRefreshesSqlite } from './refresh-sqlite.js';
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
