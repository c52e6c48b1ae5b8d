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
import { createLogger, type Logger } from '../../../src/log/index.js';
import { createFetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { startDiscord } from '../../../src/platforms/discord/index.js';
import type { PlatformHandle } from '../../../src/platforms/types.js';
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
}

export async function startSite(): Promise<Site> {
  const hits: string[] = [];
  const site = { base: '', port: 0, hits } as Site;
  site.server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/feed.xml') {
      const xml = fixture('feed.xml')
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
  close(): Promise<void>;
}

export async function startHarness(
  opts: { settings?: Partial<Record<SettingName, string>>; delivery?: DeliveryControl } = {},
): Promise<Harness> {
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
  const router = createCommandRouter({
    store: db.store,
    config,
    log,
    fetcher,
    summarizer: extractiveSummarizer,
    delivery: opts.delivery,
  });
  const handle = await startDiscord({ config, log, router, store: db.store });
  return {
    fake,
    site,
    db,
    config,
    log,
    logLines,
    handle,
    close: async () => {
      await handle.stop();
      await fake.close();
      await new Promise<void>((r) => site.server.close(() => r()));
      await db.cleanup();
    },
  };
}
