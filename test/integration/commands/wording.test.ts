/**
 * Wording and budgets through the real router and store: plural forms in both languages, feed ids ("feed 3")
 * told apart from subscription numbers ("#3"), unambiguous dates, the invalid-pattern message, "settings"
 * without subscriptions, and separate rate budgets for reading and configuring.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/types.js';
import { saveRefresh } from '../../../src/store/refresh-write.js';
import { type Harness, NOW, req, seedCatalog, startHarness } from './harness.js';

const EN: ChannelRef = { platform: 'discord', chatId: '4242' };
const DE: ChannelRef = { platform: 'telegram', chatId: '-4343' };
const en = { channel: EN, locale: 'en' as const };
const de = { channel: DE, locale: 'de' as const };

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    SUMMARY_RATE_PER_USER: '2',
    SUMMARY_RATE_PER_CHAT: '20',
    CONFIGURE_RATE_PER_USER: '2',
    CONFIGURE_RATE_PER_CHAT: '20',
  });
  await seedCatalog(h);
});
afterEach(async () => h.close());

describe('wording', () => {
  it('counts in singular and plural, and writes feed ids apart from subscription numbers', async () => {
    const add = await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-one.xml` }, en));
    expect(add.text).toBe('Feed added: Riverside Weekly (feed 3, 1 item). Subscribe with: subscribe 3');
    const sub = await h.router.handle(req('subscribe', { target: '3' }, en));
    expect(sub.text).toBe('Subscribed to Riverside Weekly (feed 3) as #1: instant, in English.');
    const list = await h.router.handle(req('list', {}, en));
    expect(list.text?.split('\n')).toEqual([
      'Subscriptions here (1):',
      '#1 Riverside Weekly (feed 3) — instant, English',
    ]);
    const gone = await h.router.handle(req('unsubscribe', { target: '#1' }, en));
    expect(gone.text).toBe('Subscription #1 ended: Riverside Weekly (feed 3).');
    const addDe = await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-one.xml` }, de));
    expect(addDe.text).toBe('Feed hinzugefügt: Riverside Weekly (Feed 3). Abonnieren mit: subscribe 3');
    await h.router.handle(req('subscribe', { target: 'Riverside' }, de));
    const removed = await h.router.handle(req('feeds remove', { feed: '3' }, de));
    expect(removed.text).toBe('Feed entfernt: Riverside Weekly (Feed 3); 1 Abo beendet.');
    h.delivery.sent = 1;
    await h.router.handle(req('subscribe', { target: 'politik' }, de));
    expect((await h.router.handle(req('digest now', {}, de))).text).toBe(
      'Eine Zusammenfassung mit 1 Beitrag ist unterwegs.',
    );
    h.delivery.sent = 2;
    expect((await h.router.handle(req('digest now', {}, { ...de, user: 'u2' }))).text).toBe(
      'Eine Zusammenfassung mit 2 Beiträgen ist unterwegs.',
    );
  });

  it('heads a single latest digest in the singular', async () => {
    await saveRefresh(h.ts.store.db, {
      feedId: 1,
      articles: [
        {
          id: 'w-1',
          feedId: 1,
          url: 'https://lindenfeld.example/artikel/w1',
          canonicalUrl: 'https://lindenfeld.example/artikel/w1',
          title: 'Stadtrat beschließt neue Buslinien',
          publishedAt: NOW - 3_600_000,
          text: 'Der Stadtrat hat mit 31 zu 12 Stimmen drei neue Buslinien beschlossen. Sie kosten 4,2 Millionen Euro.',
          language: 'de',
          announce: true,
        },
      ],
      state: { nextCheckAt: NOW, health: 'ok', errorCount: 0, lastCheckedAt: NOW },
      now: NOW,
    });
    await h.router.handle(req('subscribe', { target: '1' }, de));
    const r = await h.router.handle(req('summary', { target: 'latest', count: 3 }, de));
    expect(r.text).toBe('Die neueste Zusammenfassung deiner Abos:');
    expect(r.digests).toHaveLength(1);
  });

  it('confirms a language change with no subscriptions, and names a bad pattern without internals', async () => {
    const r = await h.router.handle(req('settings', { language: 'en' }, de));
    expect(r.text).toBe('Chat language saved: English.');
    await h.router.handle(req('subscribe', { target: 'politik' }, de));
    const bad = await h.router.handle(req('settings', { regex: '(Bahn|Streik' }, de));
    expect(bad.error?.code).toBe('command.invalid_regex');
    expect(bad.text).toBe('Invalid pattern “(Bahn|Streik”: missing closing ).');
    expect(bad.text).not.toContain('(?i)');
  });

  it('writes dates unambiguously, with the month as a word and the timezone', async () => {
    h.delivery.whyRecords = [{ subscriptionId: 1, status: 'delivered', at: Date.UTC(2026, 11, 6, 4, 13) }];
    await h.router.handle(req('subscribe', { target: 'politik' }, en));
    const r = await h.router.handle(req('why', { url: 'https://lindenfeld.example/artikel/1' }, en));
    expect(r.text?.split('\n')[1]).toBe('#1: posted (6 Dec 2026, 05:13 CET)');
  });
});

describe('rate budgets', () => {
  it('keeps reading and configuring apart: summaries do not use up an admin’s feeds add', async () => {
    await h.router.handle(req('subscribe', { target: 'politik' }, de));
    for (let n = 0; n < 2; n += 1)
      expect((await h.router.handle(req('summary', { target: 'latest' }, de))).error).toBeUndefined();
    expect((await h.router.handle(req('summary', { target: 'latest' }, de))).error?.code).toBe(
      'command.rate_limited',
    );
    const add = await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-one.xml` }, de));
    expect(add.error).toBeUndefined();
    expect(add.key).toBe('cmd.feeds_add.ok');
    expect((await h.router.handle(req('feeds test', { feed: '3' }, de))).error).toBeUndefined();
    // configuring has its own limit too, and using it up leaves reading where it was
    const third = await h.router.handle(req('feeds test', { feed: '3' }, de));
    expect(third.error?.code).toBe('command.rate_limited');
    h.clock.now += 10 * 60_000 + 1;
    expect((await h.router.handle(req('summary', { target: 'latest' }, de))).error).toBeUndefined();
  });
});
