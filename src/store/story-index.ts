/**
 * The duplicate check's story index (table `story_tokens`, migration 010): the distinct tokens of each primary
 * story a chat got (a decision that went pending and duplicates nothing), headline tokens flagged. The check
 * reads, per decision, three things by index probe instead of the chat's whole window of recent stories:
 * the window's size and oldest id (a covering index walk of ids only), the window's stories that share a
 * headline token with the new story or have its canonical URL (the only ones the story rule can match), and in
 * how many window stories each word of those headlines occurs (the word weights of the rule).
 * Same SQL on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Statuses of a decision that is (or was) really sent: the stories a new one is compared with. */
const IN_WINDOW = ['pending', 'sending', 'delivered'] as const;

/** The distinct tokens of a story key (`title tokens|lead tokens`; a key without `|` has no title part). */
export function keyTokens(key: string): { title: string[]; lead: string[] } {
  const bar = key.indexOf('|');
  const title = [...new Set((bar < 0 ? '' : key.slice(0, bar)).split(' ').filter(Boolean))];
  const inTitle = new Set(title);
  const lead = [
    ...new Set((bar < 0 ? key : key.slice(bar + 1)).split(' ').filter((t) => t && !inTitle.has(t))),
  ];
  return { title, lead };
}

/** Index a primary story of a chat (call in the transaction that records its decision). */
export async function indexStory(
  db: Db,
  s: { deliveryId: number; channelId: number; key: string; now: number },
): Promise<void> {
  const { title, lead } = keyTokens(s.key);
  const rows = [...title.map((t) => [t, 1] as const), ...lead.map((t) => [t, 0] as const)].map(
    ([token, inTitle]) => ({
      channel_id: s.channelId,
      token,
      delivery_id: s.deliveryId,
      title: inTitle,
      created_at: s.now,
    }),
  );
  if (rows.length > 0) await db.insertInto('story_tokens').values(rows).execute();
}

export interface StoryWindow {
  /** Stories in the window (at most `limit`). */
  size: number;
  /** Smallest decision id in the window (0 when it is empty). */
  fromId: number;
}

/** A chat's window: its newest `limit` primary stories decided since `since`. */
export async function storyWindow(
  db: Db,
  channelId: number,
  since: number,
  limit = 500,
): Promise<StoryWindow> {
  const ids = await db
    .selectFrom('deliveries')
    .select('id')
    .where('channel_id', '=', channelId)
    .where('created_at', '>=', since)
    .where('duplicate_of', 'is', null)
    .where('status', 'in', [...IN_WINDOW])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { size: ids.length, fromId: ids.length === 0 ? 0 : Number(ids.at(-1)?.id) };
}

export interface StoryCandidate {
  id: number;
  canonical_url: string;
  story_key: string;
  /** Feed of the story's article (null when the article is gone). */
  feed_id: number | null;
}

/** The window's stories with the same canonical URL or a headline token in common, newest first. */
export async function storyCandidates(
  db: Db,
  channelId: number,
  w: StoryWindow & { since: number },
  canonicalUrl: string,
  titleTokens: string[],
): Promise<StoryCandidate[]> {
  if (w.size === 0) return [];
  const byUrl = db
    .selectFrom('deliveries as u')
    .select('u.id')
    .where('u.channel_id', '=', channelId)
    .where('u.canonical_url', '=', canonicalUrl)
    .where('u.created_at', '>=', w.since)
    .where('u.duplicate_of', 'is', null);
  const ids = (
    await (titleTokens.length === 0
      ? byUrl
      : db
          .selectFrom('story_tokens as t')
          .select('t.delivery_id as id')
          .where('t.channel_id', '=', channelId)
          .where('t.token', 'in', titleTokens)
          .where('t.created_at', '>=', w.since)
          .where('t.title', '=', 1)
          .union(byUrl)
    ).execute()
  )
    .map((r) => Number(r.id))
    .filter((id) => id >= w.fromId);
  if (ids.length === 0) return [];
  // then the candidates themselves by key (a second statement, so no plan can walk the chat's window instead)
  const rows = await db
    .selectFrom('deliveries as d')
    .leftJoin('articles as a', 'a.pk', 'd.article_pk')
    .select(['d.id', 'd.canonical_url', 'd.story_key', 'a.feed_id'])
    .where('d.id', 'in', ids)
    .where('d.status', 'in', [...IN_WINDOW])
    .orderBy('d.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    canonical_url: r.canonical_url,
    story_key: r.story_key,
    feed_id: r.feed_id === null ? null : Number(r.feed_id),
  }));
}

/** In how many of the window's stories each of `tokens` occurs (title or lead); absent tokens are 0. */
export async function tokenFrequencies(
  db: Db,
  channelId: number,
  w: StoryWindow & { since: number },
  tokens: string[],
): Promise<Map<string, number>> {
  const df = new Map<string, number>();
  if (tokens.length === 0 || w.size === 0) return df;
  const rows = await db
    .selectFrom('story_tokens as t')
    .innerJoin('deliveries as d', 'd.id', 't.delivery_id')
    .select((eb) => ['t.token', eb.fn.countAll<number>().as('n')])
    .where('t.channel_id', '=', channelId)
    .where('t.token', 'in', tokens)
    .where('t.created_at', '>=', w.since)
    .where('t.delivery_id', '>=', w.fromId)
    .where('d.status', 'in', [...IN_WINDOW])
    .groupBy('t.token')
    .execute();
  for (const r of rows) df.set(r.token, Number(r.n));
  return df;
}

/** Ids of up to `limit` story index rows older than `before`, oldest first (the cleanup deletes them). */
export async function oldStoryTokens(db: Db, before: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('story_tokens')
    .select('id')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}
