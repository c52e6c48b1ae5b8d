/**
 * Retention (store/retention.ts, the daily cleanup): deletes what only grows and nothing delivery still needs;
 * a pending decision of a deleted article is recorded as expired, not lost. The known-id list of the refresh
 * covers a feed's items by recency, sized from the feed's own item count.
 */
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeReason } from '../../../src/domain/delivery-reason.js';
import { storeCache } from '../../../src/pipeline/summarize/llm/cache.js';
import { createFetcher } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller } from '../../../src/scheduler/index.js';
import { knownIdList } from '../../../src/store/articles-repo.js';
import { withOffloadedCheckpoints } from '../../../src/store/checkpoint.js';
import { addFeed } from '../../../src/store/feeds-repo.js';
import { sqliteHandle } from '../../../src/store/refresh-sqlite.js';
import { BatchSizer, runRetention } from '../../../src/store/retention.js';
import type { Database } from '../../../src/store/schema.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);

type Db = Kysely<Database>;

async function feed(db: Db, n = 0): Promise<number> {
  const { feed: f } = await addFeed(
    db,
    {
      url: `https://f.example/${n}.xml`,
      name: `F${n}`,
      language: 'de',
      tags: [],
      intervalMinutes: 10,
      fullText: false,
    },
    NOW - 60 * DAY,
  );
  return f.id;
}

async function article(
  db: Db,
  feedId: number,
  id: string,
  p: { publishedAt: number | null; announce?: number; fanoutDone?: number; createdAt?: number },
): Promise<number> {
  const r = await db
    .insertInto('articles')
    .values({
      feed_id: feedId,
      id,
      url: `https://n.example/${id}`,
      canonical_url: `https://n.example/${id}`,
      title: id,
      published_at: p.publishedAt,
      text: 'x',
      language: 'de',
      announce: p.announce ?? 1,
      fanout_done: p.fanoutDone ?? 1,
      created_at: p.createdAt ?? p.publishedAt ?? NOW - 40 * DAY,
    })
    .returning('pk')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('digests')
    .values({
      article_pk: r.pk,
      language: 'de',
      summarizer: 'extractive',
      json: '{}',
      created_at: NOW - 40 * DAY,
    })
    .execute();
  return Number(r.pk);
}

async function outbox(db: Db, status: 'pending' | 'sending' | 'delivered', at: number): Promise<number> {
  const r = await db
    .insertInto('outbox')
    .values({
      channel_id: 1,
      subscription_id: 1,
      kind: 'instant',
      status,
      attempts: 0,
      failures: 0,
      next_attempt_at: at,
      claimed_until: status === 'sending' ? NOW + DAY : 0,
      lease_owner: '',
      nonce: `n${Math.random()}`,
      title: null,
      locale: 'de',
      platform_message_ids: null,
      last_error_code: null,
      reason: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function delivery(
  db: Db,
  articlePk: number,
  status: 'pending' | 'sending' | 'delivered',
  outboxId: number | null,
  at: number,
): Promise<number> {
  const r = await db
    .insertInto('deliveries')
    .values({
      subscription_id: articlePk,
      channel_id: 1,
      article_pk: articlePk,
      canonical_url: `https://n.example/${articlePk}`,
      language: 'de',
      status,
      reason: encodeReason({ kind: status === 'delivered' ? 'delivered' : 'queued' }),
      duplicate_of: null,
      story_key: 'a|b',
      outbox_id: outboxId,
      last_error_code: null,
      platform_message_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function pks(db: Db): Promise<number[]> {
  return (await db.selectFrom('articles').select('pk').orderBy('pk').execute()).map((r) => Number(r.pk));
}

describe.each(STORE_KINDS)('retention in the $name store', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('deletes old articles with their digests and decisions, keeps what delivery needs, records pending ones as expired', async () => {
    const ts = await open();
    opened.push(ts);
    const { db } = ts.store;
    const f = await feed(db);
    const old = NOW - 40 * DAY;
    const sent = await article(db, f, 'sent', { publishedAt: old });
    const sentMsg = await outbox(db, 'delivered', old);
    await delivery(db, sent, 'delivered', sentMsg, old);
    const queued = await article(db, f, 'queued', { publishedAt: old });
    const queuedDecision = await delivery(db, queued, 'pending', null, old);
    const instant = await article(db, f, 'instant', { publishedAt: old });
    const instantMsg = await outbox(db, 'pending', old);
    const instantDecision = await delivery(db, instant, 'pending', instantMsg, old);
    const notFannedOut = await article(db, f, 'todo', { publishedAt: old, fanoutDone: 0 });
    const sending = await article(db, f, 'sending', { publishedAt: old });
    await delivery(db, sending, 'sending', await outbox(db, 'sending', old), old);
    const undated = await article(db, f, 'undated', { publishedAt: null, createdAt: old });
    const fresh = await article(db, f, 'fresh', { publishedAt: NOW - DAY });
    const freshMsg = await outbox(db, 'delivered', NOW - DAY);
    await delivery(db, fresh, 'delivered', freshMsg, NOW - DAY);
    const quiet = await article(db, f, 'quiet', { publishedAt: old, announce: 0 });

    const r = await runRetention(
      db,
      { articleRetentionDays: 30, deliveryRetentionDays: 30, batch: 2, batchMs: 0 },
      NOW,
    );

    expect(await pks(db)).toEqual([notFannedOut, sending, undated, fresh]);
    expect(r.articles).toBe(4);
    expect(r.expired).toBe(2);
    expect(r.batches).toBeGreaterThan(3);
    const digests = await db.selectFrom('digests').select('article_pk').orderBy('article_pk').execute();
    expect(digests.map((d) => Number(d.article_pk))).toEqual([notFannedOut, sending, undated, fresh]);
    // the delivered decision went with its article; the pending ones stay as the record, finished as expired
    const decisions = await db.selectFrom('deliveries').selectAll().orderBy('id').execute();
    expect(decisions.map((d) => [Number(d.article_pk), d.status, d.reason])).toEqual([
      [queued, 'skipped', 'expired'],
      [instant, 'skipped', 'expired'],
      [sending, 'sending', 'queued'],
      [fresh, 'delivered', 'delivered'],
    ]);
    expect(decisions.map((d) => Number(d.id)).slice(0, 2)).toEqual([queuedDecision, instantDecision]);
    const messages = await db.selectFrom('outbox').select(['id', 'status', 'reason']).orderBy('id').execute();
    // the old sent message is past its retention; the unsent one is finished as expired, not left pending
    expect(messages.find((m) => Number(m.id) === sentMsg)).toBeUndefined();
    expect(messages.find((m) => Number(m.id) === instantMsg)).toMatchObject({
      status: 'skipped',
      reason: 'expired',
    });
    expect(messages.find((m) => Number(m.id) === freshMsg)).toMatchObject({ status: 'delivered' });
    expect(quiet).toBeGreaterThan(0);

    // the expired records go after their own retention; the message being sent and its decision stay
    const later = await runRetention(
      db,
      { articleRetentionDays: 30, deliveryRetentionDays: 30 },
      NOW + 31 * DAY,
    );
    expect(later.deliveries).toBe(3);
    const left = await db.selectFrom('deliveries').select(['status']).execute();
    expect(left.map((d) => d.status)).toEqual(['sending']);
  });

  it('the daily cleanup also prunes the LLM cache and past budget days, and logs the counts', async () => {
    const ts = await open();
    opened.push(ts);
    const { db } = ts.store;
    const cache = storeCache(db);
    await cache.put(
      { article: 'old', language: 'de', summarizer: 'llm' },
      { headline: 'h' } as never,
      NOW - 40 * DAY,
    );
    await cache.put(
      { article: 'new', language: 'de', summarizer: 'llm' },
      { headline: 'h' } as never,
      NOW - DAY,
    );
    await db.insertInto('llm_usage').values({ day: '2026-05-01', requests: 3 }).execute();
    await db.insertInto('llm_usage').values({ day: '2026-06-01', requests: 1 }).execute();
    const logged: Record<string, unknown>[] = [];
    const log = {
      info: (o: Record<string, unknown>) => logged.push(o),
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    };
    const fetcher = createFetcher({
      allowPrivateHosts: [],
      allowPorts: [],
      userAgent: 'test',
      timeoutMs: 1000,
      connectTimeoutMs: 1000,
      maxFeedBytes: 1024,
      maxPageBytes: 1024,
      maxRedirects: 0,
    });
    const poller = createPoller({
      db,
      fetcher,
      summarizer: extractiveSummarizer,
      log: log as never,
      now: () => NOW,
      settings: {
        concurrency: 1,
        perHostConcurrency: 1,
        maxItemAgeHours: 24,
        timezone: 'UTC',
        retentionDays: 30,
        llmCacheRetentionDays: 30,
      },
    });
    await poller.cleanup();
    await fetcher.close();
    const keys = await db.selectFrom('summary_cache').select('article_key').execute();
    expect(keys.map((k) => k.article_key)).toEqual(['new']);
    const days = await db.selectFrom('llm_usage').select('day').execute();
    expect(days.map((d) => d.day)).toEqual(['2026-06-01']);
    expect(logged.at(-1)).toMatchObject({ summaryCache: 1, llmUsage: 1, articles: 0 });
  });

  it('the known-id list of a feed with 5,000 recent items holds all of them, newest first', async () => {
    const ts = await open();
    opened.push(ts);
    const { db } = ts.store;
    const f = await feed(db, 1);
    const other = await feed(db, 2);
    // ids whose index order is not their age: the list must follow when they were stored
    const id = (i: number) => `${((i * 7919) % 5000).toString(36).padStart(4, '0')}-${i}`;
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      feed_id: f,
      id: id(i),
      url: `https://n.example/${i}`,
      canonical_url: `https://n.example/${i}`,
      title: `t${i}`,
      published_at: NOW - (5000 - i) * 60_000,
      text: 'x',
      language: 'de',
      announce: 0,
      fanout_done: 1,
      created_at: NOW - (5000 - i) * 60_000,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('articles')
        .values(rows.slice(i, i + 500))
        .execute();
    const all = await knownIdList(db, f);
    expect(all.complete).toBe(true);
    expect(all.ids).toHaveLength(5000);
    expect(all.ids.slice(0, 3)).toEqual([id(4999), id(4998), id(4997)]);
    expect(new Set(all.ids)).toEqual(new Set(rows.map((r) => r.id)));
    // past the cap: the most recent ones, and not complete
    const capped = await knownIdList(db, f, 2000);
    expect(capped.complete).toBe(false);
    expect(capped.ids).toEqual(all.ids.slice(0, 2000));
    expect(await knownIdList(db, other)).toEqual({ ids: [], complete: true });
  });
});

describe.each(STORE_KINDS)('story index retention in the $name store', ({ open }) => {
  it('deletes story index rows older than the longest duplicate window, keeps newer ones', async () => {
    const ts = await open();
    try {
      const { db } = ts.store;
      const row = (token: string, at: number) => ({
        channel_id: 1,
        token,
        delivery_id: 1,
        title: 1,
        created_at: at,
      });
      await db
        .insertInto('story_tokens')
        .values([row('alt', NOW - 15 * DAY), row('alt2', NOW - 14 * DAY - 1), row('neu', NOW - 13 * DAY)])
        .execute();
      const r = await runRetention(db, { articleRetentionDays: 30, deliveryRetentionDays: 30 }, NOW);
      expect(r.storyTokens).toBe(2);
      const left = await db.selectFrom('story_tokens').select('token').execute();
      expect(left.map((x) => x.token)).toEqual(['neu']);
    } finally {
      await ts.cleanup();
    }
  });
});

describe('retention batches', () => {
  it('a slow batch shrinks the next one, fast batches grow it at most twofold per batch', async () => {
    const sizer = new BatchSizer(200, 5);
    await sizer.time(() => new Promise((r) => setTimeout(r, 60)));
    // 60 ms or more for a 5 ms target: the next batch is at most a twelfth of 200
    expect(sizer.size).toBeLessThanOrEqual(17);
    expect(sizer.size).toBeGreaterThanOrEqual(10);
    const slow = sizer.size;
    const fast = new BatchSizer(100, 60_000);
    await fast.time(async () => undefined);
    expect(fast.size).toBe(200);
    await fast.time(async () => undefined);
    expect(fast.size).toBe(400);
    expect(slow).toBeLessThan(200);
  });

  it('on SQLite the connection does not checkpoint while the cleanup runs (a worker does), and does again after', async () => {
    const kind = STORE_KINDS.find((k) => k.name === 'sqlite');
    if (!kind) throw new Error('no sqlite store kind');
    const ts = await kind.open();
    try {
      const { db } = ts.store;
      const sqlite = sqliteHandle(db);
      if (!sqlite) throw new Error('no sqlite handle');
      const before = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
      expect(before).toBeGreaterThan(0);
      const f = await feed(db);
      const during = await withOffloadedCheckpoints(db, async () => {
        for (let i = 0; i < 50; i++) await article(db, f, `c${i}`, { publishedAt: NOW - 40 * DAY });
        return Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
      });
      expect(during).toBe(0);
      expect(Number(sqlite.pragma('wal_autocheckpoint', { simple: true }))).toBe(before);
      // the worker's connection is closed again: the cleanup deletes what it wrote
      const r = await runRetention(db, { articleRetentionDays: 30, deliveryRetentionDays: 30 }, NOW);
      expect(r.articles).toBe(50);
      expect(Number(sqlite.pragma('wal_autocheckpoint', { simple: true }))).toBe(before);
    } finally {
      await ts.cleanup();
    }
  });
});
