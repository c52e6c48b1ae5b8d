/** Cache of generated and translated digests per (article, language, summarizer). */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Digest, SummarizeInput } from '../../../domain/types.js';
import {
  deleteCachedDigestsBefore,
  deleteLlmUsageBefore,
  getCachedDigest,
  putCachedDigest,
} from '../../../store/llm-repo.js';
import type { Database } from '../../../store/schema.js';

export interface CacheKey {
  article: string;
  language: string;
  summarizer: string;
}

export interface SummaryCache {
  get(key: CacheKey): Promise<Digest | undefined>;
  put(key: CacheKey, digest: Digest, now?: number): Promise<void>;
}

/** The article id, or a hash of title and text when the caller has none. */
export function articleKey(input: Pick<SummarizeInput, 'articleId' | 'title' | 'text'>): string {
  if (input.articleId) return input.articleId;
  const h = createHash('sha256')
    .update(input.title ?? '')
    .update('\u0000')
    .update(input.text)
    .digest('hex');
  return `sha256:${h}`;
}

const flat = (k: CacheKey) => `${k.summarizer}\u0000${k.language}\u0000${k.article}`;

/** In-process cache holding the `max` most recent entries. */
export function memoryCache(max = 1000): SummaryCache {
  const map = new Map<string, Digest>();
  return {
    async get(key) {
      return map.get(flat(key));
    },
    async put(key, digest) {
      map.delete(flat(key));
      map.set(flat(key), digest);
      if (map.size > max) map.delete(map.keys().next().value as string);
    },
  };
}

/** Cache in the store (table summary_cache). */
export function storeCache(db: Kysely<Database>): SummaryCache {
  return {
    get: (key) => getCachedDigest(db, key),
    put: (key, digest, now = Date.now()) => putCachedDigest(db, key, digest, now),
  };
}

/** Delete cached digests older than `maxAgeMs` (for the scheduler's cleanup job); returns how many went. */
export async function pruneSummaryCache(
  db: Kysely<Database>,
  maxAgeMs: number,
  now = Date.now(),
): Promise<number> {
  return deleteCachedDigestsBefore(db, now - maxAgeMs);
}

/** Delete budget rows of days before today (UTC). */
export async function pruneLlmUsage(db: Kysely<Database>, now = Date.now()): Promise<number> {
  return deleteLlmUsageBefore(db, new Date(now).toISOString().slice(0, 10));
}
