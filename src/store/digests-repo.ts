/**
 * Digests of stored articles, one per (article, language, summarizer), as JSON. Every function takes a Kysely
 * instance first, so it also runs inside a transaction. Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { Digest } from '../domain/types.js';
import { chunks } from './articles-repo.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

function digestRow(pk: number, d: Digest, now: number) {
  return {
    article_pk: pk,
    language: d.language,
    summarizer: d.summarizer,
    json: JSON.stringify(d),
    created_at: now,
  };
}

/** Insert the digests of stored articles, skipping those stored already (same article, language, summarizer). */
export async function insertDigests(
  db: Db,
  items: { pk: number; digest: Digest }[],
  now: number,
): Promise<void> {
  for (const part of chunks(items.map((x) => digestRow(x.pk, x.digest, now)))) {
    await db
      .insertInto('digests')
      .values(part)
      .onConflict((oc) => oc.columns(['article_pk', 'language', 'summarizer']).doNothing())
      .execute();
  }
}

/** The digest of an article in a language by a summarizer, if stored. */
export async function getDigest(
  db: Db,
  articlePk: number,
  language: string,
  summarizer: string,
): Promise<Digest | undefined> {
  const r = await db
    .selectFrom('digests')
    .select('json')
    .where('article_pk', '=', articlePk)
    .where('language', '=', language)
    .where('summarizer', '=', summarizer)
    .executeTakeFirst();
  return r ? (JSON.parse(r.json) as Digest) : undefined;
}

/** All digests stored for an article. */
export async function listDigests(db: Db, articlePk: number): Promise<Digest[]> {
  const rows = await db.selectFrom('digests').select('json').where('article_pk', '=', articlePk).execute();
  return rows.map((r) => JSON.parse(r.json) as Digest);
}

/** Store (or replace) the digest of an article for its language and summarizer. */
export async function saveDigest(db: Db, articlePk: number, digest: Digest, now: number): Promise<void> {
  const row = digestRow(articlePk, digest, now);
  await db
    .insertInto('digests')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['article_pk', 'language', 'summarizer']).doUpdateSet({ json: row.json, created_at: now }),
    )
    .execute();
}
