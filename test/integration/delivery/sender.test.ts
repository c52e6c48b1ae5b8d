import { afterEach, describe, expect, it } from 'vitest';
import { claimOutbox } from '../../../src/store/outbox-repo.js';
import { resumeSubscriptions } from '../../../src/delivery/pause.js';
import type { Store } from '../../../src/store/db.js';
import { getChannel } from '../../../src/store/channels-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import type { PublishCall } from '../fakes/publisher-fake.js';
import { decisions, harness } from './harness.js';
import { type ArticleSeed, seedArticles, seedFeed, seedSubscription } from './seed.js';

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

/** A made-up word per (item, slot): no two items share a token, so none of them cluster. */
function word(seed: string, i: number, k: number): string {
  let h = 2166136261;
  for (const ch of `${seed}:${i}:${k}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: 7 }, (_, j) => String.fromCharCode(97 + ((h >>> (j * 4)) % 26))).join('');
}

function items(prefix: string, n: number): ArticleSeed[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    title: `${word(prefix, i, 1)} ${word(prefix, i, 2)} ${word(prefix, i, 3)}`,
    text: `${word(prefix, i, 4)} ${word(prefix, i, 5)} ${word(prefix, i, 6)}.`,
  }));
}

/** Seed one feed per chat (so stories do not cluster) with `n` articles each. */
async function seedChats(
  store: Store,
  chats: Record<string, number>,
  platform: 'telegram' | 'discord' = 'telegram',
) {
  for (const [chatId, n] of Object.entries(chats)) {
    const feed = await seedFeed(store, { url: `https://f.example/${chatId}`, name: `Feed ${chatId}` }, NOW);
    await seedSubscription(store, { platform, chatId, feedId: feed }, NOW);
    await seedArticles(store, feed, items(`c${chatId}`, n), NOW);
  }
}

/** The largest number of calls inside any window of `ms`. */
function maxInWindow(calls: PublishCall[], ms: number): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

const chatCalls = (calls: PublishCall[], chatId: string) => calls.filter((c) => c.chatId === chatId);

describe.each(STORE_KINDS)('delivery sender on $name', ({ open }) => {
  let ts: TestStore;
  afterEach(async () => {
    await ts?.cleanup();
  });

  it('holds Telegram limits: 1/s per chat, 20/min per group, 30/s overall, and keeps each chat in order', async () => {
    ts = await open();
    const h = harness(ts, { settings: { DELIVERY_CONCURRENCY: '4' } });
    const others = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`u${i}`, 1]));
    await seedChats(ts.store, { '42': 5, '-100': 25, ...others });
    await h.engine.fanOut();
    const r = await h.engine.drain();
    expect(r).toEqual({ started: 90, remaining: 0 });
    expect(h.pub.delivered).toHaveLength(90);
    expect(maxInWindow(h.pub.calls, 1000)).toBeLessThanOrEqual(30);
    expect(maxInWindow(h.pub.calls, 1000)).toBe(30); // the limit is used, not just respected
    expect(maxInWindow(chatCalls(h.pub.calls, '42'), 1000)).toBe(1);
    expect(maxInWindow(chatCalls(h.pub.calls, '-100'), 60_000)).toBe(20);
    expect(chatCalls(h.pub.calls, '42').map((c) => c.headlines[0])).toEqual(
      items('c42', 5).map((a) => a.title),
    );
  });

  it('holds Discord limits: 5 per 5 s per channel', async () => {
    ts = await open();
    const h = harness(ts, { platform: 'discord', idempotent: true });
    await seedChats(ts.store, { '900': 12, '901': 3 }, 'discord');
    await h.engine.fanOut();
    await h.engine.drain();
    expect(h.pub.delivered).toHaveLength(15);
    expect(maxInWindow(chatCalls(h.pub.calls, '900'), 5000)).toBe(5);
    const times = chatCalls(h.pub.calls, '900').map((c) => c.at - NOW);
    expect(times[5]).toBeGreaterThanOrEqual(5000);
    expect(times[10]).toBeGreaterThanOrEqual(10_000);
  });

  it('retries server errors with backoff and honours retry-after on rate limits', async () => {
    ts = await open();
    const h = harness(ts, {
      script: (m, attempt) => {
        if (m.channel.chatId === '1' && attempt <= 2)
          return { ok: false, code: 'delivery.server_error', permanent: false };
        if (m.channel.chatId === '2' && attempt === 1)
          return { ok: false, code: 'delivery.rate_limited', permanent: false, retryAfterMs: 7000 };
        if (m.channel.chatId === '3' && attempt === 1) throw new Error('socket hang up');
        return undefined;
      },
    });
    await seedChats(ts.store, { '1': 1, '2': 1, '3': 1 });
    await h.engine.fanOut();
    await h.engine.drain();
    const one = chatCalls(h.pub.calls, '1').map((c) => c.at - NOW);
    expect(one).toHaveLength(3);
    expect((one[1] as number) - (one[0] as number)).toBeGreaterThanOrEqual(1000);
    expect((one[2] as number) - (one[1] as number)).toBeGreaterThanOrEqual(2000);
    const two = chatCalls(h.pub.calls, '2').map((c) => c.at - NOW);
    expect(two).toHaveLength(2);
    expect((two[1] as number) - (two[0] as number)).toBeGreaterThanOrEqual(7000);
    expect(chatCalls(h.pub.calls, '3')).toHaveLength(2);
    // every retry of a message carries the same nonce
    for (const chat of ['1', '2', '3'])
      expect(new Set(chatCalls(h.pub.calls, chat).map((c) => c.nonce)).size).toBe(1);
    expect((await decisions(ts)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const rows = await ts.store.db
      .selectFrom('outbox')
      .select(['attempts', 'failures'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [Number(r.attempts), Number(r.failures)])).toEqual([
      [3, 2],
      [2, 0],
      [2, 1],
    ]);
  });

  it('records a message as failed after the last attempt, and says why', async () => {
    ts = await open();
    const h = harness(ts, {
      settings: { DELIVERY_MAX_ATTEMPTS: '3' },
      script: () => ({ ok: false, code: 'delivery.server_error', permanent: false }),
    });
    await seedChats(ts.store, { '1': 1 });
    await h.engine.fanOut();
    expect((await h.engine.drain()).remaining).toBe(0);
    expect(h.pub.calls).toHaveLength(3);
    expect(await decisions(ts)).toEqual([
      { article: 'c1-0', chat: '1', status: 'failed', reason: 'failed(delivery.server_error)' },
    ]);
    const why = await h.engine.why({ platform: 'telegram', chatId: '1' }, `https://news.example/1/c1-0`);
    expect(why[0]).toMatchObject({ status: 'failed', errorCode: 'delivery.server_error' });
  });

  it('fails a message the platform rejects as malformed at once, without pausing the chat', async () => {
    ts = await open();
    let n = 0;
    const h = harness(ts, {
      script: (m) =>
        m.channel.chatId === '7' && n++ === 0
          ? { ok: false, code: 'delivery.bad_format', permanent: true }
          : undefined,
    });
    await seedChats(ts.store, { '7': 3 });
    await h.engine.fanOut();
    await h.engine.drain();
    // one attempt for the rejected message, the chat's other messages still go out
    expect(chatCalls(h.pub.calls, '7')).toHaveLength(3);
    expect(chatCalls(h.pub.delivered, '7')).toHaveLength(2);
    const reasons = (await decisions(ts)).filter((d) => d.chat === '7').map((d) => d.reason ?? d.status);
    expect(reasons).toContain('failed(delivery.bad_format)');
    expect(
      (await getChannel(ts.store.db, { platform: 'telegram', chatId: '7' }))?.pausedReason,
    ).toBeUndefined();
    expect(h.pub.notices).toEqual([]);
  });

  it('pauses a chat on a permanent error, tells its admins how to resume, holds its queue, and after a resume sends what is still fresh', async () => {
    ts = await open();
    let refuse = true;
    const h = harness(ts, {
      script: (m) =>
        m.channel.chatId === '5' && refuse
          ? { ok: false, code: 'delivery.chat_not_found', permanent: true }
          : undefined,
    });
    await seedChats(ts.store, { '5': 3, '6': 3 });
    await h.engine.fanOut();
    await h.engine.drain();
    expect(chatCalls(h.pub.calls, '5')).toHaveLength(1);
    expect(chatCalls(h.pub.delivered, '6')).toHaveLength(3);
    // the refused message and the queue behind it are held, not dropped
    const five = (await decisions(ts)).filter((d) => d.chat === '5').map((d) => [d.status, d.reason]);
    expect(five).toEqual([
      ['pending', 'held(delivery.chat_not_found)'],
      ['pending', 'held(delivery.chat_not_found)'],
      ['pending', 'held(delivery.chat_not_found)'],
    ]);
    const ref = { platform: 'telegram' as const, chatId: '5' };
    const ch = await getChannel(ts.store.db, ref);
    expect(ch?.pausedReason).toBe('delivery.chat_not_found');
    const subs = await ts.store.db
      .selectFrom('subscriptions')
      .select('paused_reason')
      .where('channel_id', '=', ch?.id ?? -1)
      .execute();
    expect(subs.map((s) => s.paused_reason)).toEqual(['delivery.chat_not_found']);
    // the notice names the command that resumes
    expect(h.pub.notices).toEqual([{ chatId: '5', text: expect.stringContaining('pausiert') }]);
    expect(h.pub.notices[0]?.text).toContain('/resume');
    // new articles for the paused chat are held at fan-out; this one is 23 h old
    const feed = await ts.store.db
      .selectFrom('feeds')
      .select('id')
      .where('url', '=', 'https://f.example/5')
      .executeTakeFirstOrThrow();
    const late = { ...items('late', 1)[0]!, publishedAt: h.clock.now() - 23 * 3_600_000 };
    await seedArticles(ts.store, Number(feed.id), [late], NOW);
    await h.engine.fanOut();
    await h.engine.drain();
    expect((await decisions(ts)).at(-1)).toMatchObject({
      article: 'late-0',
      status: 'pending',
      reason: 'held(delivery.chat_not_found)',
    });
    expect(chatCalls(h.pub.calls, '5')).toHaveLength(1);

    // two hours later the chat is back: the three fresh items go out in order, the late one is now too old
    h.clock.advance(2 * 3_600_000);
    refuse = false;
    const r = await resumeSubscriptions(ts.store.db, ref, { now: h.clock.now(), maxAgeMs: 24 * 3_600_000 });
    expect(r).toMatchObject({ queued: 3, tooOld: 1 });
    expect(r?.resumed).toHaveLength(1);
    await h.engine.drain();
    expect(chatCalls(h.pub.delivered, '5')).toHaveLength(3);
    expect(
      (await decisions(ts)).filter((d) => d.chat === '5').map((d) => [d.article, d.status, d.reason]),
    ).toEqual([
      ['c5-0', 'delivered', 'delivered'],
      ['c5-1', 'delivered', 'delivered'],
      ['c5-2', 'delivered', 'delivered'],
      ['late-0', 'skipped', 'too_old(paused:24)'],
    ]);
    expect((await getChannel(ts.store.db, ref))?.pausedReason).toBeUndefined();
    // a second resume finds nothing paused
    expect(
      (await resumeSubscriptions(ts.store.db, ref, { now: h.clock.now(), maxAgeMs: 1 }))?.resumed,
    ).toEqual([]);
  });

  it('follows a Telegram group migration and delivers to the new chat id', async () => {
    ts = await open();
    const h = harness(ts, {
      script: (m) =>
        m.channel.chatId === '-5'
          ? { ok: false, code: 'delivery.chat_not_found', permanent: false, migrateToChatId: '-1005' }
          : undefined,
    });
    await seedChats(ts.store, { '-5': 2 });
    await h.engine.fanOut();
    await h.engine.drain();
    expect(h.pub.delivered.map((c) => c.chatId)).toEqual(['-1005', '-1005']);
    expect(await getChannel(ts.store.db, { platform: 'telegram', chatId: '-1005' })).toBeDefined();
    expect((await decisions(ts)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('re-sends a message whose sender died after claiming it, with the same nonce, once the lease ends', async () => {
    ts = await open();
    const h = harness(ts, { settings: { DELIVERY_LEASE_MS: '30000' } });
    await seedChats(ts.store, { '8': 1 });
    await h.engine.fanOut();
    const row = await ts.store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    // another process claimed it and crashed before recording anything
    expect(await claimOutbox(ts.store.db, Number(row.id), 'dead-process', h.clock.now(), 30_000)).toBe(true);
    expect(await claimOutbox(ts.store.db, Number(row.id), 'someone-else', h.clock.now() + 1000, 30_000)).toBe(
      false,
    );
    await h.engine.drain();
    expect(h.pub.calls).toHaveLength(1);
    expect(h.pub.calls[0]?.nonce).toBe(row.nonce);
    expect((h.pub.calls[0]?.at ?? 0) - NOW).toBeGreaterThanOrEqual(30_000);
    const after = await ts.store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect([after.status, Number(after.attempts)]).toEqual(['delivered', 2]);
  });
});
