/** Admin feed commands and OPML through CommandRequest → CommandResponse, with a loopback site and a real store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/types.js';
import {
  getFeed,
  getFeedByUrl,
  listDueFeeds,
  listFeeds,
  retireCatalogFeeds,
  updateFeedState,
} from '../../../src/store/feeds-repo.js';
import { listChatFeedIds } from '../../../src/store/chat-feeds-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { STORE_KINDS } from '../../helpers/store.js';
import { fixture, GROUP, type Harness, NOW, req, seedCatalog, startHarness } from './harness.js';

const OTHER: ChannelRef = { platform: 'discord', chatId: '31337' };

describe.each(STORE_KINDS)('feeds add / list / status / remove / test on $name', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(
      {
        MAX_FEEDS_PER_CHAT: '2',
        SUMMARY_RATE_PER_USER: '100',
        SUMMARY_RATE_PER_CHAT: '100',
      },
      kind.open,
    );
    await seedCatalog(h);
  });
  afterEach(async () => h.close());

  it('adds a feed after fetching and parsing it once, stores it once per URL and links it per chat', async () => {
    const url = `${h.site.base}/feed-en.xml`;
    const added = await h.router.handle(req('feeds add', { url, tags: 'Hafen, Welt' }));
    expect(added.error).toBeUndefined();
    expect(added.text).toBe(
      'Feed hinzugefügt: Harbour Town Gazette (Feed 3, 2 Beiträge). Abonnieren mit: subscribe 3',
    );
    const feed = await getFeedByUrl(h.ts.store.db, url);
    expect(feed).toMatchObject({
      name: 'Harbour Town Gazette',
      language: 'en',
      origin: 'admin',
      tags: ['hafen', 'welt'],
    });
    expect(h.site.hits).toEqual(['/feed-en.xml']);
    // a second chat adding the same URL gets the stored row, without fetching again
    const again = await h.router.handle(req('feeds add', { url }, { channel: OTHER, locale: 'en' }));
    expect(again.text).toBe('Feed added: Harbour Town Gazette (feed 3). Subscribe with: subscribe 3');
    expect(h.site.hits.length).toBe(1);
    expect((await listFeeds(h.ts.store.db)).filter((f) => f.url === url).length).toBe(1);
    const dup = await h.router.handle(req('feeds add', { url }));
    expect(dup.error?.code).toBe('command.already_exists');
    // the chat's admin feed is now subscribable here by name, but not by chats that did not add it
    expect((await h.router.handle(req('subscribe', { target: 'Harbour Town' }))).key).toBe(
      'cmd.subscribe.ok',
    );
    const elsewhere = { platform: 'telegram', chatId: '1' } as const;
    expect(
      (await h.router.handle(req('subscribe', { target: '3' }, { channel: elsewhere }))).error?.code,
    ).toBe('command.not_found');
  });

  it('a feed the operator removed from the catalog is not offered, and polled again once an admin adds it', async () => {
    const url = `${h.site.base}/feed-de.xml?katalog=1`;
    // the operator's catalog now lists only the English feed
    await retireCatalogFeeds(h.ts.store.db, [`${h.site.base}/feed-en.xml?catalog=1`]);
    expect((await getFeedByUrl(h.ts.store.db, url))?.origin).toBe('retired');
    const sub = await h.router.handle(req('subscribe', { target: 'Stadtanzeiger' }));
    expect(sub.error?.code).toBe('command.not_found');
    const added = await h.router.handle(req('feeds add', { url }));
    expect(added.error).toBeUndefined();
    expect((await getFeedByUrl(h.ts.store.db, url))?.origin).toBe('admin');
    expect((await listDueFeeds(h.ts.store.db, NOW + 3_600_000, 10)).map((f) => f.url)).toContain(url);
    expect((await h.router.handle(req('subscribe', { target: 'Stadtanzeiger' }))).key).toBe(
      'cmd.subscribe.ok',
    );
  });

  it('re-enables a feed the poller disabled once it fetches and parses again', async () => {
    const url = `${h.site.base}/feed-de.xml`;
    await h.router.handle(req('feeds add', { url }));
    const disable = {
      nextCheckAt: NOW + 86_400_000,
      health: 'disabled' as const,
      errorCount: 11,
      lastCheckedAt: NOW,
    };
    await updateFeedState(h.ts.store.db, 3, { ...disable, lastErrorCode: 'fetch.timeout', lastErrorAt: NOW });
    const r = await h.router.handle(req('feeds add', { url }));
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(
      'Feed geprüft und wieder eingeschaltet: Stadtanzeiger Lindenfeld (Feed 3, 2 Beiträge).',
    );
    expect(await getFeed(h.ts.store.db, 3)).toMatchObject({ health: 'ok', errorCount: 0, nextCheckAt: NOW });
    expect(h.site.hits).toEqual(['/feed-de.xml', '/feed-de.xml']);
    // a disabled feed that still fails stays disabled and the admin sees why
    await updateFeedState(h.ts.store.db, 3, disable);
    const broken = await h.router.handle(
      req('feeds add', { url: `${h.site.base}/feed-de.xml` }, { channel: OTHER }),
    );
    expect(broken.error).toBeUndefined(); // it parses: enabled and linked for the other chat too
    await h.ts.store.db
      .updateTable('feeds')
      .set({ url: `${h.site.base}/missing.xml`, health: 'disabled' })
      .where('id', '=', 3)
      .execute();
    const gone = await h.router.handle(req('feeds add', { url: `${h.site.base}/missing.xml` }));
    expect(gone.error?.code).toBe('fetch.http_status');
    expect((await getFeed(h.ts.store.db, 3))?.health).toBe('disabled');
  });

  it('names, languages and tags from the options win over the feed’s own', async () => {
    const r = await h.router.handle(
      req('feeds add', {
        url: `${h.site.base}/feed-de.xml`,
        name: 'Lindenfeld lokal',
        language: 'en',
        tags: 'lokal',
      }),
    );
    expect(r.params).toMatchObject({ name: 'Lindenfeld lokal' });
    expect(await getFeedByUrl(h.ts.store.db, `${h.site.base}/feed-de.xml`)).toMatchObject({
      name: 'Lindenfeld lokal',
      language: 'en',
      tags: ['lokal'],
    });
  });

  it('refuses what is not a feed, unreachable or blocked URLs, bad tags and more feeds than the cap', async () => {
    const cases = [
      [`${h.site.base}/article-de.html`, 'parse.not_a_feed'],
      [`${h.site.base}/missing.xml`, 'fetch.http_status'],
      ['http://10.1.2.3/feed.xml', 'fetch.blocked_address'],
      ['ftp://example.org/feed.xml', 'input.invalid_url'],
      ['kein Link', 'input.invalid_url'],
    ] as const;
    for (const [url, code] of cases) {
      const r = await h.router.handle(req('feeds add', { url }));
      expect(r.error?.code, url).toBe(code);
      expect(r.text).not.toBe(code);
    }
    expect(
      (await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-de.xml`, tags: 'a b' }))).error
        ?.code,
    ).toBe('command.invalid_tags');
    expect((await listFeeds(h.ts.store.db)).length).toBe(2);
    await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-de.xml` }));
    await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-en.xml` }));
    const over = await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-en.xml?third=1` }));
    expect(over.error?.code).toBe('command.limit_reached');
    expect(over.text).toBe('Grenze erreicht (2).');
  });

  it('lists and reports the health of the chat’s feeds', async () => {
    await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-de.xml` }));
    const empty = await h.router.handle(req('feeds list', {}, { channel: OTHER, locale: 'en' }));
    expect(empty.text?.split('\n')).toEqual([
      'Feeds added here (0):',
      'No feeds added here yet. Admins: feeds add <url>',
      'The catalog offers 2 more feeds; subscribe by name or topic.',
    ]);
    const list = await h.router.handle(req('feeds list'));
    expect(list.text?.split('\n')[1]).toBe(
      `Stadtanzeiger Lindenfeld (Feed 3) — ${h.site.base}/feed-de.xml (Deutsch; Themen: –)`,
    );
    await updateFeedState(h.ts.store.db, 3, {
      nextCheckAt: NOW,
      health: 'failing',
      errorCount: 4,
      lastErrorCode: 'fetch.timeout',
      lastErrorAt: Date.UTC(2026, 10, 25, 8, 15),
      lastCheckedAt: NOW,
      lastItemAt: Date.UTC(2026, 10, 24, 21, 5),
    });
    const status = await h.router.handle(req('feeds status', {}, { locale: 'de' }));
    expect(status.text?.split('\n')).toEqual([
      'Zustand der Feeds (1):',
      'Stadtanzeiger Lindenfeld (Feed 3): gestört, letzter Beitrag 24. Nov. 2026, 22:05 MEZ. Letzter Fehler: Der Server hat nicht rechtzeitig geantwortet. (25. Nov. 2026, 09:15 MEZ, 4 Fehler in Folge).',
    ]);
    const one = await h.router.handle(
      req('feeds status', { feed: 'Harbour Gazette' }, { channel: OTHER, locale: 'en' }),
    );
    expect(one.text?.split('\n')[1]).toBe('Harbour Gazette (feed 2): OK, last item never.');
    await updateFeedState(h.ts.store.db, 2, {
      nextCheckAt: NOW,
      health: 'failing',
      errorCount: 1,
      lastErrorCode: 'fetch.http_status',
      lastErrorParams: { status: 503 },
      lastErrorAt: Date.UTC(2026, 10, 25, 8, 15),
      lastCheckedAt: NOW,
    });
    const http = await h.router.handle(
      req('feeds status', { feed: 'Harbour Gazette' }, { channel: OTHER, locale: 'en' }),
    );
    expect(http.text?.split('\n')[1]).toContain('Last error: The server answered with HTTP 503.');
    expect((await h.router.handle(req('feeds status', { feed: 'Nirgendwo' }))).error?.code).toBe(
      'command.not_found',
    );
  });

  it('removes a feed from the chat with its subscriptions, deleting an admin feed nobody uses any more', async () => {
    await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-de.xml` }));
    await h.router.handle(req('feeds add', { url: `${h.site.base}/feed-de.xml` }, { channel: OTHER }));
    await h.router.handle(req('subscribe', { target: '3' }));
    await h.router.handle(req('subscribe', { target: '3' }, { channel: { ...GROUP, threadId: '9' } }));
    const r = await h.router.handle(req('feeds remove', { feed: 'Stadtanzeiger Lindenfeld' }));
    expect(r.text).toBe('Feed entfernt: Stadtanzeiger Lindenfeld (Feed 3); 2 Abos beendet.');
    expect(await listSubscriptions(h.ts.store.db, GROUP)).toEqual([]);
    expect(await listChatFeedIds(h.ts.store.db, 'telegram', GROUP.chatId)).toEqual([]);
    expect(await getFeed(h.ts.store.db, 3)).toBeDefined(); // the other chat still has it
    await h.router.handle(req('feeds remove', { feed: '#3' }, { channel: OTHER }));
    expect(await getFeed(h.ts.store.db, 3)).toBeUndefined();
    // catalog feeds are not the chat's to remove
    expect((await h.router.handle(req('feeds remove', { feed: 'Stadtanzeiger' }))).error?.code).toBe(
      'command.not_found',
    );
    expect(await getFeed(h.ts.store.db, 1)).toBeDefined();
  });

  it('previews the next post of a feed in the chat’s language', async () => {
    const de = await h.router.handle(req('feeds test', { feed: 'Stadtanzeiger' }));
    expect(de.error).toBeUndefined();
    expect(de.text).toBe(
      'Vorschau des nächsten Beitrags von Stadtanzeiger: Stadtrat beschließt neue Buslinien für Lindenfeld',
    );
    const digest = de.digests?.[0];
    expect(digest?.source).toMatchObject({ name: 'Stadtanzeiger', url: `${h.site.base}/artikel/buslinien` });
    expect(digest?.sentences.join(' ')).toContain('Buslinien');
    expect(digest?.keyFigures.map((f) => f.value)).toContain(4.2e6);
    const en = await h.router.handle(
      req('feeds test', { feed: 'harbour' }, { channel: OTHER, locale: 'en' }),
    );
    expect(en.params?.title).toBe('Port authority approves 12 new berths for cargo ships');
    expect(en.digests?.[0]?.language).toBe('en');
  });
});

describe.each(STORE_KINDS)('opml import / export on $name', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ MAX_FEEDS_PER_CHAT: '5' }, kind.open);
  });
  afterEach(async () => h.close());

  const sample = () => ({
    name: 'abos.opml',
    content: fixture('opml/sample.opml').replaceAll('{{BASE}}', h.site.base),
  });

  it('imports the feed outlines, validating each like feeds add, and reports added and failed', async () => {
    const r = await h.router.handle(req('opml import', {}, { attachment: sample() }));
    expect(r.error).toBeUndefined();
    const lines = r.text?.split('\n') ?? [];
    expect(lines[0]).toBe('OPML-Import: 2 hinzugefügt, 0 schon vorhanden, 3 fehlgeschlagen.');
    expect(lines.slice(1)).toEqual([
      `✗ ${h.site.base}/article-de.html: Das ist kein RSS-, Atom- oder JSON-Feed.`,
      `✗ ${h.site.base}/missing.xml: Der Server antwortete mit HTTP 404.`,
      '✗ file:///etc/passwd: Das ist keine gültige http(s)-Adresse.',
    ]);
    const de = await getFeedByUrl(h.ts.store.db, `${h.site.base}/feed-de.xml?ausgabe=nord&format=rss`);
    expect(de).toMatchObject({
      name: 'Stadtanzeiger Lindenfeld',
      language: 'de',
      tags: ['lokales', 'regional'],
    });
    const en = await getFeedByUrl(h.ts.store.db, `${h.site.base}/feed-en.xml`);
    expect(en).toMatchObject({ name: 'Harbour Town Gazette', tags: ['world'] });
    expect(await listChatFeedIds(h.ts.store.db, 'telegram', GROUP.chatId)).toHaveLength(2);
    // importing again adds nothing
    const again = await h.router.handle(req('opml import', {}, { attachment: sample(), locale: 'en' }));
    expect(again.text?.split('\n')[0]).toBe('OPML import: 0 added, 2 already here, 3 failed.');
  });

  it('stops at the per-chat feed cap', async () => {
    const capped = await startHarness({ MAX_FEEDS_PER_CHAT: '1' }, kind.open);
    try {
      const content = fixture('opml/sample.opml').replaceAll('{{BASE}}', capped.site.base);
      const r = await capped.router.handle(
        req('opml import', {}, { attachment: { name: 'a.opml', content } }),
      );
      // the invalid file: URL does not take the one free place; the rest wait for room
      expect(r.params).toEqual({ added: 1, skipped: 0, failed: 4 });
      expect(r.text).toContain('✗ file:///etc/passwd: Das ist keine gültige http(s)-Adresse.');
      expect(r.text).toContain(`✗ ${capped.site.base}/feed-en.xml: Grenze erreicht (1).`);
      expect(await listChatFeedIds(capped.ts.store.db, 'telegram', GROUP.chatId)).toHaveLength(1);
    } finally {
      await capped.close();
    }
  });

  it('fetches a feed once when the file lists it under two spellings of its URL', async () => {
    const upper = h.site.base.replace('http://', 'HTTP://');
    const content = `<opml version="2.0"><body><outline xmlUrl="${h.site.base}/feed-en.xml"/><outline xmlUrl="${upper}/feed-en.xml#neu"/></body></opml>`;
    const r = await h.router.handle(req('opml import', {}, { attachment: { name: 'd.opml', content } }));
    expect(r.params).toEqual({ added: 1, skipped: 0, failed: 0 });
    expect(h.site.hits).toEqual(['/feed-en.xml']);
  });

  it('refuses DTDs and entities, non-OPML files, empty ones and a missing attachment', async () => {
    const cases = [
      [fixture('opml/entity.opml'), 'parse.forbidden_entity'],
      [fixture('opml/not-opml.xml'), 'opml.invalid'],
      ['<opml version="2.0"><body><outline text="Ordner"/></body></opml>', 'opml.empty'],
      ['x'.repeat(1_000_001), 'input.too_large'],
    ] as const;
    for (const [content, code] of cases) {
      const r = await h.router.handle(req('opml import', {}, { attachment: { name: 'f.opml', content } }));
      expect(r.error?.code).toBe(code);
    }
    const missing = await h.router.handle(req('opml import', {}, { locale: 'en' }));
    expect(missing.error?.code).toBe('command.missing_option');
    expect(h.site.hits).toEqual([]);
    expect(await listFeeds(h.ts.store.db)).toEqual([]);
  });

  it('exports a chat’s feeds as OPML that imports into another chat unchanged (round trip)', async () => {
    await seedCatalog(h);
    await h.router.handle(req('opml import', {}, { attachment: sample() }));
    await h.router.handle(req('subscribe', { target: 'Harbour Gazette' }));
    const out = await h.router.handle(req('opml export'));
    expect(out.file).toMatchObject({ name: 'newsdigest-telegram--100200.opml', mime: 'text/x-opml' });
    expect(out.text).toBe('OPML-Datei mit 3 Feeds.');
    const xml = out.file?.content ?? '';
    expect(xml).toContain('xmlUrl="http://127.0.0.1:');
    expect(xml).toContain('feed-de.xml?ausgabe=nord&amp;format=rss');

    const back = await h.router.handle(
      req('opml import', {}, { channel: OTHER, attachment: { name: 'x.opml', content: xml } }),
    );
    expect(back.params).toEqual({ added: 3, skipped: 0, failed: 0 });
    const urls = async (platform: string, chatId: string, extra: number[] = []) => {
      const ids = [...(await listChatFeedIds(h.ts.store.db, platform, chatId)), ...extra];
      return (await Promise.all(ids.map((id) => getFeed(h.ts.store.db, id)))).map((f) => f?.url).sort();
    };
    expect(await urls('discord', OTHER.chatId)).toEqual(await urls('telegram', GROUP.chatId, [2]));
    const none = await h.router.handle(
      req('opml export', {}, { channel: { platform: 'console', chatId: 'c' } }),
    );
    expect(none.file).toBeUndefined();
    expect(none.key).toBe('cmd.feeds_list.empty');
  });
});
