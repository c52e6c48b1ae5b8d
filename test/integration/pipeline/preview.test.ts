/** `feeds test`'s preview reads an item the way the poll then posts it; the page port keeps its own limit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/index.js';
import {
  pageText,
  previewNextPost,
  type RefreshPorts,
  refreshFeed,
  simplePorts,
} from '../../../src/pipeline/refresh/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { addFeed, getFeed, type StoredFeed } from '../../../src/store/feeds-repo.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type FeedItem, longText, loopbackSuite, rss } from './feed-server.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
const rules = { maxItemAgeHours: 24, skipKnown: true, maxItems: undefined };

/** A page whose article text (about 230 characters) is shorter than the teaser below. */
const SHORT_PAGE = `<!doctype html><html><head><title>Kurz</title></head><body><nav>Start</nav><article>
<h1>Rathaus</h1><p>Der Stadtrat hat am Montag die neue Buslinie beschlossen. Sie fährt ab Mai alle zwanzig Minuten
zwischen dem Bahnhof und dem Klinikum.</p><p>Die Kosten von 1,2 Millionen Euro trägt der Landkreis. Fahrgäste zahlen
den üblichen Tarif.</p></article></body></html>`;

/** A teaser (under 600 characters, so the page is read) that is longer than SHORT_PAGE's text. */
const TEASER = [
  'Der Stadtrat von Lindenfeld hat am Montagabend nach langer Debatte eine neue Buslinie beschlossen.',
  'Sie soll ab Mai alle zwanzig Minuten zwischen dem Bahnhof, der Altstadt und dem Klinikum verkehren.',
  'Die Kosten von 1,2 Millionen Euro im Jahr trägt zum größten Teil der Landkreis, den Rest die Stadtwerke.',
  'Fahrgäste zahlen den üblichen Tarif; Schüler fahren mit ihrem Ausweis kostenlos mit.',
].join(' ');

const env = loopbackSuite();

describe('previewNextPost (feeds test)', () => {
  let ts: TestStore;
  let ports: RefreshPorts;
  beforeEach(async () => {
    ts = await sqliteTestStore();
    ports = simplePorts({
      db: ts.store.db,
      fetcher: env.fetcher,
      summarizer: extractiveSummarizer,
      log: silentLogger,
      now: () => NOW,
    });
  });
  afterEach(async () => ts.cleanup());

  const old: FeedItem = {
    guid: 'p-0',
    link: 'https://example.org/p-0',
    title: 'Kreistag tagt',
    date: NOW - 2 * HOUR,
    content: longText('den Haushalt', 1),
  };

  async function teaserFeed(path: string, page: string): Promise<{ feed: StoredFeed; item: FeedItem }> {
    const item: FeedItem = {
      guid: `${path}-1`,
      link: env.server.url(`${path}/artikel`),
      title: 'Neue Buslinie beschlossen',
      date: NOW - HOUR,
      description: TEASER,
    };
    env.server.set(`${path}/artikel`, { body: page, contentType: 'text/html; charset=utf-8' });
    env.server.set(`${path}.xml`, { body: rss('Stadtanzeiger', [old]) });
    const { feed } = await addFeed(
      ts.store.db,
      {
        url: env.server.url(`${path}.xml`),
        name: 'Stadtanzeiger',
        language: 'de',
        tags: [],
        intervalMinutes: 10,
        fullText: true,
      },
      NOW,
    );
    await refreshFeed(feed, ports, rules); // the first poll, stored silently
    env.server.set(`${path}.xml`, { body: rss('Stadtanzeiger', [item, old]) });
    return { feed: (await getFeed(ts.store.db, feed.id)) as StoredFeed, item };
  }

  it('keeps the teaser when the page text is shorter, as the poll does', async () => {
    const { feed } = await teaserFeed('/short', SHORT_PAGE);
    const preview = await previewNextPost(feed, { ...ports, pages: pageText(env.fetcher) }, 'de');
    expect(env.server.requests.some((r) => r.path === '/short/artikel')).toBe(true);
    const polled = await refreshFeed(feed, ports, rules);
    const posted = polled.announced[0];
    expect(posted?.text).toBe(TEASER);
    expect(preview?.title).toBe(posted?.title);
    expect(preview?.digest.headline).toBe(posted?.digest?.headline);
    expect(preview?.digest.sentences).toEqual(posted?.digest?.sentences);
    // the poll's digest sentences come from the teaser, not from the page
    expect(preview?.digest.sentences.join(' ')).toContain('Montagabend');
  });

  it('uses the page text when it is longer, as the poll does', async () => {
    const long = `<!doctype html><html><body><article><h1>Buslinie</h1>${[1, 2, 3]
      .map((n) => `<p>${longText(`die Buslinie ${n}`, n)}</p>`)
      .join('')}</article></body></html>`;
    const { feed } = await teaserFeed('/long', long);
    const preview = await previewNextPost(feed, { ...ports, pages: pageText(env.fetcher) }, 'de');
    const posted = (await refreshFeed(feed, ports, rules)).announced[0];
    expect(posted?.text.length).toBeGreaterThan(TEASER.length);
    expect(preview?.digest.sentences).toEqual(posted?.digest?.sentences);
    expect(preview?.digest.sentences.join(' ')).toContain('Buslinie');
  });

  it('says when the feed has no items', async () => {
    env.server.set('/empty.xml', { body: rss('Leer', []) });
    const { feed } = await addFeed(
      ts.store.db,
      {
        url: env.server.url('/empty.xml'),
        name: 'Leer',
        language: 'de',
        tags: [],
        intervalMinutes: 10,
        fullText: true,
      },
      NOW,
    );
    expect(await previewNextPost(feed, { ...ports, pages: pageText(env.fetcher) }, 'de')).toBeUndefined();
  });
});

describe('pageText', () => {
  it('reads at most `concurrency` pages of one call at a time, each with its result', async () => {
    for (let i = 0; i < 5; i++)
      env.server.set(`/slow/${i}`, { body: SHORT_PAGE, contentType: 'text/html', delayMs: 150 });
    env.server.set('/slow/missing', { body: 'gone', status: 404 });
    env.server.maxActive = 0;
    const urls = [0, 1, 2, 3, 4].map((i) => env.server.url(`/slow/${i}`));
    const pages = await pageText(env.fetcher, 2).read([...urls, env.server.url('/slow/missing')]);
    expect(env.server.maxActive).toBe(2);
    for (const u of urls) expect(pages.get(u)).toMatchObject({ ok: true, page: { url: u } });
    expect(pages.get(env.server.url('/slow/missing'))).toMatchObject({
      ok: false,
      error: { code: 'fetch.http_status' },
    });
  });
});
