/**
 * Test wiring for the Discord adapter: the fake Discord, a loopback site serving our own article/feed fixtures,
 * a real SQLite store, the real command router (guarded fetcher + extractive summarizer) and startDiscord.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCommandRouter } from '../../../src/commands/router.js';
import type { DeliveryControl } from '../../../src/commands/deps.js';
import { type Config, configWith, type SettingName } from '../../../src/config/index.js';
import { createChatDirectory } from '../../../src/delivery/chat-directory.js';
import { createLogger, type Logger } from '../../../src/log/index.js';
import { createFetcher, type Fetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { startDiscord } from '../../../src/platforms/discord/index.js';
import type { PlatformHandle } from '../../../src/platforms/types.js';
import type { Store } from '../../../src/store/db.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type DiscordFake, startDiscordFake } from '../fakes/discord-fake.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/discord/${name}`, import.meta.url), 'utf8');

/** A loopback site: /artikel/solarpark (HTML), /feed.xml (RSS, items link back here). */
export interface Site {
  base: string;
  port: number;
  server: Server;
  hits: string[];
  /** Serve the breaking-news item (fixtures/discord/breaking-item.xml) in the feed from now on. */
  breaking: boolean;
  /** Also serve the two items of fixtures/discord/more-items.xml. */
  more: boolean;
}

function extraItems(site: Site): string {
  return (site.more ? fixture('more-items.xml') : '') + (site.breaking ? fixture('breaking-item.xml') : '');
}

export async function startSite(): Promise<Site> {
  const hits: string[] = [];
  const site = { base: '', port: 0, hits, breaking: false, more: false } as Site;
  site.server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/feed.xml') {
      const xml = fixture('feed.xml')
        .replace('{{EXTRA}}', extraItems(site))
        .replaceAll('{{BASE}}', site.base)
        .replaceAll('{{PUBDATE}}', new Date(Date.now() - 60_000).toUTCString());
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(xml);
    } else if (req.url?.startsWith('/artikel/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fixture('article-de.html'));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => site.server.listen(0, '127.0.0.1', r));
  site.port = (site.server.address() as AddressInfo).port;
  site.base = `http://127.0.0.1:${site.port}`;
  return site;
}

export interface Harness {
  fake: DiscordFake;
  site: Site;
  db: TestStore;
  config: Config;
  log: Logger;
  logLines: string[];
  handle: PlatformHandle;
  fetcher: Fetcher;
  close(): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<Record<SettingName, string>>;
  /** Build the delivery side (DeliveryControl for the commands) once store, config and log exist. */
  delivery?: (deps: { store: Store; config: Config; log: Logger }) => DeliveryControl;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await startDiscordFake();
  const site = await startSite();
  const db = await sqliteTestStore();
  const config = configWith({
    DISCORD_TOKEN: 'fake-bot-token-for-tests',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.guildId,
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    ALLOW_PORTS: String(site.port),
    DISCORD_RATE_LIMIT_MAX_WAIT_MS: '2000',
    LOG_LEVEL: 'debug',
    ...opts.settings,
  });
  const logLines: string[] = [];
  const log = createLogger({
    level: 'debug',
    secrets: [config.DISCORD_TOKEN ?? ''],
    write: (l) => logLines.push(l),
  });
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  const delivery = opts.delivery?.({ store: db.store, config, log });
  const router = createCommandRouter({
    store: db.store,
    config,
    log,
    fetcher,
    summarizer: extractiveSummarizer,
    delivery,
  });
  const handle = await startDiscord({ config, log, router, chats: createChatDirectory(db.store.db) });
  return {
    fake,
    site,
    db,
    config,
    log,
    logLines,
    handle,
    fetcher,
    close: async () => {
      await handle.stop();
      await fake.close();
      await new Promise<void>((r) => site.server.close(() => r()));
      await db.cleanup();
    },
  };
}
