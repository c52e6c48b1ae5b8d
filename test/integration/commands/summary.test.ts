/** summary <url> / summary latest, rate limits, digest now and why, through the router with a real store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRouter, RATE_WINDOW_MS } from '../../../src/commands/router.js';
import type { ChannelRef, Digest } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import type { ArticleInput } from '../../../src/store/articles-repo.js';
import { saveRefresh } from '../../../src/store/refresh-write.js';
import { GROUP, type Harness, NOW, req, seedCatalog, startHarness } from './harness.js';

const EN_CHAT: ChannelRef = { platform: 'discord', chatId: '808' };

describe('summary <url>', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ SUMMARY_RATE_PER_USER: '2', SUMMARY_RATE_PER_CHAT: '3' });
  });
  afterEach(async () => h.close());

  it('fetches, extracts and summarizes an article page in the chat’s language', async () => {
    const de = await h.router.handle(req('summary', { target: `${h.site.base}/article-de.html` }));
    expect(de.error).toBeUndefined();
    expect(de.text).toMatch(/^Zusammenfassung: Windpark vor der Küste liefert erstmals Strom/);
    const d = de.digests?.[0] as Digest;
    expect(d.language).toBe('de');
    expect(d.source).toEqual({ name: '127.0.0.1', url: `${h.site.base}/article-de.html` });
    expect(d.sentences.join(' ')).toContain('Windpark Nordsand');
    expect(d.keyFigures.map((f) => f.value)).toEqual(expect.arrayContaining([380_000]));
    const en = await h.router.handle(
      req(
        'summary',
        { target: `${h.site.base}/article-en.html` },
        { channel: EN_CHAT, locale: 'en', user: 'u9' },
      ),
    );
    expect(en.text).toMatch(/^Summary: City opens its first solar-powered ferry/);
    expect(en.digests?.[0]?.language).toBe('en');
    expect(en.digests?.[0]?.keyFigures.map((f) => f.value)).toEqual(expect.arrayContaining([120]));
  });

  it('answers fetch and extraction failures with their codes, localized', async () => {
    const cases = [
      // neither a URL nor "latest": the answer shows what the target can be
      [
        'keine-url',
        'input.invalid_url',
        'Das ist keine gültige http(s)-Adresse.\nAufruf: summary <target> [count]\nBeispiel: summary latest',
      ],
      [`${h.site.base}/gibt-es-nicht`, 'fetch.http_status', 'Der Server antwortete mit HTTP 404.'],
    ] as const;
    for (const [target, code, text] of cases) {
      const r = await h.router.handle(req('summary', { target }, { user: `x-${code}` }));
      expect(r.error?.code).toBe(code);
      expect(r.text).toBe(text);
    }
    // a German Discord client reads the options as its client names them
    const discord = { platform: 'discord' as const, chatId: '5150' };
    const slash = { ...req('summary', { target: '1' }, { channel: discord }), syntax: 'slash' as const };
    expect((await h.router.handle(slash)).text?.split('\n').slice(1)).toEqual([
      'Aufruf: /zusammenfassung ziel: [anzahl:]',
      'Beispiel: /zusammenfassung ziel:latest',
    ]);
    const png = await h.router.handle(req('summary', { target: `${h.site.base}/image.png` }, { user: 'y1' }));
    expect(png.error?.code).toBe('fetch.unsupported_type');
    const meta = await h.router.handle(
      req('summary', { target: 'http://169.254.169.254/latest/meta-data' }, { user: 'y2', channel: EN_CHAT }),
    );
    expect(meta.error?.code).toBe('fetch.blocked_address');
    expect(h.site.hits).toEqual(['/gibt-es-nicht', '/image.png']);
  });

  it('answers a hostile page with the code extraction gives, in German and English', async () => {
    const deep = await h.router.handle(
      req('summary', { target: `${h.site.base}/deep.html` }, { user: 'z1' }),
    );
    expect(deep.error?.code).toBe('extract.too_deep');
    expect(deep.text).toBe('Diese Seite ist zu tief verschachtelt zum Lesen.');
    const pdf = await h.router.handle(
      req('summary', { target: `${h.site.base}/pdf.html` }, { user: 'z2', channel: EN_CHAT, locale: 'en' }),
    );
    expect(pdf.error?.code).toBe('extract.not_html');
    expect(pdf.text).toBe('That page is not an HTML document (binary data such as a PDF or an image).');
  });

  it('limits summaries per user and per chat within ten minutes, other commands unaffected', async () => {
    const target = `${h.site.base}/article-de.html`;
    const code = async (user: string, channel: ChannelRef = GROUP) =>
      (await h.router.handle(req('summary', { target }, { user, channel }))).error?.code;
    expect(await code('anna')).toBeUndefined();
    expect(await code('anna')).toBeUndefined();
    const third = await h.router.handle(req('summary', { target }, { user: 'anna' }));
    expect(third.error?.code).toBe('command.rate_limited');
    expect(third.text).toBe('Nicht so schnell – bitte in 600 s erneut versuchen.');
    // the user limit follows the user into other chats of the platform
    const otherGroup: ChannelRef = { platform: 'telegram', chatId: '-555' };
    expect(await code('anna', otherGroup)).toBe('command.rate_limited');
    expect(await code('ben')).toBeUndefined();
    // the chat has had 3 now
    expect(await code('carla')).toBe('command.rate_limited');
    expect(await code('carla', otherGroup)).toBeUndefined();
    expect((await h.router.handle(req('list', {}, { user: 'carla' }))).error).toBeUndefined();
    h.clock.now += 4 * 60_000;
    const later = await h.router.handle(req('summary', { target }, { user: 'anna' }));
    expect(later.params?.seconds).toBe(360);
    h.clock.now = NOW + RATE_WINDOW_MS + 1;
    expect(await code('anna')).toBeUndefined();
    expect(h.site.hits.length).toBe(5);
  });
});

function article(feedId: number, n: number, text: string, title: string): ArticleInput {
  return {
    id: `a-${feedId}-${n}`,
    feedId,
    url: `https://lindenfeld.example/artikel/${n}?utm_source=rss`,
    canonicalUrl: `https://lindenfeld.example/artikel/${n}`,
    title,
    publishedAt: NOW - n * 3_600_000,
    text,
    language: 'de',
    announce: true,
  };
}

const TEXT_1 =
  'Die Stadtwerke Lindenfeld erhöhen den Strompreis zum 1. Januar um 8 Prozent. Ein Haushalt mit 2.500 Kilowattstunden zahlt damit rund 70 Euro mehr im Jahr. Als Grund nennen die Stadtwerke gestiegene Netzentgelte.';
const TEXT_2 =
  'Der Weihnachtsmarkt auf dem Rathausplatz öffnet am Donnerstag mit 64 Ständen. Erwartet werden bis zu 300.000 Besucher. Neu ist eine Eisbahn vor der Stadtkirche.';

describe('summary latest, digest now, why', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await seedCatalog(h);
    const stored = extractiveSummarizer;
    const pre = await stored.summarize({
      text: TEXT_1,
      title: 'Strom wird teurer',
      lang: 'de',
      targetLang: 'de',
    });
    await saveRefresh(h.ts.store.db, {
      feedId: 1,
      articles: [
        {
          ...article(1, 1, TEXT_1, 'Strom wird teurer'),
          digests: [{ ...pre, headline: 'GESPEICHERT: Strom wird teurer' }],
        },
        article(1, 2, TEXT_2, 'Weihnachtsmarkt öffnet'),
      ],
      state: { nextCheckAt: NOW, health: 'ok', errorCount: 0, lastCheckedAt: NOW },
      now: NOW,
    });
  });
  afterEach(async () => h.close());

  it('shows the newest digests of the chat’s subscriptions, stored ones first-hand, others made on demand', async () => {
    expect((await h.router.handle(req('summary', { target: 'latest' }))).key).toBe('cmd.list.empty');
    await h.router.handle(req('subscribe', { target: 'politik' }));
    const r = await h.router.handle(req('summary', { target: 'latest' }));
    expect(r.text).toBe('Die neuesten 2 Zusammenfassungen deiner Abos:');
    expect(r.digests?.map((d) => d.headline)).toEqual([
      'GESPEICHERT: Strom wird teurer',
      'Weihnachtsmarkt öffnet',
    ]);
    expect(r.digests?.[1]?.source.name).toBe('Stadtanzeiger');
    const one = await h.router.handle(req('summary', { target: 'neueste', count: 1 }));
    expect(one.digests).toHaveLength(1);
    // a chat subscribed only to the English feed has nothing yet
    await h.router.handle(req('subscribe', { target: 'world' }, { channel: EN_CHAT, locale: 'en' }));
    const none = await h.router.handle(req('summary', { target: 'latest' }, { channel: EN_CHAT }));
    expect(none.text).toBe('No articles from your subscriptions yet.');
  });

  it('asks the delivery engine for a digest now, and says when it cannot', async () => {
    expect((await h.router.handle(req('digest now'))).key).toBe('cmd.list.empty');
    await h.router.handle(req('subscribe', { target: 'politik', mode: 'digest' }));
    h.delivery.sent = 4;
    expect((await h.router.handle(req('digest now'))).text).toBe(
      'Eine Zusammenfassung mit 4 Beiträgen ist unterwegs.',
    );
    h.delivery.sent = 0;
    expect((await h.router.handle(req('digest now', {}, { user: 'u2' }))).key).toBe('cmd.digest_now.nothing');
    expect(h.delivery.digestCalls).toEqual([
      { channel: GROUP, locale: 'de' },
      { channel: GROUP, locale: 'de' },
    ]);
    const bare = createCommandRouter({
      store: h.ts.store,
      config: h.config,
      log: silentLogger,
      fetcher: h.fetcher,
      summarizer: extractiveSummarizer,
    });
    const r = await bare.handle(req('digest now', {}, { locale: 'en' }));
    expect(r.error?.code).toBe('command.unavailable');
    expect((await bare.handle(req('why', { url: 'https://lindenfeld.example/artikel/1' }))).error?.code).toBe(
      'command.unavailable',
    );
  });

  it('explains why an article was or was not posted here', async () => {
    h.delivery.whyRecords = [
      {
        subscriptionId: 1,
        title: 'Strom wird teurer',
        status: 'delivered',
        at: Date.UTC(2026, 10, 25, 6, 0),
      },
      { subscriptionId: 2, status: 'skipped', reason: 'filtered(Sport)' },
      { subscriptionId: 3, status: 'failed', errorCode: 'delivery.missing_permissions' },
      { subscriptionId: 4, status: 'skipped', reason: 'paused(delivery.blocked)' },
      { subscriptionId: 5, status: 'failed', reason: 'failed(delivery.chat_not_found)' },
      { subscriptionId: 6, status: 'skipped', reason: 'duplicate(Strompreis steigt — https://b.example/1)' },
      { subscriptionId: 7, status: 'skipped', reason: 'filtered(no include term)' },
      { subscriptionId: 8, status: 'skipped', reason: 'too_old' },
      { subscriptionId: 9, status: 'pending', reason: 'queued' },
      { subscriptionId: 10, status: 'skipped', reason: 'something_new(x)' },
    ];
    const r = await h.router.handle(
      req('why', { url: 'https://Lindenfeld.example/artikel/1?utm_source=rss#top' }),
    );
    expect(h.delivery.whyCalls[0]?.url).toBe('https://lindenfeld.example/artikel/1');
    expect(r.text?.split('\n')).toEqual([
      'Zu „Strom wird teurer“:',
      '#1: gepostet (25. Nov. 2026, 07:00 MEZ)',
      '#2: nicht gepostet — herausgefiltert durch „Sport“',
      '#3: fehlgeschlagen — Dem Bot fehlt die Berechtigung, hier zu posten.',
      '#4: nicht gepostet — pausiert: Der Bot wurde in diesem Chat blockiert.',
      '#5: fehlgeschlagen — Den Chat gibt es nicht mehr oder der Bot wurde entfernt.',
      '#6: nicht gepostet — gleiche Meldung wie Strompreis steigt — https://b.example/1',
      '#7: nicht gepostet — keines der „nur mit“-Wörter kommt vor',
      '#8: nicht gepostet — zu alt',
      '#9: wartet auf Versand',
      '#10: nicht gepostet — something_new(x)',
    ]);
    h.delivery.whyRecords = [];
    expect((await h.router.handle(req('why', { url: 'https://lindenfeld.example/artikel/1' }))).key).toBe(
      'cmd.list.empty',
    );
    await h.router.handle(req('subscribe', { target: 'world' }));
    const known = await h.router.handle(req('why', { url: 'https://lindenfeld.example/artikel/2' }));
    expect(known.text).toContain('Der Bot kennt „Weihnachtsmarkt öffnet“');
    const unknown = await h.router.handle(
      req('why', { url: 'https://lindenfeld.example/artikel/99' }, { locale: 'en' }),
    );
    expect(unknown.key).toBe('cmd.why.unknown_article');
    expect((await h.router.handle(req('why', { url: 'nicht-da' }))).error?.code).toBe('input.invalid_url');
  });
});
