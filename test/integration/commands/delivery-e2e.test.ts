/**
 * Commands against the real delivery engine (not the recording fake): settings filters decide the fan-out,
 * `why` explains the recorded decisions, `digest now` sends the queued items of a digest subscription.
 * Only the platform is faked, as a recording Publisher.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CommandRouter } from '../../../src/commands/deps.js';
import { createCommandRouter } from '../../../src/commands/router.js';
import { virtualClock } from '../../../src/delivery/clock.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import type { ChannelRef, OutgoingMessage, Publisher } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import type { ArticleInput } from '../../../src/store/articles-repo.js';
import { saveRefresh } from '../../../src/store/refresh-write.js';
import { GROUP, type Harness, NOW, req, seedCatalog, startHarness } from './harness.js';

const EN_CHAT: ChannelRef = { platform: 'telegram', chatId: '-900' };

function recordingPublisher(): Publisher & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  let n = 0;
  return {
    platform: 'telegram',
    idempotent: false,
    sent,
    async publish(m) {
      sent.push(m);
      n++;
      return { ok: true, messageIds: [String(n)] };
    },
  };
}

function article(feedId: number, id: string, title: string, text: string, lang: 'de' | 'en'): ArticleInput {
  return {
    id,
    feedId,
    url: `https://news.example/${id}`,
    canonicalUrl: `https://news.example/${id}`,
    title,
    publishedAt: NOW - 30 * 60_000,
    text,
    language: lang,
    announce: true,
  };
}

async function store(h: Harness, feedId: number, articles: ArticleInput[]): Promise<void> {
  await saveRefresh(h.ts.store.db, {
    feedId,
    articles,
    state: { nextCheckAt: NOW, health: 'ok', errorCount: 0, lastCheckedAt: NOW },
    now: NOW,
  });
}

let h: Harness;
let engine: DeliveryEngine;
let router: CommandRouter;
let pub: ReturnType<typeof recordingPublisher>;

beforeEach(async () => {
  h = await startHarness();
  await seedCatalog(h);
  engine = createDeliveryEngine({
    store: h.ts.store,
    config: h.config,
    log: silentLogger,
    summarizer: extractiveSummarizer,
    clock: virtualClock(NOW),
  });
  pub = recordingPublisher();
  engine.registerPublisher(pub);
  router = createCommandRouter({
    store: h.ts.store,
    config: h.config,
    log: silentLogger,
    fetcher: h.fetcher,
    summarizer: extractiveSummarizer,
    delivery: engine,
    clock: () => NOW,
  });
});
afterEach(async () => {
  await engine.stop();
  await h.close();
});

it('posts what the chat’s filters let through and explains both decisions with why', async () => {
  expect((await router.handle(req('subscribe', { target: 'Stadtanzeiger' }))).error).toBeUndefined();
  expect((await router.handle(req('settings', { exclude: 'Weihnachtsmarkt' }))).error).toBeUndefined();
  await store(h, 1, [
    article(
      1,
      'strom',
      'Strom wird teurer',
      'Die Stadtwerke erhöhen den Strompreis zum 1. Januar um 8 Prozent.',
      'de',
    ),
    article(
      1,
      'markt',
      'Weihnachtsmarkt öffnet',
      'Der Weihnachtsmarkt öffnet am Donnerstag mit 64 Ständen.',
      'de',
    ),
  ]);
  await engine.fanOut();
  await engine.drain();
  expect(pub.sent.map((m) => [m.channel.chatId, m.digests.map((d) => d.headline)])).toEqual([
    [GROUP.chatId, ['Strom wird teurer']],
  ]);
  const posted = await router.handle(req('why', { url: 'https://news.example/strom?utm_medium=social' }));
  expect(posted.text?.split('\n')[0]).toBe('Zu „Strom wird teurer“:');
  expect(posted.text?.split('\n')[1]).toMatch(/^#1: gepostet \(/);
  const filtered = await router.handle(req('why', { url: 'https://news.example/markt' }));
  expect(filtered.text?.split('\n')).toEqual([
    'Zu „Weihnachtsmarkt öffnet“:',
    expect.stringMatching(/^#1: nicht gepostet — herausgefiltert durch „Weihnachtsmarkt“/),
  ]);
});

it('sends the queued items of a digest subscription on digest now', async () => {
  await router.handle(
    req('subscribe', { target: 'world', mode: 'digest' }, { channel: EN_CHAT, locale: 'en' }),
  );
  await store(h, 2, [
    article(
      2,
      'port',
      'Port approves 12 new berths',
      'The port authority approved 12 new berths costing $310 million.',
      'en',
    ),
    article(
      2,
      'ferry',
      'Solar ferry launched',
      'The city launched a solar ferry that carries up to 120 passengers.',
      'en',
    ),
  ]);
  await engine.fanOut();
  await engine.drain();
  expect(pub.sent).toEqual([]);
  const r = await router.handle(req('digest now', {}, { channel: EN_CHAT, locale: 'en' }));
  expect(r.text).toBe('A digest with 2 items is on its way.');
  await engine.drain(); // the digest message goes through the outbox like every other
  expect(pub.sent).toHaveLength(1);
  expect(pub.sent[0]?.digests.map((d) => d.headline).sort()).toEqual([
    'Port approves 12 new berths',
    'Solar ferry launched',
  ]);
  const again = await router.handle(req('digest now', {}, { channel: EN_CHAT, locale: 'en', user: 'u2' }));
  expect(again.text).toBe('Nothing new since the last digest.');
});
