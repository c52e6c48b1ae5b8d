/**
 * The LLM area: cached generated/translated digests per (article key, language, summarizer) in `summary_cache`,
 * and the daily request budget in `llm_usage` (one row per UTC day). Same SQL on SQLite and PostgreSQL.
 */
import { type Kysely, sql } from 'kysely';
import type { Digest } from '../domain/types.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface CachedDigestKey {
  article: string;
  language: string;
  summarizer: string;
}

export async function getCachedDigest(db: Db, key: CachedDigestKey): Promise<Digest | undefined> {
  const row = await db
    .selectFrom('summary_cache')
    .select('digest_json')
    .where('article_key', '=', key.article)
    .where('language', '=', key.language)
    .where('summarizer', '=', key.summarizer)
    .executeTakeFirst();
  return row ? (JSON.parse(row.digest_json) as Digest) : undefined;
}

/** Store (or replace) a cached digest. */
export async function putCachedDigest(
  db: Db,
  key: CachedDigestKey,
  digest: Digest,
  now: number,
): Promise<void> {
  const digest_json = JSON.stringify(digest);
  await db
    .insertInto('summary_cache')
    .values({
      article_key: key.article,
      language: key.language,
      summarizer: key.summarizer,
      digest_json,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['article_key', 'language', 'summarizer']).doUpdateSet({ digest_json, created_at: now }),
    )
    .execute();
}

/** Delete cached digests stored before `before`; returns how many went. */
export async function deleteCachedDigestsBefore(db: Db, before: number): Promise<number> {
  const res = await db.deleteFrom('summary_cache').where('created_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Count one request on `day` in one atomic upsert; false when the day's `limit` is used up (nothing counted then).
 * `limit` 0 = unlimited.
 */
export async function takeLlmRequest(db: Db, day: string, limit: number): Promise<boolean> {
  const row = await db
    .insertInto('llm_usage')
    .values({ day, requests: 1 })
    .onConflict((oc) => {
      const update = oc.column('day').doUpdateSet({ requests: sql<number>`llm_usage.requests + 1` });
      return limit > 0 ? update.where('llm_usage.requests', '<', limit) : update;
    })
    .returning('requests')
    .executeTakeFirst();
  return row !== undefined;
}

/** Requests counted on `day`. */
export async function llmRequestsOn(db: Db, day: string): Promise<number> {
  const row = await db.selectFrom('llm_usage').select('requests').where('day', '=', day).executeTakeFirst();
  return Number(row?.requests ?? 0);
}

/** Delete the budget rows of days before `day`; returns how many went. */
export async function deleteLlmUsageBefore(db: Db, day: string): Promise<number> {
  const res = await db.deleteFrom('llm_usage').where('day', '<', day).executeTakeFirst();
  return Number(res.numDeletedRows);
}
