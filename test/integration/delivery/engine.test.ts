import { afterEach, describe, expect, it } from 'vitest';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import { configWith } from '../../../src/config/index.js';
import { createDeliveryEngine } from '../../../src/delivery/engine.js';
import { digestMissed, setDigestDue } from '../../../src/store/digest-runs-repo.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { scriptedPublisher } from '../fakes/publisher-fake.js';
import { decisions, harness } from './harness.js';
import { seedArticles, seedFeed, seedSubscription } from './seed.js';

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

const VW_DE = {
  id: 'vw-de',
  title: 'Volkswagen streicht bis 2030 rund 35.000 Stellen in Deutschland',
  text: 'Der Autokonzern Volkswagen will in Deutschland bis 2030 rund 35.000 Arbeitsplätze abbauen. Das teilte der Betriebsrat in Wolfsburg mit.',
};
const VW_EN = {
  id: 'vw-en',
  title: 'Volkswagen to cut 35,000 jobs in Germany by 2030',
  text: 'Volkswagen plans to cut around 35,000 jobs in Germany by 2030, the works council said in Wolfsburg.',
  language: 'en' as const,
};
const FOOTBALL = {
  id: 'fb',
  title: 'Bayern gewinnt das Spitzenspiel gegen Dortmund',
  text: 'Im Fußball-Spitzenspiel setzte sich der FC Bayern mit 3:1 gegen Borussia Dortmund durch.',
};
const RAIL = {
  id: 'rail',
  title: 'Bahn erhöht die Preise im Fernverkehr um 4,9 Prozent',
  text: 'Die Deutsche Bahn erhöht zum Fahrplanwechsel die Preise im Fernverkehr um durchschnittlich 4,9 Prozent.',
};

describe.each(STORE_KINDS)('delivery engine on $name', ({ open }) => {
  let ts: TestStore;
  afterEach(async () => {
    await ts?.cleanup();
  });

  it('delivers each new article once to every matching chat, and never again', async () => {
    ts = await open();
    const h = harness(ts);
    const feed = await seedFeed(ts.store, { url: 'https://a.example/rss', name: 'Tagesblatt' }, NOW);
    await seedSubscription(ts.store, { chatId: '100', feedId: feed }, NOW);
    await seedSubscription(ts.store, { chatId: '200', feedId: feed }, NOW);
    await seedArticles(ts.store, feed, [RAIL, FOOTBALL], NOW);

    expect(await h.engine.fanOut()).toEqual({ articles: 2, pending: 4 });
    const r = await h.engine.drain();
    expect(r).toEqual({ started: 4, remaining: 0 });
    expect(h.pub.delivered.map((c) => `${c.chatId}:${c.headlines[0]}`).sort()).toEqual(
      [`100:${RAIL.title}`, `100:${FOOTBALL.title}`, `200:${RAIL.title}`, `200:${FOOTBALL.title}`].sort(),
    );
    expect((await decisions(ts)).every((d) => d.status === 'delivered' && d.reason === 'delivered')).toBe(
      true,
    );
    // a second pass finds nothing to do
    expect(await h.engine.fanOut()).toEqual({ articles: 0, pending: 0 });
    expect((await h.engine.drain()).started).toBe(0);
    expect(h.pub.calls).toHaveLength(4);
  });

  it('records filtered, too old and paused decisions, and explains them with why()', async () => {
    ts = await open();
    const h = harness(ts);
    const feed = await seedFeed(ts.store, { url: 'https://a.example/rss', name: 'Tagesblatt' }, NOW);
    await seedSubscription(
      ts.store,
      { chatId: '1', feedId: feed, filters: { include: [], exclude: ['fußball'] } },
      NOW,
    );
    const paused = await seedSubscription(ts.store, { chatId: '2', feedId: feed }, NOW);
    await ts.store.db
      .updateTable('subscriptions')
      .set({ paused_reason: 'delivery.blocked' })
      .where('id', '=', paused.id)
      .execute();
    const old = {
      id: 'old',
      title: 'Alte Meldung zur Bahn',
      text: 'Eine alte Meldung.',
      publishedAt: NOW - 3 * 86_400_000,
    };
    await seedArticles(ts.store, feed, [FOOTBALL, RAIL, old], NOW);

    await h.engine.fanOut();
    await h.engine.drain();
    const byChat1 = (await decisions(ts)).filter((d) => d.chat === '1');
    expect(byChat1).toEqual([
      { article: 'fb', chat: '1', status: 'skipped', reason: 'filtered(fußball)' },
      { article: 'rail', chat: '1', status: 'delivered', reason: 'delivered' },
      { article: 'old', chat: '1', status: 'skipped', reason: 'too_old' },
    ]);
    // a paused subscription holds what it would have posted (until a resume); too old stays too old
    expect((await decisions(ts)).filter((d) => d.chat === '2').map((d) => [d.status, d.reason])).toEqual([
      ['pending', 'held(delivery.blocked)'],
      ['pending', 'held(delivery.blocked)'],
      ['skipped', 'too_old'],
    ]);
    expect(h.pub.delivered.map((c) => c.chatId)).toEqual(['1']);

    const why = await h.engine.why(
      { platform: 'telegram', chatId: '1' },
      `https://news.example/${feed}/fb?utm_source=x#top`,
    );
    expect(why).toHaveLength(1);
    expect(why[0]).toMatchObject({ status: 'skipped', reason: 'filtered(fußball)', title: FOOTBALL.title });
    expect(await h.engine.why({ platform: 'telegram', chatId: '1' }, 'https://elsewhere.example/x')).toEqual(
      [],
    );
  });

  it('posts a story reported by a German and an English outlet once, listing the other source', async () => {
    ts = await open();
    const h = harness(ts);
    const de = await seedFeed(
      ts.store,
      { url: 'https://de.example/rss', name: 'Wirtschaftsblatt', tags: ['wirtschaft'] },
      NOW,
    );
    const en = await seedFeed(
      ts.store,
      { url: 'https://en.example/rss', name: 'Business Daily', language: 'en', tags: ['wirtschaft'] },
      NOW,
    );
    // the chat follows the tag AND the German feed directly: still one post per story
    await seedSubscription(ts.store, { chatId: '7', tag: 'wirtschaft' }, NOW);
    await seedSubscription(ts.store, { chatId: '7', feedId: de }, NOW);
    await seedArticles(ts.store, de, [VW_DE, RAIL], NOW);
    await seedArticles(ts.store, en, [VW_EN], NOW);

    await h.engine.fanOut();
    // the fan-out is done before anything is sent: the duplicate is decided while the first is still pending
    await h.engine.drain();
    expect(h.pub.delivered.map((c) => c.headlines[0])).toEqual([VW_DE.title, RAIL.title]);
    const first = h.pub.delivered[0]?.message;
    expect(first?.alsoReportedBy?.[0]).toEqual([
      { name: 'Business Daily', url: `https://news.example/${en}/vw-en` },
    ]);
    const d = await decisions(ts);
    expect(d.filter((x) => x.status === 'delivered')).toHaveLength(2);
    expect(d.filter((x) => x.reason.startsWith('duplicate('))).toHaveLength(3);
    const why = await h.engine.why({ platform: 'telegram', chatId: '7' }, `https://news.example/${en}/vw-en`);
    expect(why[0]?.reason).toBe(`duplicate(${VW_DE.title} — https://news.example/${de}/vw-de)`);
  });

  it('asks the summarizer for the subscription language when no stored digest has it', async () => {
    ts = await open();
    const h = harness(ts);
    const feed = await seedFeed(ts.store, { url: 'https://a.example/rss', name: 'Tagesblatt' }, NOW);
    await seedSubscription(ts.store, { chatId: 'en-chat', feedId: feed, language: 'en' }, NOW);
    await seedSubscription(ts.store, { chatId: 'de-chat', feedId: feed, language: 'de' }, NOW);
    await seedArticles(ts.store, feed, [RAIL], NOW);
    await h.engine.fanOut();
    await h.engine.drain();
    expect(h.summarizeCalls).toHaveLength(1);
    expect(h.summarizeCalls[0]).toMatchObject({ targetLang: 'en', lang: 'de', title: RAIL.title });
    const en = h.pub.delivered.find((c) => c.chatId === 'en-chat')?.message;
    expect(en?.digests[0]?.requestedLanguage ?? 'en').toBe('en');
    expect(en?.digests[0]?.source.name).toBe('Tagesblatt');
    expect(en?.locale).toBe('en');
  });

  it('sends a scheduled digest that came due while the bot was down once at start, not again at the next', async () => {
    ts = await open();
    // start() runs the real background loop, so this engine uses the system clock
    const engine = createDeliveryEngine({
      store: ts.store,
      config: configWith({ DELIVERY_CONCURRENCY: '1', LOG_LEVEL: 'silent' }),
      log: silentLogger,
      summarizer: extractiveSummarizer,
    });
    const pub = scriptedPublisher({ platform: 'telegram', now: Date.now });
    engine.registerPublisher(pub);
    const now = Date.now();
    const feed = await seedFeed(
      ts.store,
      { url: 'https://de.example/rss', name: 'Tagesblatt', tags: ['bahn'] },
      now,
    );
    const subscription = await seedSubscription(ts.store, { chatId: '11', tag: 'bahn', mode: 'digest' }, now);
    await seedArticles(ts.store, feed, [RAIL], now);
    await engine.fanOut();
    // the 07:00 digest was due an hour ago, while nothing ran
    await setDigestDue(ts.store.db, [subscription.id], now - 3_600_000);
    expect(await digestMissed(ts.store.db, [subscription.id], Date.now())).toBe(true);
    const startAndSettle = async () => {
      await engine.start();
      for (let i = 0; i < 100 && (await engine.drain({ maxRounds: 1 })).remaining > 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      await engine.stop();
    };
    await startAndSettle();
    expect(pub.delivered).toHaveLength(1);
    expect(pub.delivered[0]?.message.digests.map((d) => d.headline)).toEqual([RAIL.title]);
    // the run is recorded and the next due time lies ahead: a second start sends nothing
    expect(await digestMissed(ts.store.db, [subscription.id], Date.now())).toBe(false);
    await seedArticles(ts.store, feed, [FOOTBALL], Date.now());
    await engine.fanOut();
    await startAndSettle();
    expect(pub.delivered).toHaveLength(1);
  });

  it('collects digest-mode items into one ranked message; extra items are recorded, not lost', async () => {
    ts = await open();
    const h = harness(ts);
    const de = await seedFeed(
      ts.store,
      { url: 'https://de.example/rss', name: 'Wirtschaftsblatt', tags: ['wirtschaft'] },
      NOW,
    );
    const en = await seedFeed(
      ts.store,
      { url: 'https://en.example/rss', name: 'Business Daily', language: 'en', tags: ['wirtschaft'] },
      NOW,
    );
    await seedSubscription(ts.store, { chatId: '9', tag: 'wirtschaft', mode: 'digest', maxItems: 2 }, NOW);
    await seedArticles(
      ts.store,
      de,
      [
        { ...RAIL, publishedAt: NOW + 3000 },
        { ...VW_DE, publishedAt: NOW + 1000 },
        { ...FOOTBALL, publishedAt: NOW + 2000 },
      ],
      NOW,
    );
    await seedArticles(ts.store, en, [{ ...VW_EN, publishedAt: NOW + 1500 }], NOW);
    await h.engine.fanOut();
    expect((await h.engine.drain()).started).toBe(0); // queued for the digest, nothing sent yet
    h.clock.advance(10_000);

    expect(await h.engine.digestNow({ platform: 'telegram', chatId: '9' }, 'de')).toEqual({ sent: 2 });
    await h.engine.drain();
    expect(h.pub.delivered).toHaveLength(1);
    const m = h.pub.delivered[0]?.message;
    // the story with two outlets first, then the newest
    expect(m?.digests.map((d) => d.headline)).toEqual([VW_DE.title, RAIL.title]);
    expect(m?.title).toBe('Deine Nachrichten im Überblick');
    const d = await decisions(ts);
    expect(d.find((x) => x.article === 'fb')).toMatchObject({
      status: 'skipped',
      reason: 'not_selected(max 2)',
    });
    expect(d.find((x) => x.article === 'vw-en')?.reason).toMatch(/^duplicate\(/);
    expect(await h.engine.digestNow({ platform: 'telegram', chatId: '9' }, 'de')).toEqual({ sent: 0 });
  });
});
