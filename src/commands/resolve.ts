/** Finding the feed or tag a user means: by id, URL, name, or a tag of the feeds this chat can see. */
import type { Kysely } from 'kysely';
import type { SubscriptionTarget } from '../domain/types.js';
import { normalizeUrl } from '../pipeline/identify/index.js';
import { listFeeds, type StoredFeed } from '../store/feeds-repo.js';
import type { Database } from '../store/schema.js';
import { listChatFeedIds } from '../store/chat-feeds-repo.js';

type Db = Kysely<Database>;

/** Feeds a chat may subscribe to: the operator's catalog plus the feeds its admins added. */
export async function visibleFeeds(db: Db, platform: string, chatId: string): Promise<StoredFeed[]> {
  const linked = new Set(await listChatFeedIds(db, platform, chatId));
  return (await listFeeds(db)).filter((f) => f.origin === 'catalog' || linked.has(f.id));
}

/** Feeds an admin added to this chat, in the order they were added. */
export async function chatFeeds(db: Db, platform: string, chatId: string): Promise<StoredFeed[]> {
  const ids = await listChatFeedIds(db, platform, chatId);
  const byId = new Map((await listFeeds(db)).map((f) => [f.id, f]));
  return ids.flatMap((id) => {
    const f = byId.get(id);
    return f ? [f] : [];
  });
}

export function isHttpUrl(text: string): boolean {
  return normalizeUrl(text) !== undefined && /^https?:\/\//i.test(text.trim());
}

/** The feed meant by `text` among `feeds`: "#12"/"12" (id), its URL, its exact name, or a unique part of a name. */
export function findFeed(feeds: StoredFeed[], text: string): StoredFeed | undefined {
  const q = text.trim();
  const id = /^#?(\d{1,12})$/.exec(q);
  if (id) return feeds.find((f) => f.id === Number(id[1]));
  if (isHttpUrl(q)) {
    const want = normalizeUrl(q);
    return feeds.find((f) => f.url === q || normalizeUrl(f.url) === want);
  }
  const lower = q.toLowerCase();
  const exact = feeds.filter((f) => f.name.toLowerCase() === lower);
  if (exact.length > 0) return exact[0];
  const partial = feeds.filter((f) => f.name.toLowerCase().includes(lower));
  return partial.length === 1 ? partial[0] : undefined;
}

/** All tags of `feeds` (lower-case, sorted). */
export function tagsOf(feeds: StoredFeed[]): string[] {
  return [...new Set(feeds.flatMap((f) => f.tags))].sort();
}

/**
 * The subscription target meant by `text`: "tag:x" or "#x" forces a tag; otherwise a feed (id, URL, name),
 * and failing that a tag that one of the visible feeds carries.
 */
export function findTarget(feeds: StoredFeed[], text: string): SubscriptionTarget | undefined {
  const q = text.trim();
  const forced = /^(?:tag:|#(?=\D))\s*(.+)$/i.exec(q);
  const tags = tagsOf(feeds);
  if (forced?.[1]) {
    const tag = forced[1].trim().toLowerCase();
    return tags.includes(tag) ? { kind: 'tag', tag } : undefined;
  }
  const feed = findFeed(feeds, q);
  if (feed) return { kind: 'feed', feedId: feed.id };
  const tag = q.toLowerCase();
  return tags.includes(tag) ? { kind: 'tag', tag } : undefined;
}
