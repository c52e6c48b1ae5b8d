import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/types.js';
import { addFeed } from '../../../src/store/feeds-repo.js';
import {
  ensureChannel,
  getChannel,
  migrateChannel,
  pauseChannel,
  resumeChannel,
  setChannelLanguage,
} from '../../../src/store/channels-repo.js';
import {
  countFeedLinks,
  linkChatFeed,
  listChatFeedIds,
  removeChatFeedSubscriptions,
  unlinkChatFeed,
} from '../../../src/store/chat-feeds-repo.js';
import {
  countChatSubscriptions,
  findSubscription,
  getChannelSubscription,
  listAllSubscriptions,
  listSubscriptions,
  type NewSubscription,
  subscribe,
  subscriptionsForFeed,
  unsubscribe,
  updateSubscription,
} from '../../../src/store/subscriptions-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const NOW = Date.UTC(2026, 10, 25, 9);
const chat: ChannelRef = { platform: 'telegram', chatId: '-1001' };
const topic: ChannelRef = { platform: 'telegram', chatId: '-1001', threadId: '7' };
const other: ChannelRef = { platform: 'discord', chatId: '555' };

function sub(target: NewSubscription['target'], extra: Partial<NewSubscription> = {}): NewSubscription {
  return {
    target,
    language: 'de',
    mode: 'instant',
    cron: '0 7 * * *',
    timezone: 'Europe/Berlin',
    createdBy: 'u1',
    ...extra,
  };
}

async function feed(ts: TestStore, n: number, tags: string[] = []): Promise<number> {
  const { feed } = await addFeed(
    ts.store.db,
    {
      url: `https://news.example/${n}.xml`,
      name: `Feed ${n}`,
      language: 'de',
      tags,
      intervalMinutes: 10,
      fullText: false,
    },
    NOW,
  );
  return feed.id;
}

describe.each(STORE_KINDS)('subscriptions repository on $name', (kind) => {
  let ts: TestStore;
  beforeEach(async () => {
    ts = await kind.open();
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  it('creates a channel once and keeps its language; threads are separate channels', async () => {
    const a = await ensureChannel(ts.store.db, chat, 'en', NOW);
    const again = await ensureChannel(ts.store.db, chat, 'de', NOW);
    expect(again.id).toBe(a.id);
    expect(again.language).toBe('en');
    const t = await ensureChannel(ts.store.db, topic, 'de', NOW);
    expect(t.id).not.toBe(a.id);
    expect(t.ref).toEqual(topic);
    expect((await getChannel(ts.store.db, chat))?.ref).toEqual(chat);
    await setChannelLanguage(ts.store.db, chat, 'de');
    expect((await getChannel(ts.store.db, chat))?.language).toBe('de');
  });

  it('subscribes to feeds and tags once, lists, finds and unsubscribes', async () => {
    const f = await feed(ts, 1);
    const first = await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: f }), NOW);
    expect(first.created).toBe(true);
    const dup = await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: f }), NOW);
    expect(dup.created).toBe(false);
    expect(dup.subscription.id).toBe(first.subscription.id);
    await subscribe(ts.store.db, chat, sub({ kind: 'tag', tag: ' Politik ' }, { mode: 'digest' }), NOW);
    const list = await listSubscriptions(ts.store.db, chat);
    expect(list.map((s) => s.target)).toEqual([
      { kind: 'feed', feedId: f },
      { kind: 'tag', tag: 'politik' },
    ]);
    expect(list[1]?.mode).toBe('digest');
    expect(list[0]?.filters).toEqual({ include: [], exclude: [] });
    expect(await countChatSubscriptions(ts.store.db, 'telegram', '-1001')).toBe(2);
    expect(await findSubscription(ts.store.db, chat, { kind: 'tag', tag: 'politik' })).toBeDefined();
    // another channel cannot see or remove this chat's subscription by id
    expect(await getChannelSubscription(ts.store.db, other, first.subscription.id)).toBeUndefined();
    expect(await unsubscribe(ts.store.db, other, { id: first.subscription.id })).toBeUndefined();
    const removed = await unsubscribe(ts.store.db, chat, { id: first.subscription.id });
    expect(removed?.target).toEqual({ kind: 'feed', feedId: f });
    expect(await unsubscribe(ts.store.db, chat, { target: { kind: 'tag', tag: 'POLITIK' } })).toBeDefined();
    expect(await listSubscriptions(ts.store.db, chat)).toEqual([]);
  });

  it('finds the subscriptions of a feed by feed id or tag and leaves paused ones out', async () => {
    const f = await feed(ts, 1, ['wirtschaft']);
    const g = await feed(ts, 2);
    await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: f }), NOW);
    await subscribe(ts.store.db, other, sub({ kind: 'tag', tag: 'wirtschaft' }), NOW);
    await subscribe(ts.store.db, topic, sub({ kind: 'feed', feedId: g }), NOW);
    const hits = await subscriptionsForFeed(ts.store.db, f, ['Wirtschaft']);
    expect(hits.map((s) => s.channel)).toEqual([chat, other]);
    expect((await subscriptionsForFeed(ts.store.db, g, [])).map((s) => s.channel)).toEqual([topic]);

    expect(await pauseChannel(ts.store.db, chat, 'delivery.blocked')).toBe(1);
    expect((await subscriptionsForFeed(ts.store.db, f, ['wirtschaft'])).map((s) => s.channel)).toEqual([
      other,
    ]);
    const all = await subscriptionsForFeed(ts.store.db, f, ['wirtschaft'], { includePaused: true });
    expect(all[0]?.pausedReason).toBe('delivery.blocked');
    expect((await getChannel(ts.store.db, chat))?.pausedReason).toBe('delivery.blocked');
    // a new subscription of a paused channel starts active and unpauses the channel; the others stay paused
    const h = await feed(ts, 3);
    const late = await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: h }), NOW);
    expect(late.subscription.pausedReason).toBeUndefined();
    expect((await getChannel(ts.store.db, chat))?.pausedReason).toBeUndefined();
    expect((await subscriptionsForFeed(ts.store.db, f, [], { includePaused: true }))[0]?.pausedReason).toBe(
      'delivery.blocked',
    );
    expect(await resumeChannel(ts.store.db, chat)).toBe(2);
    expect((await subscriptionsForFeed(ts.store.db, f, [])).length).toBe(1);
    expect((await listAllSubscriptions(ts.store.db)).length).toBe(4);
  });

  it('updates settings of a subscription', async () => {
    const f = await feed(ts, 1);
    const { subscription } = await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: f }), NOW);
    await updateSubscription(ts.store.db, subscription.id, {
      language: 'en',
      mode: 'digest',
      cron: '30 18 * * 1-5',
      timezone: 'America/New_York',
      filters: { include: ['Bahn'], exclude: ['Sport'], regex: 'ICE [0-9]+' },
      maxItems: 5,
    });
    const s = await getChannelSubscription(ts.store.db, chat, subscription.id);
    expect(s).toMatchObject({
      language: 'en',
      mode: 'digest',
      cron: '30 18 * * 1-5',
      timezone: 'America/New_York',
      filters: { include: ['Bahn'], exclude: ['Sport'], regex: 'ICE [0-9]+' },
      maxItems: 5,
    });
    expect((await listAllSubscriptions(ts.store.db, { mode: 'digest' })).length).toBe(1);
    expect((await listAllSubscriptions(ts.store.db, { mode: 'instant' })).length).toBe(0);
  });

  it('links feeds to chats and removes a chat feed’s subscriptions', async () => {
    const f = await feed(ts, 1);
    const g = await feed(ts, 2);
    expect(await linkChatFeed(ts.store.db, 'telegram', '-1001', f, 'admin', NOW)).toBe(true);
    expect(await linkChatFeed(ts.store.db, 'telegram', '-1001', f, 'admin', NOW)).toBe(false);
    await linkChatFeed(ts.store.db, 'telegram', '-1001', g, 'admin', NOW + 1);
    await linkChatFeed(ts.store.db, 'discord', '555', f, 'admin', NOW);
    expect(await listChatFeedIds(ts.store.db, 'telegram', '-1001')).toEqual([f, g]);
    expect(await countFeedLinks(ts.store.db, f)).toBe(2);
    await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: f }), NOW);
    await subscribe(ts.store.db, topic, sub({ kind: 'feed', feedId: f }), NOW);
    expect(await removeChatFeedSubscriptions(ts.store.db, 'telegram', '-1001', f)).toBe(2);
    expect(await unlinkChatFeed(ts.store.db, 'telegram', '-1001', f)).toBe(true);
    expect(await unlinkChatFeed(ts.store.db, 'telegram', '-1001', f)).toBe(false);
    expect(await listChatFeedIds(ts.store.db, 'telegram', '-1001')).toEqual([g]);
  });

  it('migrates a chat to a new id, merging into an existing channel row', async () => {
    const f = await feed(ts, 1);
    const g = await feed(ts, 2);
    await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: f }), NOW);
    await subscribe(ts.store.db, chat, sub({ kind: 'feed', feedId: g }), NOW);
    await subscribe(ts.store.db, topic, sub({ kind: 'tag', tag: 'sport' }), NOW);
    await linkChatFeed(ts.store.db, 'telegram', '-1001', f, 'admin', NOW);
    const moved: ChannelRef = { platform: 'telegram', chatId: '-1002' };
    // the new id already has a subscription to g
    await subscribe(ts.store.db, moved, sub({ kind: 'feed', feedId: g }), NOW);
    await migrateChannel(ts.store.db, chat, '-1002');
    expect(await getChannel(ts.store.db, chat)).toBeUndefined();
    expect((await listSubscriptions(ts.store.db, moved)).map((s) => s.target)).toEqual([
      { kind: 'feed', feedId: f },
      { kind: 'feed', feedId: g },
    ]);
    const movedTopic = await listSubscriptions(ts.store.db, { ...topic, chatId: '-1002' });
    expect(movedTopic.map((s) => s.target)).toEqual([{ kind: 'tag', tag: 'sport' }]);
    expect(await listChatFeedIds(ts.store.db, 'telegram', '-1002')).toEqual([f]);
    expect(await listChatFeedIds(ts.store.db, 'telegram', '-1001')).toEqual([]);
  });
});
