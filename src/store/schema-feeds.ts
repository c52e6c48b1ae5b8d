/**
 * Tables of the feeds area (migration 001_feeds): feeds (one row per URL), articles (the persistent seen-set)
 * and digests (one per article, language and summarizer). Timestamps are epoch ms; booleans are 0/1.
 */
import type { Generated } from 'kysely';

export interface FeedsTable {
  id: Generated<number>;
  /** Unique: one row per feed URL however many chats use it. */
  url: string;
  name: string;
  language: string;
  /** JSON array of lower-case tags. */
  tags: string;
  interval_minutes: number;
  /** 1 = fetch article pages where the feed only carries a teaser. */
  full_text: number;
  origin: 'catalog' | 'admin' | 'retired';
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  next_check_at: number;
  health: 'ok' | 'failing' | 'disabled';
  /** Consecutive failures (0 after a success). */
  error_count: number;
  last_error_code: string | null;
  last_error_at: number | null;
  /** JSON object: the parameters of the last error's message (e.g. {"status":503}). */
  last_error_params: string | null;
  last_checked_at: number | null;
  last_item_at: number | null;
  /** 0 until the first successful poll stored the feed's items silently. */
  initialized: number;
  created_at: number;
}

export interface ArticlesTable {
  /** Integer surrogate key; `digests.article_pk` and the delivery outbox refer to it. */
  pk: Generated<number>;
  feed_id: number;
  /** Stable id (guid → link → hash of title+date), unique per feed. */
  id: string;
  url: string;
  canonical_url: string;
  title: string;
  published_at: number | null;
  text: string;
  language: string;
  image_url: string | null;
  author: string | null;
  /** 1 = announce (not from a first poll, not too old, not a re-publish). */
  announce: number;
  /** 1 once the delivery fan-out has handled the article. */
  fanout_done: number;
  created_at: number;
}

export interface DigestsTable {
  article_pk: number;
  language: string;
  summarizer: string;
  /** The Digest as JSON. */
  json: string;
  created_at: number;
}

/** One row per (topic, feed) (migration 009): the feeds of a topic without reading every feed's tags JSON. */
export interface FeedTagsTable {
  tag: string;
  feed_id: number;
}

export interface FeedTables {
  feeds: FeedsTable;
  feed_tags: FeedTagsTable;
  articles: ArticlesTable;
  digests: DigestsTable;
}
