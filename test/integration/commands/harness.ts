/**
 * Test wiring for the command handlers: a loopback site serving our own feed/article/OPML fixtures, a real store
 * (SQLite, or PostgreSQL when asked), the real router with the guarded fetcher and the extractive summarizer,
 * and a small recording fake of the delivery engine's DeliveryControl port.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandRouter, DeliveryControl, WhyRecord } from '../../../src/commands/deps.js';
import { createCommandRouter } from '../../../src/commands/router.js';
import { type Config, configWith, type SettingName } from '../../../src/config/index.js';
import type { ChannelRef, CommandRequest, Lang, OptionValue } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { createFetcher, type Fetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { upsertCatalogFeeds } from '../../../src/store/feeds-repo.js';
import { nestedDivs, pdfBytes } from '../../helpers/hostile.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';

export function fixture(path: string): string {
  return readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
}

export interface Site {
  base: string;
  server: Server;
  /** Paths requested, in order. */
  hits: string[];
}

const ROUTES: Record<string, { file: string; type: string }> = {
  '/feed-de.xml': { file: 'commands/feed-de.xml', type: 'application/rss+xml; charset=utf-8' },
  '/feed-en.xml': { file: 'commands/feed-en.xml', type: 'application/atom+xml; charset=utf-8' },
  '/feed-one.xml': { file: 'commands/feed-one.xml', type: 'application/rss+xml; charset=utf-8' },
  '/article-de.html': { file: 'commands/article-de.html', type: 'text/html; charset=utf-8' },
  '/article-en.html': { file: 'commands/article-en.html', type: 'text/html; charset=utf-8' },
};

export async function startSite(): Promise<Site> {
  const site: Site = { base: '', server: createServer(), hits: [] };
  site.server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    site.hits.push(req.url ?? '');
    const route = ROUTES[path];
    if (route) {
      res.writeHead(200, { 'content-type': route.type });
      res.end(fixture(route.file).replaceAll('{{BASE}}', site.base));
    } else if (path === '/deep.html' || path === '/pdf.html') {
      // hostile pages: 16,000 nested divs, PDF bytes served as text/html
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(path === '/deep.html' ? nestedDivs(16_000) : pdfBytes(20_000));
    } else if (path === '/image.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => site.server.listen(0, '127.0.0.1', () => r()));
  site.base = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
  return site;
}

export async function stopSite(site: Site): Promise<void> {
  site.server.closeAllConnections();
  await new Promise<void>((r) => site.server.close(() => r()));
}

/** Records calls; answers from `whyRecords` and `sent`. */
export class FakeDelivery implements DeliveryControl {
  digestCalls: { channel: ChannelRef; locale: Lang }[] = [];
  whyCalls: { channel: ChannelRef; url: string }[] = [];
  whyRecords: WhyRecord[] = [];
  sent = 0;
  async digestNow(channel: ChannelRef, locale: Lang): Promise<{ sent: number }> {
    this.digestCalls.push({ channel, locale });
    return { sent: this.sent };
  }
  async why(channel: ChannelRef, url: string): Promise<WhyRecord[]> {
    this.whyCalls.push({ channel, url });
    return this.whyRecords;
  }
}

export interface Harness {
  site: Site;
  ts: TestStore;
  config: Config;
  fetcher: Fetcher;
  router: CommandRouter;
  delivery: FakeDelivery;
  clock: { now: number };
  close(): Promise<void>;
}

export const NOW = Date.UTC(2026, 10, 25, 10, 0);

export async function startHarness(
  overrides: Partial<Record<SettingName, string>> = {},
  open: () => Promise<TestStore> = sqliteTestStore,
): Promise<Harness> {
  const site = await startSite();
  const ts = await open();
  const port = new URL(site.base).port;
  const config = configWith({ ALLOW_PRIVATE_HOSTS: '127.0.0.1/32', ALLOW_PORTS: port, ...overrides });
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  const delivery = new FakeDelivery();
  const clock = { now: NOW };
  const router = createCommandRouter({
    store: ts.store,
    config,
    log: silentLogger,
    fetcher,
    summarizer: extractiveSummarizer,
    delivery,
    clock: () => clock.now,
  });
  return {
    site,
    ts,
    config,
    fetcher,
    router,
    delivery,
    clock,
    close: async () => {
      await fetcher.close();
      await stopSite(site);
      await ts.cleanup();
    },
  };
}

/** Two catalog feeds (as the operator's feeds/ folder would give): one German with tags, one English. */
export async function seedCatalog(h: Harness): Promise<void> {
  await upsertCatalogFeeds(
    h.ts.store.db,
    [
      {
        url: `${h.site.base}/feed-de.xml?katalog=1`,
        name: 'Stadtanzeiger',
        language: 'de',
        tags: ['regional', 'politik'],
        intervalMinutes: 10,
        fullText: false,
      },
      {
        url: `${h.site.base}/feed-en.xml?catalog=1`,
        name: 'Harbour Gazette',
        language: 'en',
        tags: ['world'],
        intervalMinutes: 10,
        fullText: false,
      },
    ],
    NOW,
  );
}

export const GROUP: ChannelRef = { platform: 'telegram', chatId: '-100200' };

export interface ReqOpts {
  admin?: boolean;
  /** May manage the channel (Discord Manage Channels) without being an admin. */
  manage?: boolean;
  user?: string;
  locale?: Lang;
  channel?: ChannelRef;
  attachment?: CommandRequest['attachment'];
}

export function req(
  name: string,
  options: Record<string, OptionValue> = {},
  o: ReqOpts = {},
): CommandRequest {
  const channel = o.channel ?? GROUP;
  return {
    name,
    options,
    actor: {
      platform: channel.platform,
      userId: o.user ?? 'u1',
      isAdmin: o.admin ?? true,
      ...(o.manage !== undefined ? { canManage: o.manage } : {}),
    },
    channel,
    locale: o.locale ?? 'de',
    ...(o.attachment ? { attachment: o.attachment } : {}),
  };
}
