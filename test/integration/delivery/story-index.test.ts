/**
 * The duplicate check reads the chat's window through the story index (store/story-index.ts) and decides
 * exactly as the rule applied to the whole window does: here checked against that reference (every recent
 * story read and compared, word weights from all their keys) over a chat with more stories than the window
 * holds, shared series words (so word weights matter), stories that left the window (failed, duplicates, too
 * old), and new items of the same and of other feeds.
 */
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { decide, type FanOutOptions } from '../../../src/delivery/fanout.js';
import { encodeReason } from '../../../src/domain/delivery-reason.js';
import { recentStories } from '../../../src/store/outbox-repo.js';
import { compareStories, sameFeedUpdate, storyContext, storyKey } from '../../../src/delivery/story.js';
import { silentLogger } from '../../../src/log/index.js';
import type { StoredArticle } from '../../../src/store/articles-repo.js';
import { getChannel } from '../../../src/store/channels-repo.js';
import { addFeed } from '../../../src/store/feeds-repo.js';
import type { Database } from '../../../src/store/schema.js';
import { indexStory } from '../../../src/store/story-index.js';
import { subscribe } from '../../../src/store/subscriptions-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const NOW = Date.UTC(2026, 2, 10, 12);
const HOUR = 3_600_000;
const WINDOW = 48 * HOUR;

/** Rare words (each in a story or two), common ones (in about one story in twenty) and an outlet's series words. */
const RARE = Array.from({ length: 900 }, (_, i) => `rar${i}x`);
const COMMON = Array.from({ length: 12 }, (_, i) => `gem${i}x`);
const SERIES = ['liveblog', 'morgenlage', 'kompakt'];

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const pick = (r: () => number, xs: string[]) => xs[Math.floor(r() * xs.length)] ?? 'x';

function headline(r: () => number): string {
  const words = new Set<string>([pick(r, RARE), pick(r, RARE), pick(r, RARE), pick(r, COMMON)]);
  if (r() < 0.3) words.add(pick(r, SERIES));
  return [...words].join(' ');
}

const lead = (r: () => number) => [pick(r, RARE), pick(r, RARE), pick(r, RARE), pick(r, COMMON)].join(' ');

type Db = Kysely<Database>;

async function reference(
  db: Db,
  channelId: number,
  a: StoredArticle,
  key: string,
): Promise<number | undefined> {
  const recent = await recentStories(db, channelId, NOW - WINDOW);
  const ctx = storyContext([key, ...recent.map((r) => r.story_key)]);
  return recent.find((r) => {
    if (r.canonical_url === a.canonicalUrl) return true;
    if (r.feed_id === a.feedId) return sameFeedUpdate(r.story_key, key);
    return compareStories(r.story_key, key, ctx).same;
  })?.id;
}

describe.each(STORE_KINDS)('duplicate check through the story index in the $name store', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('decides as the rule over the whole window does', async () => {
    const ts = await open();
    opened.push(ts);
    const { db } = ts.store;
    const feeds: number[] = [];
    for (let f = 0; f < 4; f++) {
      const { feed } = await addFeed(
        db,
        {
          url: `https://f${f}.example/rss`,
          name: `F${f}`,
          language: 'de',
          tags: [],
          intervalMinutes: 10,
          fullText: false,
        },
        NOW - 30 * 24 * HOUR,
      );
      feeds.push(feed.id);
    }
    const ref = { platform: 'telegram' as const, chatId: 'c1' };
    const base = {
      language: 'de' as const,
      mode: 'instant' as const,
      cron: '0 7 * * *',
      timezone: 'UTC',
      createdBy: 'u',
    };
    const { subscription: sub } = await subscribe(
      db,
      ref,
      { ...base, target: { kind: 'feed', feedId: feeds[0] ?? 0 } },
      NOW,
    );
    const channel = await getChannel(db, ref);
    if (!channel) throw new Error('channel missing');
    const r = rng(7);
    // 800 stories over the last 60 hours: more than the window's 500 in its 48 hours, some older than the window
    const stories = 800;
    for (let i = 0; i < stories; i++) {
      const title = headline(r);
      const text = lead(r);
      const feedId = feeds[i % feeds.length] ?? 0;
      const at = NOW - 60 * HOUR + i * 4.5 * 60_000;
      const art = await db
        .insertInto('articles')
        .values({
          feed_id: feedId,
          id: `s${i}`,
          url: `https://n.example/s${i}`,
          canonical_url: `https://n.example/s${i}`,
          title,
          published_at: at,
          text,
          language: 'de',
          announce: 1,
          fanout_done: 1,
          created_at: at,
        })
        .returning('pk')
        .executeTakeFirstOrThrow();
      // every 11th failed (left the window), every 13th a duplicate of another (never in the window)
      const status = i % 11 === 5 ? 'failed' : 'delivered';
      const key = storyKey(title, text);
      const d = await db
        .insertInto('deliveries')
        .values({
          subscription_id: sub.id,
          channel_id: channel.id,
          article_pk: Number(art.pk),
          canonical_url: `https://n.example/s${i}`,
          language: 'de',
          status,
          reason: encodeReason({ kind: 'delivered' }),
          duplicate_of: i % 13 === 7 ? 1 : null,
          story_key: key,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // the fan-out indexes a story when its decision goes pending and duplicates nothing
      if (i % 13 !== 7)
        await indexStory(db, { deliveryId: Number(d.id), channelId: channel.id, key, now: at });
    }
    const o: FanOutOptions = {
      db,
      log: silentLogger,
      now: () => NOW,
      maxAgeMs: 24 * HOUR,
      clusterWindowMs: WINDOW,
    };
    let duplicates = 0;
    let sameFeed = 0;
    for (let i = 0; i < 150; i++) {
      // new items: headlines re-using a stored one's words (some of the same feed, some by URL), or fresh ones
      const j = Math.floor(r() * stories);
      const old = await db
        .selectFrom('articles')
        .select(['title', 'text', 'feed_id'])
        .where('id', '=', `s${j}`)
        .executeTakeFirstOrThrow();
      const kind = i % 5;
      const words = old.title.split(' ');
      // 0: a fresh story; 1, 2: the stored headline's words with others (borderline evidence, decided by how
      // common the words are); 3: the same feed's update; 4: the same URL
      const title =
        kind === 0
          ? headline(r)
          : kind === 1
            ? [...words, pick(r, COMMON), pick(r, RARE)].join(' ')
            : kind === 2
              ? [...words.slice(0, 2), pick(r, COMMON), pick(r, COMMON)].join(' ')
              : kind === 3
                ? old.title
                : headline(r);
      const feedId = kind === 3 ? Number(old.feed_id) : (feeds[(i + 1) % feeds.length] ?? 0);
      const url = kind === 4 ? `https://n.example/s${j}` : `https://other.example/${i}`;
      const a: StoredArticle = {
        pk: 10_000 + i,
        id: `x${i}`,
        feedId,
        url,
        canonicalUrl: url,
        title,
        text: kind === 2 ? old.text : lead(r),
        language: 'de',
        publishedAt: NOW - 60_000,
        announce: true,
        fanoutDone: false,
        createdAt: NOW,
      };
      const key = storyKey(a.title, a.text);
      const want = await reference(db, channel.id, a, key);
      const got = await decide(db, o, sub, channel, a, key);
      expect(got.duplicateOf, `item ${i}: ${title}`).toBe(want);
      if (want !== undefined) duplicates++;
      if (want !== undefined && feedId === Number(old.feed_id)) sameFeed++;
    }
    // the comparison covered both outcomes
    expect(duplicates).toBeGreaterThan(20);
    expect(duplicates).toBeLessThan(140);
    expect(sameFeed).toBeGreaterThan(0);
  });
});
